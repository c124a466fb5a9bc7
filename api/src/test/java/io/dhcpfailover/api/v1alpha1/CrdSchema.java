package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generated CRD as a test oracle: its openAPIV3Schema (checked with a JSON Schema validator,
 * unknown fields refused the way the API server prunes them) and its CEL rules (evaluated at every
 * node that declares {@code x-kubernetes-validations}, with the strings extension library that
 * Kubernetes enables too).
 */
public final class CrdSchema {

  /** Classpath location where the build writes the generated CRD. */
  public static final String GENERATED = "META-INF/fabric8/dhcpfailoverpairs.dhcpfailover.io-v1.yml";

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final JsonNode crd;
  private final JsonNode openApiSchema;
  private final Schema schema;
  private final CelCompiler compiler =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .addLibraries(CelExtensions.strings())
          .build();
  private final CelRuntime runtime =
      CelRuntimeFactory.standardCelRuntimeBuilder().addLibraries(CelExtensions.strings()).build();

  private CrdSchema(JsonNode crd) {
    this.crd = crd;
    this.openApiSchema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
    JsonNode strict = openApiSchema.deepCopy();
    strict.path("properties").forEach(CrdSchema::closeObjects);
    this.schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(strict);
  }

  /** Loads the CRD the build generated. */
  public static CrdSchema generated() {
    try (InputStream in =
        CrdSchema.class.getClassLoader().getResourceAsStream(GENERATED)) {
      if (in == null) {
        throw new IllegalStateException(GENERATED + " is missing: run the build first");
      }
      return new CrdSchema(YAML.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public JsonNode crd() {
    return crd;
  }

  /** Schema violations of one manifest, as readable strings; empty when valid. */
  public List<String> schemaErrors(JsonNode manifest) {
    List<String> out = new ArrayList<>();
    for (Error error : schema.validate(manifest)) {
      out.add(error.getInstanceLocation() + ": " + error.getMessage());
    }
    return out;
  }

  /** Messages of the CEL rules the manifest breaks; empty when all hold. */
  public List<String> celViolations(JsonNode manifest) {
    List<String> out = new ArrayList<>();
    checkCel(openApiSchema, manifest, "", out);
    return out;
  }

  /** Schema errors and CEL violations together. */
  public List<String> violations(JsonNode manifest) {
    List<String> out = schemaErrors(manifest);
    if (out.isEmpty()) {
      out.addAll(celViolations(manifest));
    }
    return out;
  }

  private void checkCel(JsonNode schemaNode, JsonNode value, String path, List<String> out) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return;
    }
    for (JsonNode rule : schemaNode.path("x-kubernetes-validations")) {
      String expression = rule.get("rule").asText();
      try {
        CelRuntime.Program program =
            runtime.createProgram(compiler.compile(expression).getAst());
        Object result = program.eval(Map.of("self", toCel(value)));
        if (!Boolean.TRUE.equals(result)) {
          out.add(path + rule.path("fieldPath").asText("") + ": " + rule.get("message").asText());
        }
      } catch (Exception e) {
        throw new IllegalStateException("CEL rule at " + path + " failed: " + expression, e);
      }
    }
    if (value.isObject()) {
      JsonNode properties = schemaNode.path("properties");
      for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (properties.has(name)) {
          checkCel(properties.get(name), value.get(name), path + "." + name, out);
        }
      }
    } else if (value.isArray() && schemaNode.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        checkCel(schemaNode.get("items"), value.get(i), path + "[" + i + "]", out);
      }
    }
  }

  /** JSON to the values CEL expects: maps, lists, longs, doubles, strings, booleans. */
  private static Object toCel(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), toCel(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(toCel(item)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return node.asText();
  }

  /**
   * Refuses unknown fields where the schema lists the properties of an object (the API server
   * prunes them, which for a manifest in the repository means a typo). The root stays open:
   * apiVersion, kind and metadata are not part of the generated schema.
   */
  private static void closeObjects(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if (object.has("properties") && !object.has("additionalProperties")) {
        object.put("additionalProperties", false);
      }
      object.remove("x-kubernetes-validations");
      node.forEach(CrdSchema::closeObjects);
    } else if (node.isArray()) {
      node.forEach(CrdSchema::closeObjects);
    }
  }

  /** Reads every YAML document of a stream. */
  public static List<JsonNode> readAll(InputStream in) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    var parser = YAML.getFactory().createParser(in);
    var iterator = YAML.readValues(parser, JsonNode.class);
    while (iterator.hasNext()) {
      JsonNode doc = iterator.next();
      if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
        docs.add(doc);
      }
    }
    return docs;
  }
}
