package dev.gantry.inference.predict;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams the data rows of a CSV file straight from bytes, never holding more than a buffer of it:
 * the conventions of the golden set ({@link dev.gantry.inference.validate.GoldenSet}), i.e. a
 * header row, then comma-separated, <b>unquoted</b> cells (a quote is an ordinary byte, so a cell
 * cannot contain a comma or a line break), surrounding spaces trimmed, {@code \n} or {@code \r\n}
 * line ends. Blank lines are not rows, here and in {@link #countRows}, so the plan's row numbers
 * and a shard's skipping agree.
 *
 * <p>After {@link #next()} the current row's cells are byte ranges of {@link #bytes()}; they stay
 * valid until the next call. Not thread-safe.
 */
public final class CsvRows implements Closeable {

  private static final int BUFFER = 1 << 20;

  private final InputStream in;
  private byte[] buf = new byte[BUFFER];
  private int pos;
  private int limit;
  private boolean eof;
  private final List<String> header;
  private int[] starts = new int[16];
  private int[] ends = new int[16];
  private int cells;

  public CsvRows(InputStream in) throws IOException {
    this.in = in;
    if (!next()) {
      throw new IOException("the CSV file is empty: it has no header row");
    }
    List<String> names = new ArrayList<>(cells);
    for (int i = 0; i < cells; i++) {
      names.add(cell(i));
    }
    this.header = List.copyOf(names);
  }

  public static CsvRows open(Path file) throws IOException {
    return new CsvRows(Files.newInputStream(file));
  }

  public List<String> header() {
    return header;
  }

  /**
   * Skips {@code rows} data rows at byte level (a scan for line ends, no cell splitting).
   *
   * @return how many were skipped: fewer only at the end of the file
   */
  public long skip(long rows) throws IOException {
    long skipped = 0;
    boolean content = false;
    while (skipped < rows) {
      if (pos == limit && !fill()) {
        return content ? skipped + 1 : skipped;
      }
      byte[] b = buf;
      int i = pos;
      int end = limit;
      while (i < end) {
        byte c = b[i++];
        if (c == '\n') {
          if (content) {
            content = false;
            if (++skipped == rows) {
              break;
            }
          }
        } else if (c > ' ') {
          content = true;
        }
      }
      pos = i;
    }
    return skipped;
  }

  /** Advances to the next data row; false at the end of the file. */
  public boolean next() throws IOException {
    while (nextLine()) {
      if (cells > 1 || starts[0] < ends[0]) {
        return true;
      }
    }
    return false;
  }

  /** Cells of the current row. */
  public int cells() {
    return cells;
  }

  public byte[] bytes() {
    return buf;
  }

  /** Offset of the current row's cell {@code i} in {@link #bytes()} (trimmed). */
  public int start(int i) {
    return starts[i];
  }

  /** End (exclusive) of cell {@code i}. */
  public int end(int i) {
    return ends[i];
  }

  public String cell(int i) {
    return new String(buf, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
  }

  /** Data rows of a file: non-blank lines after the header. */
  public static long countRows(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = new byte[BUFFER];
      long lines = 0;
      boolean content = false;
      for (int n; (n = in.read(b)) > 0; ) {
        for (int i = 0; i < n; i++) {
          byte c = b[i];
          if (c == '\n') {
            if (content) {
              lines++;
              content = false;
            }
          } else if (c > ' ') {
            content = true;
          }
        }
      }
      if (content) {
        lines++;
      }
      // The header is the first non-blank line.
      return Math.max(0, lines - 1);
    }
  }

  /** Reads the next line (blank or not) and splits it; false at the end of the file. */
  private boolean nextLine() throws IOException {
    int scanFrom = pos;
    int eol;
    while ((eol = indexOfNewline(scanFrom)) < 0) {
      int scanned = limit - pos;
      if (!fill()) {
        if (pos == limit) {
          return false;
        }
        eol = limit; // a last line without a line end
        break;
      }
      scanFrom = pos + scanned;
    }
    split(pos, eol);
    pos = Math.min(eol + 1, limit);
    return true;
  }

  private int indexOfNewline(int from) {
    byte[] b = buf;
    for (int i = from; i < limit; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /**
   * Moves the unread bytes to the front (growing the buffer when one line fills it) and reads more.
   * Offsets of the current row become invalid.
   */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int unread = limit - pos;
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, unread);
    } else if (unread == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    pos = 0;
    limit = unread;
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
      return false;
    }
    limit += n;
    return true;
  }

  private void split(int from, int to) {
    byte[] b = buf;
    int n = 0;
    int cellStart = from;
    for (int i = from; i <= to; i++) {
      if (i == to || b[i] == ',') {
        if (n == starts.length) {
          starts = Arrays.copyOf(starts, n * 2);
          ends = Arrays.copyOf(ends, n * 2);
        }
        int s = cellStart;
        int e = i;
        while (s < e && b[s] <= ' ') {
          s++;
        }
        while (e > s && b[e - 1] <= ' ') {
          e--;
        }
        starts[n] = s;
        ends[n] = e;
        n++;
        cellStart = i + 1;
      }
    }
    cells = n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
