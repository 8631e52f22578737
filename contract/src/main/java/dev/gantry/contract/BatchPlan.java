package dev.gantry.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * How a BatchPrediction's rows are split into shards: written once by the inference image's {@code
 * predict plan} step to {@code <output>/_plan.json}, read by every {@code predict shard} pod. Rows
 * are numbered from 0 across the input files in their listed order (the header of each CSV is not a
 * row); shard {@code i} of {@code n} takes the global rows {@code [total*i/n, total*(i+1)/n)},
 * which may span files.
 *
 * @param planId what the plan was made for (the operator's hash of the spec and the model digest):
 *     a shard whose manifest carries this id is complete and is not redone
 * @param modelUri the artifact the shards score
 * @param modelSha256 its digest, checked again by every shard
 * @param files the inputs, with their sizes and row counts
 * @param totalRows rows over all files
 * @param shards the shards, index {@code i} at position {@code i}
 */
public record BatchPlan(
    String planId,
    String modelUri,
    String modelSha256,
    List<InputFile> files,
    long totalRows,
    List<Shard> shards) {

  /** The file name of the plan under the output URI. */
  public static final String PLAN_FILE = "_plan.json";

  /**
   * @param uri as given in the spec
   * @param bytes its size
   * @param rows data rows (lines after the header, blank lines excluded)
   */
  public record InputFile(String uri, long bytes, long rows) {}

  /**
   * @param index the Job completion index that runs it
   * @param firstRow its first global row
   * @param rows how many rows it scores
   * @param ranges the same rows, per file
   */
  public record Shard(int index, long firstRow, long rows, List<Range> ranges) {}

  /**
   * A run of rows in one file.
   *
   * @param file index into {@link BatchPlan#files()}
   * @param firstRow the first row within that file (0 is the line after the header)
   * @param rows how many rows
   */
  public record Range(int file, long firstRow, long rows) {}

  /**
   * Splits rows into {@code shards} contiguous, nearly equal shards (sizes differ by at most one).
   * A shard may be empty when there are fewer rows than shards.
   *
   * @param rowsPerFile data rows of each input file, in order
   */
  public static List<Shard> split(List<Long> rowsPerFile, int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be at least 1, got " + shards);
    }
    long total = 0;
    for (long r : rowsPerFile) {
      if (r < 0) {
        throw new IllegalArgumentException("a file cannot have " + r + " rows");
      }
      total += r;
    }
    List<Shard> out = new ArrayList<>(shards);
    for (int i = 0; i < shards; i++) {
      long from = bound(total, i, shards);
      long to = bound(total, i + 1, shards);
      out.add(new Shard(i, from, to - from, ranges(rowsPerFile, from, to)));
    }
    return List.copyOf(out);
  }

  /** {@code total * i / shards}, exact also where the product overflows a long. */
  private static long bound(long total, int i, int shards) {
    try {
      return Math.multiplyExact(total, i) / shards;
    } catch (ArithmeticException e) {
      return java.math.BigInteger.valueOf(total)
          .multiply(java.math.BigInteger.valueOf(i))
          .divide(java.math.BigInteger.valueOf(shards))
          .longValueExact();
    }
  }

  private static List<Range> ranges(List<Long> rowsPerFile, long from, long to) {
    List<Range> ranges = new ArrayList<>();
    long fileStart = 0;
    for (int f = 0; f < rowsPerFile.size() && fileStart < to; f++) {
      long fileEnd = fileStart + rowsPerFile.get(f);
      long a = Math.max(from, fileStart);
      long b = Math.min(to, fileEnd);
      if (a < b) {
        ranges.add(new Range(f, a - fileStart, b - a));
      }
      fileStart = fileEnd;
    }
    return List.copyOf(ranges);
  }
}
