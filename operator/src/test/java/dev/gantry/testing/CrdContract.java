package dev.gantry.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates manifests on the shared real API server and checks what it accepts and rejects. */
public final class CrdContract {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private final KubernetesClient client = TestApiServer.client();
  private final String namespace;

  public CrdContract(String namespace) {
    this.namespace = namespace;
    client
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .serverSideApply();
  }

  public KubernetesClient client() {
    return client;
  }

  /** Creates the manifest under a fresh name and returns what the API server stored. */
  public GenericKubernetesResource create(Manifest manifest) {
    return create(manifest, uniqueName(manifest));
  }

  public GenericKubernetesResource create(Manifest manifest, String name) {
    manifest.named(name).inNamespace(namespace);
    return client.resource(manifest.resource()).create();
  }

  /** Asserts the API server refuses to create the manifest, with the expected message. */
  public void assertCreateRejected(Manifest manifest, String expectedMessage) {
    manifest.named(uniqueName(manifest)).inNamespace(namespace);
    assertThatThrownBy(() -> client.resource(manifest.resource()).create())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .hasMessageContaining(expectedMessage);
  }

  /** Asserts the API server refuses to replace a stored object with the changed manifest. */
  public void assertUpdateRejected(Manifest changed, String expectedMessage) {
    assertThatThrownBy(() -> client.resource(changed.resource()).update())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .hasMessageContaining(expectedMessage);
  }

  private static String uniqueName(Manifest manifest) {
    return manifest.resource().getKind().toLowerCase(Locale.ROOT)
        + "-"
        + SEQUENCE.incrementAndGet();
  }
}
