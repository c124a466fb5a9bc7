package io.dhcpfailover.operator.deploy;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Kubernetes objects read from rendered YAML, keyed by kind, namespace and name. */
final class Manifests {
  private static final YAMLMapper YAML = new YAMLMapper();

  private Manifests() {}

  /** Every non-empty document of a multi-document YAML stream. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> documents(String yaml) throws IOException {
    try (MappingIterator<Object> it = YAML.readerFor(Object.class).readValues(yaml)) {
      return it.readAll().stream()
          .filter(d -> d instanceof Map<?, ?> m && !m.isEmpty())
          .map(d -> (Map<String, Object>) d)
          .toList();
    }
  }

  /** The objects of {@code yaml} by {@link #key}; fails on two objects with one key. */
  static Map<String, Map<String, Object>> byKey(String yaml) throws IOException {
    Map<String, Map<String, Object>> objects = new TreeMap<>();
    for (Map<String, Object> o : documents(yaml)) {
      if (objects.put(key(o), o) != null) {
        throw new AssertionError("two objects " + key(o));
      }
    }
    return objects;
  }

  /** {@code Kind/namespace/name} (namespace empty for cluster-scoped objects). */
  static String key(Map<String, Object> o) {
    Map<String, Object> meta = map(o, "metadata");
    Object ns = meta.get("namespace");
    return o.get("kind") + "/" + (ns == null ? "" : ns) + "/" + meta.get("name");
  }

  /** The object's {@code metadata.labels} (empty when none). */
  static Map<String, Object> labels(Map<String, Object> o) {
    Map<String, Object> meta = map(o, "metadata");
    return meta.get("labels") == null ? Map.of() : map(meta, "labels");
  }

  /**
   * A copy without {@code metadata.labels} and {@code metadata.annotations}, numbers compared by
   * value ({@code 256.0} in a file, {@code 256} after kustomize): what the object does.
   */
  static Map<String, Object> withoutLabels(Map<String, Object> o) {
    Map<String, Object> copy = new LinkedHashMap<>(o);
    Map<String, Object> meta = new LinkedHashMap<>(map(o, "metadata"));
    meta.remove("labels");
    meta.remove("annotations");
    copy.put("metadata", meta);
    @SuppressWarnings("unchecked")
    Map<String, Object> normal = (Map<String, Object>) numbersByValue(copy);
    return normal;
  }

  private static Object numbersByValue(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(k, numbersByValue(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(Manifests::numbersByValue).toList();
    }
    if (v instanceof Number n) {
      return new BigDecimal(n.toString()).stripTrailingZeros();
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Map<String, Object> o, String field) {
    Object v = o.get(field);
    if (!(v instanceof Map)) {
      throw new AssertionError("no object at " + field + " in " + o);
    }
    return (Map<String, Object>) v;
  }

  /** The value at a dotted path of maps and list indexes, e.g. {@code spec.template.spec.containers.0.image}. */
  @SuppressWarnings("unchecked")
  static Object at(Map<String, Object> o, String path) {
    Object v = o;
    for (String part : path.split("\\.")) {
      if (v instanceof Map<?, ?> m) {
        v = ((Map<String, Object>) m).get(part);
      } else if (v instanceof List<?> l) {
        v = l.get(Integer.parseInt(part));
      } else {
        throw new AssertionError("no " + path + " in " + o);
      }
    }
    return v;
  }
}
