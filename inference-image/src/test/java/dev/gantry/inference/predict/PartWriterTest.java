package dev.gantry.inference.predict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.storage.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartWriterTest {

  @TempDir Path dir;

  @Test
  void writesNumbersAndTextAndKnowsTheFilesDigestAndSize() throws Exception {
    Path file = dir.resolve("out.csv");
    StringBuilder expected = new StringBuilder();
    try (PartWriter w = new PartWriter(file)) {
      for (int i = 0; i < 300_000; i++) {
        long id = (i % 3 == 0 ? -1L : 1L) * i * 1_000_003L;
        float f = (float) Math.sin(i) / (i + 1);
        w.write(id).write(',').write(f).write(',').ascii("v1").write('\n');
        expected.append(id).append(',').append(f).append(",v1\n");
      }
      w.write(Long.MIN_VALUE).write(',').write(0.1d).write('\n');
      expected.append(Long.MIN_VALUE).append(",0.1\n");
      w.ascii("x".repeat(3 << 20));
      expected.append("x".repeat(3 << 20));
      w.close();
      assertThat(Files.readString(file)).isEqualTo(expected.toString());
      assertThat(w.bytes()).isEqualTo(Files.size(file));
      assertThat(w.sha256()).isEqualTo(Storage.sha256(file));
    }
  }
}
