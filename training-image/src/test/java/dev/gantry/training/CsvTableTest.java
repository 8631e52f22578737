package dev.gantry.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class CsvTableTest {

  private static CsvTable read(String text) throws IOException {
    return CsvTable.read(new StringReader(text));
  }

  @Test
  void quotedFieldsMayHoldCommasQuotesAndNewlines() throws IOException {
    CsvTable t = read("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\",2\n");

    assertThat(t.header()).containsExactly("a", "b");
    assertThat(t.rows().get(0)).containsExactly("x, y", "say \"hi\"");
    assertThat(t.rows().get(1)).containsExactly("multi\nline", "2");
    assertThat(t.lineNumbers()).containsExactly(2, 3);
  }

  @Test
  void blankLinesAndAByteOrderMarkAreIgnored() throws IOException {
    CsvTable t = read("\uFEFFa,b\n\n1,2\n\n3,4");

    assertThat(t.header()).containsExactly("a", "b");
    assertThat(t.rows()).hasSize(2);
    assertThat(t.lineNumbers()).containsExactly(3, 5);
  }

  @Test
  void duplicateOrEmptyHeaderNamesAreRejected() {
    assertThatThrownBy(() -> read("a,a\n1,2\n")).hasMessage("header names column 'a' twice");
    assertThatThrownBy(() -> read("a,\n1,2\n")).hasMessage("header column 2 has no name");
  }

  @Test
  void unclosedQuoteIsRejectedWithItsLine() {
    assertThatThrownBy(() -> read("a,b\n1,2\n\"3,4\n"))
        .isInstanceOf(BadInputException.class)
        .hasMessage("line 3 has a quoted field that is never closed");
  }

  /**
   * Found by CsvTableFuzzTest: in a one-column file a row holding a quoted empty value was taken
   * for a blank line and dropped.
   */
  @Test
  void aQuotedEmptyValueIsARowNotABlankLine() throws IOException {
    CsvTable t = read("label\n\"\"\n\nx\n");

    assertThat(t.rows()).hasSize(2);
    assertThat(t.rows().get(0)).containsExactly("");
    assertThat(t.rows().get(1)).containsExactly("x");
    assertThat(t.lineNumbers()).containsExactly(2, 4);
  }
}
