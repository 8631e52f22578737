package dev.gantry.inference.rest;

import java.util.List;

/** Name, version and protocol extensions reported by both bindings' server metadata. */
public final class ServerInfo {

  public static final String NAME = "gantry-inference";
  public static final List<String> EXTENSIONS = List.of("binary_tensor_data", "statistics");

  private ServerInfo() {}

  public static String version() {
    String v = ServerInfo.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
