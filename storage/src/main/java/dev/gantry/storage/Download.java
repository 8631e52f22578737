package dev.gantry.storage;

import java.nio.file.Path;

/**
 * A completed download.
 *
 * @param path the local file
 * @param sha256 lower-case hex sha256 of its content, computed while streaming
 * @param bytes its size
 */
public record Download(Path path, String sha256, long bytes) {}
