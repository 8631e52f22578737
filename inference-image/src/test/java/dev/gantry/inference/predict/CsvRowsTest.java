package dev.gantry.inference.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvRowsTest {

  @TempDir Path dir;

  private static CsvRows rows(String text) throws IOException {
    return new CsvRows(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<List<String>> all(CsvRows csv) throws IOException {
    List<List<String>> out = new ArrayList<>();
    while (csv.next()) {
      List<String> row = new ArrayList<>();
      for (int i = 0; i < csv.cells(); i++) {
        row.add(csv.cell(i));
      }
      out.add(row);
    }
    return out;
  }

  @Test
  void readsTheHeaderAndTrimmedUnquotedCellsWithEitherLineEnd() throws IOException {
    try (CsvRows csv = rows("a, b ,c\r\n1,2 , 3\r\n\r\n  \n4,\"x\",\n5,6,7")) {
      assertThat(csv.header()).containsExactly("a", "b", "c");
      // Quotes are ordinary bytes; an empty last cell is a cell; a last line needs no line end.
      assertThat(all(csv))
          .containsExactly(
              List.of("1", "2", "3"), List.of("4", "\"x\"", ""), List.of("5", "6", "7"));
    }
  }

  @Test
  void skipsRowsAtByteLevelIgnoringBlankLinesLikeTheCount() throws IOException {
    String text = "h\n\n0\n1\n \n2\r\n3\n4";
    Path file = Files.writeString(dir.resolve("x.csv"), text);
    assertThat(CsvRows.countRows(file)).isEqualTo(5);
    for (int skip = 0; skip <= 5; skip++) {
      try (CsvRows csv = CsvRows.open(file)) {
        assertThat(csv.skip(skip)).isEqualTo(skip);
        List<List<String>> rest = all(csv);
        assertThat(rest).hasSize(5 - skip);
        if (skip < 5) {
          assertThat(rest.get(0)).containsExactly(Integer.toString(skip));
        }
      }
    }
    try (CsvRows csv = CsvRows.open(file)) {
      assertThat(csv.skip(9)).isEqualTo(5);
    }
  }

  @Test
  void rowsLongerThanTheBufferAndRowsAcrossBufferBoundariesAreWhole() throws IOException {
    StringBuilder text = new StringBuilder("id,v\n");
    String wide = "9".repeat(3 << 20);
    text.append("0,").append(wide).append('\n');
    for (int i = 1; i < 200_000; i++) {
      text.append(i).append(',').append(i * 7).append('\n');
    }
    Path file = Files.writeString(dir.resolve("big.csv"), text);
    assertThat(CsvRows.countRows(file)).isEqualTo(200_000);
    try (CsvRows csv = CsvRows.open(file)) {
      assertThat(csv.next()).isTrue();
      assertThat(csv.cell(1)).isEqualTo(wide);
      for (int i = 1; i < 200_000; i++) {
        assertThat(csv.next()).isTrue();
        if (!csv.cell(0).equals(Integer.toString(i))
            || !csv.cell(1).equals(Integer.toString(i * 7))) {
          throw new AssertionError("row " + i + ": " + csv.cell(0) + "," + csv.cell(1));
        }
      }
      assertThat(csv.next()).isFalse();
    }
    try (CsvRows csv = CsvRows.open(file)) {
      csv.skip(150_000);
      csv.next();
      assertThat(csv.cell(0)).isEqualTo("150000");
    }
  }

  @Test
  void anEmptyFileHasNoHeader() {
    assertThatThrownBy(() -> rows("\n\n")).hasMessageContaining("no header row");
  }

  @Test
  void numbersParseExactlyLikeTheJdk() {
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < 200_000; i++) {
      String s =
          switch (i % 5) {
            case 0 -> Float.toString((float) r.nextGaussian());
            case 1 -> Double.toString(r.nextGaussian() * 1000);
            case 2 -> String.format("%.6f", r.nextDouble() - 0.5);
            case 3 -> Long.toString(r.nextLong() % 100000) + "e-" + r.nextInt(12);
            default -> Float.toString(Float.intBitsToFloat(r.nextInt()));
          };
      byte[] b = s.getBytes(StandardCharsets.US_ASCII);
      float expected;
      try {
        expected = Float.parseFloat(s);
      } catch (NumberFormatException e) {
        continue;
      }
      assertThat(Float.floatToRawIntBits(Numbers.parseFloat(b, 0, b.length)))
          .as(s)
          .isEqualTo(Float.floatToRawIntBits(expected));
      assertThat(Double.doubleToLongBits(Numbers.parseDouble(b, 0, b.length)))
          .as(s)
          .isEqualTo(Double.doubleToLongBits(Double.parseDouble(s)));
    }
    for (String bad : List.of("", "-", "abc", "1.2.3", "1e", "--1", ".")) {
      byte[] b = bad.getBytes(StandardCharsets.US_ASCII);
      assertThatThrownBy(() -> Numbers.parseFloat(b, 0, b.length))
          .as(bad)
          .isInstanceOf(NumberFormatException.class);
    }
  }
}
