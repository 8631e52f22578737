package dev.gantry.inference.predict;

/**
 * What {@code predict shard} writes last, as {@code part-NNNNN.manifest.json}: its presence with
 * the plan's id means the shard is complete, so a restarted or re-run pod keeps it instead of
 * scoring again. Read back only by the image itself.
 *
 * @param rows rows in the shard's range
 * @param predicted rows scored and written to the output file
 * @param invalid rows refused by input validation and written to the errors file
 * @param seconds the run that wrote it
 */
public record ShardManifest(
    String planId,
    int shard,
    long rows,
    long predicted,
    long invalid,
    double seconds,
    FileDigest output,
    FileDigest errors,
    String modelVersion,
    String modelSha256) {

  /** A file of the shard, under the output URI. */
  public record FileDigest(String name, String sha256, long bytes) {}

  /** part-00007 for shard 7. */
  public static String base(int shard) {
    return String.format("part-%05d", shard);
  }

  public static String outputName(int shard) {
    return base(shard) + ".csv";
  }

  public static String errorsName(int shard) {
    return base(shard) + ".errors.jsonl";
  }

  public static String manifestName(int shard) {
    return base(shard) + ".manifest.json";
  }
}
