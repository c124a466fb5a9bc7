package io.dhcpfailover.api.corpus;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.validation.ConfigError;
import io.dhcpfailover.api.validation.PairValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every spec the tests hold up as good or bad, in one place: the manifests of {@code examples/},
 * and each bad spec as a change to the valid {@code pairs/hot-standby.yaml}. The CRD's tests, the
 * shared validator's tests, the operator's tests and the node's start-up tests all draw from it,
 * and {@code SpecCorpusAgreementTest} (in the node) checks that the schema with its CEL rules, the
 * shared validator and the node's start-up check give every entry the same verdict.
 */
public final class SpecCorpus {
  /** YAML reader and writer for manifests. */
  public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * A spec that must be refused.
   *
   * @param name what is wrong, in a few words
   * @param breakIt the change to the valid pair's {@code spec}
   * @param field the path of the field every check must name, e.g. {@code spec.mclt}
   */
  public record BadSpec(String name, Consumer<ObjectNode> breakIt, String field) {
    /** The valid pair with this change. */
    public ObjectNode manifest() {
      ObjectNode pair = valid();
      breakIt.accept((ObjectNode) pair.get("spec"));
      return pair;
    }

    /** The field's last name, without indices: {@code leaseTime} for {@code spec.subnets[0].leaseTime}. */
    public String leaf() {
      String last = field.substring(field.lastIndexOf('.') + 1);
      int bracket = last.indexOf('[');
      return bracket < 0 ? last : last.substring(0, bracket);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private SpecCorpus() {}

  /** The specs a new user tried (issue of the shared contract): each passed the old checks. */
  public static List<BadSpec> firstUserSpecs() {
    return List.of(
        bad("range holding the network address",
            s -> range(s, 0, "198.18.0.0-198.18.0.50"), "spec.subnets[0].ranges[0]"),
        bad("range holding the primary's address",
            s -> ranges(s).add("198.18.0.2-198.18.0.2"), "spec.subnets[0].ranges[1]"),
        bad("zero mclt", s -> s.put("mclt", "0s"), "spec.mclt"),
        bad("mclt units out of order", s -> s.put("mclt", "30m1h"), "spec.mclt"),
        bad("lease time below the floor", s -> subnet(s).put("leaseTime", "0s"),
            "spec.subnets[0].leaseTime"));
  }

  /**
   * Option values of the wrong type for their code. The CRD's schema checks a value's shape only
   * (a string, a number of its field's width), so the API server accepts these; the shared
   * validator, and so the operator and the node, refuse them naming the field.
   */
  public static List<BadSpec> typedOptionSpecs() {
    return List.of(
        bad("interface MTU past 16 bits",
            s -> options(s).addObject().put("code", 26).put("value", "70000"),
            "spec.subnets[0].options[2].value"),
        bad("interface MTU as 32 bits past 16",
            s -> options(s).addObject().put("code", 26).put("uint32", 70000),
            "spec.subnets[0].options[2].uint32"),
        bad("NTP server by host name", s -> option(s).<ObjectNode>without("addresses").put("value", "ntp.lab"),
            "spec.subnets[0].options[0].value"),
        bad("domain search list as raw text",
            s -> options(s).addObject().put("code", 119).put("text", "lab.example"),
            "spec.subnets[0].options[2].text"),
        bad("class flag that is no boolean",
            s -> clientClass(s).putArray("options").addObject().put("code", 19).put("value", "yes"),
            "spec.classes[0].options[0].value"),
        bad("value for a code of unknown type",
            s -> options(s).addObject().put("code", 224).put("value", "1"),
            "spec.subnets[0].options[2].value"));
  }

  /** Every bad spec of the tests. */
  public static List<BadSpec> badSpecs() {
    List<BadSpec> all = new ArrayList<>(firstUserSpecs());
    all.addAll(BadSpecs.schema());
    all.addAll(BadSpecs.crossField());
    return all;
  }

  /** A fresh copy of the valid pair {@code pairs/hot-standby.yaml}. */
  public static ObjectNode valid() {
    try (InputStream in = SpecCorpus.class.getResourceAsStream("/pairs/hot-standby.yaml")) {
      return (ObjectNode) YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The pair manifests of {@code examples/} and of the test fixtures, with their file names. */
  public static List<ObjectNode> goodManifests() {
    List<ObjectNode> out = new ArrayList<>();
    out.add(valid());
    Path examples = examples();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(examples, "*.yaml")) {
      for (Path file : files) {
        var parser = YAML.getFactory().createParser(file.toFile());
        var docs = YAML.readValues(parser, JsonNode.class);
        while (docs.hasNext()) {
          JsonNode doc = docs.next();
          if (doc instanceof ObjectNode o && "DhcpFailoverPair".equals(o.path("kind").asText())) {
            out.add(o);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** A manifest as the model, the status left out as a node reading its pair file would. */
  public static DhcpFailoverPair toPair(ObjectNode manifest) {
    ObjectNode copy = manifest.deepCopy();
    copy.remove("status");
    try {
      return YAML.treeToValue(copy, DhcpFailoverPair.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The shared validator's verdict on a manifest, as the paths of the fields it refuses: a value
   * the model cannot hold (wrong type, unknown enum value, unknown field) is refused by binding,
   * everything else by {@link PairValidator}. Empty when the manifest is valid.
   */
  public static List<String> validatorPaths(ObjectNode manifest) {
    ObjectNode copy = manifest.deepCopy();
    copy.remove("status");
    DhcpFailoverPair pair;
    try {
      pair = STRICT.treeToValue(copy, DhcpFailoverPair.class);
    } catch (JsonMappingException e) {
      StringBuilder path = new StringBuilder();
      for (JsonMappingException.Reference ref : e.getPath()) {
        if (ref.getFieldName() != null) {
          path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
        } else {
          path.append('[').append(ref.getIndex()).append(']');
        }
      }
      return List.of(path.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return PairValidator.validate(pair).stream().map(ConfigError::path).toList();
  }

  /** The repository's {@code examples/} directory, found from the module directory upwards. */
  public static Path examples() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("examples");
      if (Files.isDirectory(candidate) && Files.exists(dir.resolve("pom.xml"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no examples directory above " + Path.of("").toAbsolutePath());
  }

  static BadSpec bad(String name, Consumer<ObjectNode> breakIt, String field) {
    return new BadSpec(name, breakIt, field);
  }

  static ObjectNode node(ObjectNode spec, String field) {
    return (ObjectNode) spec.get(field);
  }

  static ObjectNode subnet(ObjectNode spec) {
    return (ObjectNode) spec.get("subnets").get(0);
  }

  static ArrayNode ranges(ObjectNode spec) {
    return (ArrayNode) subnet(spec).get("ranges");
  }

  static void range(ObjectNode spec, int index, String value) {
    ranges(spec).set(index, value);
  }

  static ArrayNode options(ObjectNode spec) {
    return (ArrayNode) subnet(spec).get("options");
  }

  static ObjectNode option(ObjectNode spec) {
    return (ObjectNode) subnet(spec).get("options").get(0);
  }

  /**
   * The first pool of the first subnet, made when missing: {@code 198.18.0.20-198.18.0.49} for the
   * members of the first class ({@link #clientClass}, made too).
   */
  static ObjectNode pool(ObjectNode spec) {
    clientClass(spec);
    ObjectNode subnet = subnet(spec);
    if (!subnet.has("pools")) {
      ObjectNode pool = subnet.putArray("pools").addObject();
      pool.put("range", "198.18.0.20-198.18.0.49");
      pool.putArray("classes").add("uefi");
      pool.put("bootFileName", "ipxe.efi");
    }
    return (ObjectNode) subnet.get("pools").get(0);
  }

  /** The pools of the first subnet, with the one of {@link #pool}. */
  static ArrayNode pools(ObjectNode spec) {
    pool(spec);
    return (ArrayNode) subnet(spec).get("pools");
  }

  /** The first class, made when missing: {@code uefi}, clients of architecture 7. */
  static ObjectNode clientClass(ObjectNode spec) {
    if (!spec.has("classes")) {
      ObjectNode c = spec.putArray("classes").addObject();
      c.put("name", "uefi");
      c.putArray("architectures").add(7);
      c.put("bootFileName", "ipxe.efi");
    }
    return (ObjectNode) spec.get("classes").get(0);
  }

  static ObjectNode reservation(ObjectNode spec) {
    return (ObjectNode) subnet(spec).get("reservations").get(0);
  }
}
