package dev.gantry.training;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A CSV file read whole: a header row and data rows of equal width. RFC 4180 quoting ("a,b" and ""
 * for a quote) is understood; blank lines are skipped.
 *
 * @param header column names, in file order
 * @param rows data rows, each as wide as the header
 * @param lineNumbers the 1-based file line each row starts on, for error messages
 */
public record CsvTable(List<String> header, List<String[]> rows, int[] lineNumbers) {

  public static final String REASON = "InvalidDataset";

  public int columnIndex(String name) {
    return header.indexOf(name);
  }

  public static CsvTable read(Path file) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(reader);
    } catch (CharacterCodingException e) {
      throw new BadInputException(REASON, "the dataset is not UTF-8 text (" + e + ")");
    }
  }

  public static CsvTable read(Reader reader) throws IOException {
    RecordReader records = new RecordReader(reader);
    String[] header = records.next();
    if (header == null) {
      throw new BadInputException(REASON, "the dataset is empty: no header row");
    }
    if (!header[0].isEmpty() && header[0].charAt(0) == '\uFEFF') {
      header[0] = header[0].substring(1); // UTF-8 byte order mark
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < header.length; i++) {
      header[i] = header[i].trim();
      if (header[i].isEmpty()) {
        throw new BadInputException(REASON, "header column " + (i + 1) + " has no name");
      }
      if (!seen.add(header[i])) {
        throw new BadInputException(REASON, "header names column '" + header[i] + "' twice");
      }
    }
    List<String[]> rows = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    String[] row;
    while ((row = records.next()) != null) {
      if (row.length != header.length) {
        throw new BadInputException(
            REASON,
            "line "
                + records.recordStartLine()
                + " has "
                + row.length
                + " fields but the header has "
                + header.length);
      }
      rows.add(row);
      lines.add(records.recordStartLine());
    }
    if (rows.isEmpty()) {
      throw new BadInputException(REASON, "the dataset has a header but no data rows");
    }
    return new CsvTable(
        List.of(header), rows, lines.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Splits the character stream into records; skips lines that are entirely blank. */
  private static final class RecordReader {
    private final Reader in;
    private int line = 1;
    private int recordStartLine;
    private int pushedBack = -2;

    RecordReader(Reader in) {
      this.in = in;
    }

    int recordStartLine() {
      return recordStartLine;
    }

    private int read() throws IOException {
      if (pushedBack != -2) {
        int c = pushedBack;
        pushedBack = -2;
        return c;
      }
      return in.read();
    }

    String[] next() throws IOException {
      while (true) {
        recordStartLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean anyQuoted = false;
        boolean any = false;
        int c;
        while (true) {
          c = read();
          if (c == -1) {
            if (quoted) {
              throw new BadInputException(
                  REASON, "line " + recordStartLine + " has a quoted field that is never closed");
            }
            break;
          }
          any = true;
          if (quoted) {
            if (c == '"') {
              int d = read();
              if (d == '"') {
                field.append('"');
              } else {
                quoted = false;
                pushedBack = d;
              }
            } else {
              if (c == '\n') {
                line++;
              }
              field.append((char) c);
            }
          } else if (c == '"' && field.isEmpty()) {
            quoted = true;
            anyQuoted = true;
          } else if (c == ',') {
            fields.add(field.toString());
            field.setLength(0);
          } else if (c == '\n' || c == '\r') {
            if (c == '\r') {
              int d = read();
              if (d != '\n') {
                pushedBack = d;
              }
            }
            line++;
            break;
          } else {
            field.append((char) c);
          }
        }
        if (!any) {
          return null;
        }
        fields.add(field.toString());
        // A blank line, not a record: one unquoted field of whitespace. A quoted "" is a value.
        if (fields.size() == 1 && !anyQuoted && fields.get(0).isBlank()) {
          if (c == -1) {
            return null;
          }
          continue; // blank line
        }
        return fields.toArray(String[]::new);
      }
    }
  }
}
