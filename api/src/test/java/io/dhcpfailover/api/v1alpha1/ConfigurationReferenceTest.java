package io.dhcpfailover.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's "Configuration reference" names every field of the spec, and only those, with the
 * model's defaults: the model is walked as Jackson sees it (what the CRD is generated from and what
 * a pair file is read into), the README's tables are read by their headings ({@code #### `spec.limits`})
 * and their rows ({@code | `offerHold` | duration | `10s` | ... |}).
 */
class ConfigurationReferenceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  /** Object path, e.g. {@code spec.subnets[]}, to its fields and their defaults (null: none). */
  private static final Map<String, Map<String, JsonNode>> MODEL = new TreeMap<>();

  /** The same as the README documents it: path to field to the text of the default cell. */
  private static final Map<String, Map<String, String>> README = new TreeMap<>();

  @BeforeAll
  static void read() throws Exception {
    walk("spec", DhcpFailoverPairSpec.class);
    readReadme();
  }

  private static void walk(String path, Class<?> type) throws Exception {
    JavaType javaType = JSON.constructType(type);
    BeanDescription bean = JSON.getSerializationConfig().introspect(javaType);
    JsonNode defaults = JSON.valueToTree(type.getDeclaredConstructor().newInstance());
    Map<String, JsonNode> fields = new TreeMap<>();
    MODEL.put(path, fields);
    for (BeanPropertyDefinition p : bean.findProperties()) {
      JsonNode d = defaults.get(p.getName());
      fields.put(p.getName(), d != null && d.isValueNode() && !d.isNull() ? d : null);
      JavaType t = p.getPrimaryType();
      if (t.isCollectionLikeType() && isModel(t.getContentType().getRawClass())) {
        walk(path + "." + p.getName() + "[]", t.getContentType().getRawClass());
      } else if (isModel(t.getRawClass())) {
        walk(path + "." + p.getName(), t.getRawClass());
      }
    }
  }

  private static boolean isModel(Class<?> c) {
    return !c.isEnum() && c.getPackageName().equals(DhcpFailoverPairSpec.class.getPackageName());
  }

  private static void readReadme() throws IOException {
    String text = Files.readString(readme());
    int start = text.indexOf("\n## Configuration reference\n");
    assertThat(start).as("README has a section 'Configuration reference'").isPositive();
    int end = text.indexOf("\n## ", start + 1);
    List<String> current = new ArrayList<>();
    for (String line : text.substring(start, end < 0 ? text.length() : end).split("\n")) {
      if (line.startsWith("#### ")) {
        current = codeSpans(line);
        current.forEach(p -> README.putIfAbsent(p, new LinkedHashMap<>()));
      } else if (line.startsWith("| `") && !current.isEmpty()) {
        String[] cells = line.split("(?<!\\\\)\\|");
        for (String field : codeSpans(cells[1])) {
          for (String p : current) {
            README.get(p).put(field, cells[3].trim());
          }
        }
      } else if (line.startsWith("### ")) {
        current = List.of();
      }
    }
  }

  private static List<String> codeSpans(String s) {
    List<String> out = new ArrayList<>();
    Matcher m = CODE.matcher(s);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static Path readme() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve("pom.xml"))
          && Files.isDirectory(dir.resolve("api"))) {
        return dir.resolve("README.md");
      }
    }
    throw new IllegalStateException("no README.md above " + Path.of("").toAbsolutePath());
  }

  @Test
  void everyObjectOfTheSpecHasATable() {
    assertThat(README.keySet()).containsExactlyInAnyOrderElementsOf(MODEL.keySet());
  }

  @Test
  void everyFieldIsDocumentedAndNothingElse() {
    List<String> missing = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    MODEL.forEach((path, fields) -> fields.keySet().forEach(f -> {
      if (!README.getOrDefault(path, Map.of()).containsKey(f)) {
        missing.add(path + "." + f);
      }
    }));
    README.forEach((path, fields) -> fields.keySet().forEach(f -> {
      if (!MODEL.getOrDefault(path, Map.of()).containsKey(f)) {
        stale.add(path + "." + f);
      }
    }));
    assertThat(missing).as("fields the README does not document").isEmpty();
    assertThat(stale).as("fields the README documents but the model lacks").isEmpty();
  }

  @Test
  void everyDefaultIsTheModels() {
    Map<String, String> wrong = new TreeMap<>();
    MODEL.forEach((path, fields) -> fields.forEach((f, d) -> {
      String cell = README.getOrDefault(path, Map.of()).get(f);
      if (d != null && cell != null && !cell.startsWith("`" + d.asText() + "`")) {
        wrong.put(path + "." + f, "README says " + cell + ", the model `" + d.asText() + "`");
      }
    }));
    assertThat(wrong).isEmpty();
  }

  @Test
  void theWalkSeesTheNestedObjects() {
    assertThat(MODEL).containsKeys("spec.subnets[].pools[].options[]", "spec.limits",
        "spec.subnets[].pingCheck", "spec.classes[]");
    assertThat(MODEL.get("spec").get("mclt").asText()).isEqualTo("1h");
  }
}
