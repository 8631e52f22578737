package dev.gantry.inference.validate;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A golden CSV set: a header row, then one row per example; comma-separated, unquoted values (the
 * training image writes numbers and plain labels).
 */
public record GoldenSet(List<String> header, List<String[]> rows) {

  public static GoldenSet read(Path csv) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String first = in.readLine();
      if (first == null) {
        throw new IOException("golden set " + csv + " is empty");
      }
      List<String> header = Arrays.stream(first.split(",", -1)).map(String::trim).toList();
      List<String[]> rows = new ArrayList<>();
      int line = 1;
      for (String l; (l = in.readLine()) != null; ) {
        line++;
        if (l.isBlank()) {
          continue;
        }
        String[] cells = l.split(",", -1);
        if (cells.length != header.size()) {
          throw new IOException(
              "golden set line "
                  + line
                  + " has "
                  + cells.length
                  + " cells, the header "
                  + header.size());
        }
        for (int i = 0; i < cells.length; i++) {
          cells[i] = cells[i].trim();
        }
        rows.add(cells);
      }
      return new GoldenSet(header, rows);
    }
  }

  public int column(String name) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("golden set has no column '" + name + "': " + header);
    }
    return i;
  }
}
