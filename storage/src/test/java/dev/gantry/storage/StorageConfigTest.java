package dev.gantry.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageConfigTest {

  @Test
  void defaultsAreTheFixedPvcMountRootAndUsEast1() {
    StorageConfig config = StorageConfig.fromEnvironment(Map.of());

    assertThat(config.pvcMountRoot()).isEqualTo(Path.of("/mnt/pvc"));
    assertThat(config.s3Region()).isEqualTo("us-east-1");
    assertThat(config.s3Endpoint()).isNull();
    assertThat(config.s3PathStyle()).isFalse();
  }

  @Test
  void s3SpecificEndpointWinsOverTheGenericOne() {
    StorageConfig config =
        StorageConfig.fromEnvironment(
            Map.of(
                "AWS_ENDPOINT_URL", "http://generic:1",
                "AWS_ENDPOINT_URL_S3", "http://minio:9000",
                "GANTRY_S3_PATH_STYLE", "true",
                "AWS_REGION", "eu-west-1",
                "GANTRY_PVC_MOUNT_ROOT", "/volumes"));

    assertThat(config.s3Endpoint()).isEqualTo(URI.create("http://minio:9000"));
    assertThat(config.s3PathStyle()).isTrue();
    assertThat(config.s3Region()).isEqualTo("eu-west-1");
    assertThat(config.pvcMountRoot()).isEqualTo(Path.of("/volumes"));
  }

  @Test
  void staticCredentialsAreUsedOnlyWhenBothKeysAreSet() {
    assertThat(StorageConfig.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "a")).s3Credentials())
        .isNull();
    assertThat(
            StorageConfig.fromEnvironment(
                    Map.of("AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "s"))
                .s3Credentials())
        .isEqualTo(new StorageConfig.S3Credentials("a", "s"));
  }

  @Test
  void credentialsNeverAppearInToString() {
    assertThat(new StorageConfig.S3Credentials("key-id", "top-secret").toString())
        .doesNotContain("top-secret");
  }
}
