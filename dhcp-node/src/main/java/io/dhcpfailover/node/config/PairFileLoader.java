package io.dhcpfailover.node.config;

import io.dhcpfailover.api.validation.ConfigError;
import io.dhcpfailover.api.validation.PairValidator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairSpec;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a pair file: one {@code DhcpFailoverPair} manifest in YAML (or JSON), exactly what a user
 * would {@code kubectl apply}. Reading is strict where the node takes its configuration from: every
 * unknown field in {@code spec} is an error naming its path (all of them are reported, not just the
 * first), a value of the wrong type is an error, scalars are not coerced (a quoted {@code "128"} is
 * no number). {@code metadata} and {@code status} may carry fields the node does not use. The
 * result is parsed, not validated: see {@link PairValidator}.
 */
public final class PairFileLoader {
  /** The {@code apiVersion} a pair file must declare. */
  public static final String API_VERSION = DhcpFailoverPair.GROUP + "/" + DhcpFailoverPair.VERSION;

  /** The {@code kind} a pair file must declare. */
  public static final String KIND = "DhcpFailoverPair";

  private static final Set<String> TOP_LEVEL =
      Set.of("apiVersion", "kind", "metadata", "spec", "status");

  private static final ObjectMapper YAML =
      new ObjectMapper(YAMLFactory.builder().build())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /**
   * Reads {@code spec}. An explicit null leaves the field as if it were absent, so that its default
   * applies: the API server prunes such nulls before defaulting (CRD structural schemas).
   */
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .defaultSetterInfo(JsonSetter.Value.forValueNulls(Nulls.SKIP))
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  private static final ObjectMapper LENIENT =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private PairFileLoader() {}

