package dev.gantry.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/**
 * Fuzzes the dataset reader: any text is read or refused as bad input (never another exception),
 * and a table written with RFC 4180 quoting reads back cell for cell.
 */
class CsvTableFuzzTest {

  @Property(tries = 1000)
  void anyTextIsReadOrRefusedAsBadInput(
      @ForAll
          @StringLength(max = 200)
          @Chars({',', '"', '\n', '\r', ' ', 'a', '1', '\uFEFF'})
          @CharRange(from = 'a', to = 'c')
          String text)
      throws IOException {
    try {
      CsvTable t = CsvTable.read(new StringReader(text));
      assertThat(t.rows()).isNotEmpty();
      assertThat(t.lineNumbers()).hasSameSizeAs(t.rows());
      for (String[] row : t.rows()) {
        assertThat(row).hasSameSizeAs(t.header());
      }
    } catch (BadInputException e) {
      assertThat(e.reason()).isEqualTo(CsvTable.REASON);
    }
  }

  @Property(tries = 1000)
  void aQuotedTableReadsBackCellForCell(
      @ForAll("tables") List<List<String>> table, @ForAll boolean crlf) throws IOException {
    String newline = crlf ? "\r\n" : "\n";
    StringBuilder csv = new StringBuilder();
    for (List<String> row : table) {
      for (int c = 0; c < row.size(); c++) {
        csv.append(c == 0 ? "" : ",").append(quoted(row.get(c)));
      }
      csv.append(newline);
    }
    CsvTable t = CsvTable.read(new StringReader(csv.toString()));
    assertThat(t.header()).containsExactlyElementsOf(table.get(0));
    assertThat(t.rows()).hasSize(table.size() - 1);
    for (int r = 1; r < table.size(); r++) {
      assertThat(t.rows().get(r - 1)).containsExactlyElementsOf(table.get(r));
    }
  }

  /**
   * Where RFC 4180 needs quotes, plus a blank cell alone on its line (unquoted it is a blank line,
   * which the reader skips).
   */
  private static boolean needsQuotes(String cell, int width) {
    return cell.contains(",")
        || cell.contains("\"")
        || cell.contains("\n")
        || cell.contains("\r")
        || (width == 1 && cell.isBlank());
  }

  /** RFC 4180: the cell quoted, quotes doubled. */
  private static String quoted(String cell) {
    return "\"" + cell.replace("\"", "\"\"") + "\"";
  }

  /** A header of 1-4 distinct names and 1-5 rows of cells of any of the tricky characters. */
  @Provide
  Arbitrary<List<List<String>>> tables() {
    Arbitrary<String> names =
        Arbitraries.strings().withChars("abcxyz_").ofMinLength(1).ofMaxLength(4);
    Arbitrary<String> cells = Arbitraries.strings().withChars("a1 ,\"\n\r\t-.").ofMaxLength(6);
    return names
        .list()
        .uniqueElements()
        .ofMinSize(1)
        .ofMaxSize(4)
        .flatMap(
            header ->
                cells
                    .list()
                    .ofSize(header.size())
                    .list()
                    .ofMinSize(1)
                    .ofMaxSize(5)
                    .map(
                        rows -> {
                          List<List<String>> table = new ArrayList<>();
                          table.add(header);
                          table.addAll(rows);
                          return table;
                        }));
  }
}
