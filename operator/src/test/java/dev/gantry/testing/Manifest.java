package dev.gantry.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A custom resource as plain maps, so tests can write invalid specs that the typed classes could
 * not even express. Paths are dotted, e.g. {@code spec.idlePolicy.action}.
 */
public final class Manifest {
  private final GenericKubernetesResource resource;

  private Manifest(GenericKubernetesResource resource) {
    this.resource = resource;
  }

  /** The manifest in {@code examples/<file>}. */
  public static Manifest example(String file) {
    try {
      String yaml = Files.readString(RepoFiles.resolve("examples/" + file));
      return new Manifest(Serialization.unmarshal(yaml, GenericKubernetesResource.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public GenericKubernetesResource resource() {
    return resource;
  }

  public Manifest named(String name) {
    resource.getMetadata().setName(name);
    return this;
  }

  public Manifest inNamespace(String namespace) {
    resource.getMetadata().setNamespace(namespace);
    return this;
  }

  /** Sets the value at a dotted path, creating objects on the way. */
  public Manifest set(String path, Object value) {
    String[] keys = path.split("\\.");
    Map<String, Object> parent = parentOf(keys, true);
    parent.put(keys[keys.length - 1], value);
    return this;
  }

  /** Removes the value at a dotted path, if present. */
  public Manifest remove(String path) {
    String[] keys = path.split("\\.");
    Map<String, Object> parent = parentOf(keys, false);
    if (parent != null) {
      parent.remove(keys[keys.length - 1]);
    }
    return this;
  }

  /** A deep copy, so one example can seed many cases. */
  public Manifest copy() {
    return new Manifest(
        Serialization.unmarshal(Serialization.asJson(resource), GenericKubernetesResource.class));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> parentOf(String[] keys, boolean create) {
    Map<String, Object> node = resource.getAdditionalProperties();
    for (int i = 0; i < keys.length - 1; i++) {
      Object child = node.get(keys[i]);
      if (child == null) {
        if (!create) {
          return null;
        }
        child = new LinkedHashMap<String, Object>();
        node.put(keys[i], child);
      }
      node = (Map<String, Object>) child;
    }
    return node;
  }

  public static List<Object> list(Object... items) {
    return new ArrayList<>(List.of(items));
  }

  public static Map<String, Object> map(Object... keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }
}
