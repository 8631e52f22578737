package dev.gantry.argocd;

import dev.gantry.testing.RepoFiles;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Runs one of the chart's Argo CD health scripts as Argo CD does: the object in the global {@code
 * obj}, the chunk returns a table with {@code status} and {@code message}.
 */
record LuaHealthCheck(String kind, String script) {
  static final Path DIR = RepoFiles.resolve("helm/gantry/docs/argocd-health");

  static LuaHealthCheck of(String kind) {
    try {
      return new LuaHealthCheck(kind, Files.readString(DIR.resolve(kind.toLowerCase() + ".lua")));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  record Health(String status, String message) {}

  /** The health of the object written as YAML. */
  Health run(String objectYaml) {
    Map<?, ?> object = Serialization.unmarshal(objectYaml, Map.class);
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", toLua(object));
    LuaValue result = globals.load(script, kind + ".lua").call();
    return new Health(
        result.get("status").isnil() ? null : result.get("status").tojstring(),
        result.get("message").isnil() ? null : result.get("message").tojstring());
  }

  /** JSON-shaped Java values as Argo CD hands them to Lua: objects and arrays become tables. */
  private static LuaValue toLua(Object value) {
    if (value == null) {
      return LuaValue.NIL;
    }
    if (value instanceof Map<?, ?> map) {
      LuaTable table = new LuaTable();
      map.forEach((k, v) -> table.set(String.valueOf(k), toLua(v)));
      return table;
    }
    if (value instanceof List<?> list) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < list.size(); i++) {
        table.set(i + 1, toLua(list.get(i)));
      }
      return table;
    }
    if (value instanceof Integer || value instanceof Long) {
      return LuaValue.valueOf(((Number) value).intValue());
    }
    if (value instanceof Number number) {
      return LuaValue.valueOf(number.doubleValue());
    }
    if (value instanceof Boolean bool) {
      return LuaValue.valueOf(bool);
    }
    return LuaValue.valueOf(String.valueOf(value));
  }
}