  /**
   * Reads the pair file at {@code file}.
   *
   * @throws ConfigException when the file cannot be read, does not parse, is no {@code
   *     DhcpFailoverPair}, or has unknown or ill-typed fields
   */
  public static DhcpFailoverPair load(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(ConfigError.of(file.toString(), "no such file", file));
    } catch (IOException e) {
      throw new ConfigException(
          ConfigError.of(file.toString(), "cannot be read: " + e.getMessage(), file), e);
    }
    return parse(text, file.toString());
  }

  /**
   * Reads a pair manifest from text.
   *
   * @param source names the text in syntax errors (a file name, or e.g. {@code <configmap>})
   * @throws ConfigException as {@link #load(Path)}
   */
  public static DhcpFailoverPair parse(String text, String source) throws ConfigException {
    JsonNode root = readSingleDocument(text, source);
    if (!(root instanceof ObjectNode)) {
      throw new ConfigException(
          new ConfigError(source, "expected one DhcpFailoverPair manifest (a YAML mapping)"));
    }
    List<ConfigError> errors = new ArrayList<>();
    Iterator<String> names = root.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!TOP_LEVEL.contains(name)) {
        errors.add(unknownField(name, name, TOP_LEVEL));
      }
    }
    checkHeader(root, "apiVersion", API_VERSION, errors);
    checkHeader(root, "kind", KIND, errors);
    JsonNode specNode = root.get("spec");
    if (specNode == null || specNode.isNull()) {
      errors.add(new ConfigError("spec", "required"));
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }

    DhcpFailoverPair pair = new DhcpFailoverPair();
    pair.setMetadata(convert(root.get("metadata"), ObjectMeta.class, "metadata", LENIENT, errors));
    if (pair.getMetadata() == null) {
      pair.setMetadata(new ObjectMeta());
    }
    pair.setSpec(convert(specNode, DhcpFailoverPairSpec.class, "spec", STRICT, errors));
    pair.setStatus(
        convert(root.get("status"), DhcpFailoverPairStatus.class, "status", LENIENT, errors));
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return pair;
  }

  private static JsonNode readSingleDocument(String text, String source) throws ConfigException {
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(text)) {
      List<JsonNode> found = new ArrayList<>();
      while (docs.hasNextValue()) {
        JsonNode doc = docs.nextValue();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          found.add(doc);
        }
      }
      if (found.size() != 1) {
        throw new ConfigException(
            new ConfigError(
                source,
                "expected exactly one DhcpFailoverPair manifest, found "
                    + found.size()
                    + " YAML documents"));
      }
      return found.get(0);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? source
              : source + ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
      throw new ConfigException(
          new ConfigError(where, "not valid YAML: " + e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw new ConfigException(new ConfigError(source, "cannot be read: " + e.getMessage()), e);
    }
  }

  private static void checkHeader(
      JsonNode root, String field, String expected, List<ConfigError> errors) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      errors.add(new ConfigError(field, "required; must be '" + expected + "'"));
    } else if (!value.isTextual() || !value.asText().equals(expected)) {
      errors.add(ConfigError.of(field, "must be '" + expected + "'", value.asText()));
    }
  }

  private static <T> T convert(
      JsonNode node, Class<T> type, String root, ObjectMapper mapper, List<ConfigError> errors) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      errors.add(ConfigError.of(root, "must be a mapping", node));
      return null;
    }
    UnknownFieldCollector unknown = new UnknownFieldCollector(root);
    ObjectReader reader = mapper.readerFor(type);
    if (mapper == STRICT) {
      reader = reader.withHandler(unknown);
    }
    try {
      T value = reader.readValue(node);
      errors.addAll(unknown.errors);
      return value;
    } catch (IOException e) {
      errors.addAll(unknown.errors);
      errors.add(translate(e, root, node));
      return null;
    }
  }

  /** Turns a Jackson failure into an error naming the path and the value. */
  private static ConfigError translate(IOException e, String root, JsonNode tree) {
    if (!(e instanceof JsonMappingException m)) {
      return new ConfigError(root, e.getMessage());
    }
    String path = path(root, m.getPath());
    if (m instanceof InvalidFormatException f) {
      Class<?> target = f.getTargetType();
      if (target != null && target.isEnum()) {
        String choices =
            Arrays.stream(target.getEnumConstants())
                .map(c -> enumWireName(target, (Enum<?>) c))
                .collect(Collectors.joining(", "));
        return ConfigError.of(path, "must be one of " + choices, f.getValue());
      }
      return ConfigError.of(path, "must be " + describe(target), f.getValue());
    }
    if (m instanceof MismatchedInputException mi) {
      Object value = valueAt(tree, m.getPath());
      String expected = "must be " + describe(mi.getTargetType());
      return value == null
          ? new ConfigError(path, expected)
          : ConfigError.of(path, expected, value);
    }
    return new ConfigError(path, m.getOriginalMessage());
  }

  /** The scalar at {@code refs} in {@code tree}, or a short stand-in for a list or mapping. */
  private static Object valueAt(JsonNode tree, List<JsonMappingException.Reference> refs) {
    JsonNode node = tree;
    for (JsonMappingException.Reference r : refs) {
      if (node == null) {
        return null;
      }
      node = r.getFieldName() != null ? node.get(r.getFieldName()) : node.get(r.getIndex());
    }
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isArray()) {
      return "[...]";
    }
    if (node.isObject()) {
      return "{...}";
    }
    return node.asText();
  }

  private static String enumWireName(Class<?> type, Enum<?> constant) {
    try {
      JsonProperty p = type.getField(constant.name()).getAnnotation(JsonProperty.class);
      return p == null ? constant.name() : p.value();
    } catch (NoSuchFieldException e) {
      return constant.name();
    }
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "a mapping (" + type.getSimpleName() + ")";
  }

  private static String path(String root, List<JsonMappingException.Reference> refs) {
    StringBuilder b = new StringBuilder(root);
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) {
        b.append('.').append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private static ConfigError unknownField(String path, String name, Collection<String> known) {
    String hint = closest(name, known);
    return new ConfigError(
        path, "unknown field" + (hint == null ? "" : "; did you mean '" + hint + "'?"));
  }

  /** The known name nearest to {@code name} by edit distance, if it is near enough. */
  private static String closest(String name, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = editDistance(name.toLowerCase(), k.toLowerCase());
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(1, name.length() / 3) ? best : null;
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** Records every unknown field with its path and skips it, so that all are reported at once. */
  private static final class UnknownFieldCollector extends DeserializationProblemHandler {
    private final String root;
    private final List<ConfigError> errors = new ArrayList<>();

    UnknownFieldCollector(String root) {
      this.root = root;
    }

    @Override
    public boolean handleUnknownProperty(
        DeserializationContext ctxt,
        JsonParser p,
        JsonDeserializer<?> deserializer,
        Object beanOrClass,
        String propertyName)
        throws IOException {
      List<String> known = new ArrayList<>();
      deserializer.getKnownPropertyNames().forEach(n -> known.add(String.valueOf(n)));
      JsonStreamContext context = p.getParsingContext();
      if (p.currentToken() != null && p.currentToken().isStructStart()) {
        context = context.getParent();
      }
      errors.add(unknownField(contextPath(root, context), propertyName, known));
      p.skipChildren();
      return true;
    }
  }

  private static String contextPath(String root, JsonStreamContext context) {
    List<String> parts = new ArrayList<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.add("[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.inObject() && c.getCurrentName() != null) {
        parts.add("." + c.getCurrentName());
      }
    }
    StringBuilder b = new StringBuilder(root);
    for (int i = parts.size() - 1; i >= 0; i--) {
      b.append(parts.get(i));
    }
    return b.toString();
  }
}
