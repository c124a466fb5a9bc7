package io.dhcpfailover.node.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, and the expressions of a Grafana dashboard and of a
 * Prometheus rule file. Enough PromQL for our own queries: label matchers, quoted strings, range
 * and offset durations, Grafana variables and the label lists of {@code by}, {@code without},
 * {@code on}, {@code ignoring}, {@code group_left}, {@code group_right} are not names; an
 * identifier followed by {@code (} is a function or aggregation.
 */
public final class PromQlNames {
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern LABEL_LIST =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?\\w+}?");
  private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])([a-zA-Z_:][\\w:]*)(\\s*\\()?");
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left",
          "group_right", "inf", "nan", "Inf", "NaN");

  private PromQlNames() {}

  /** The metric names {@code expr} reads. */
  public static Set<String> of(String expr) {
    String s = STRING.matcher(expr).replaceAll("\"\"");
    s = MATCHERS.matcher(s).replaceAll(" ");
    s = RANGE.matcher(s).replaceAll(" ");
    s = LABEL_LIST.matcher(s).replaceAll(" ");
    s = VARIABLE.matcher(s).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(s);
    while (m.find()) {
      if (m.group(2) == null && !KEYWORDS.contains(m.group(1))) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** The names read by every {@code expr} of a dashboard's panels and by its variables' queries. */
  public static Set<String> ofDashboard(Path json) throws IOException {
    Set<String> names = new TreeSet<>();
    collect(new ObjectMapper().readTree(Files.readString(json)), names);
    return names;
  }

  /** The names read by every rule's {@code expr} in a Prometheus rule file. */
  public static Set<String> ofRules(Path yaml) throws IOException {
    Set<String> names = new TreeSet<>();
    for (JsonNode group : new YAMLMapper().readTree(Files.readString(yaml)).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        names.addAll(of(rule.path("expr").asText()));
      }
    }
    return names;
  }

  private static void collect(JsonNode node, Set<String> names) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        if (e.getValue().isTextual() && (e.getKey().equals("expr") || e.getKey().equals("definition"))) {
          names.addAll(of(labelValues(e.getValue().asText())));
        } else {
          collect(e.getValue(), names);
        }
      });
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, names));
    }
  }

  /** {@code label_values(m{...}, label)}, a Grafana variable query, as the selector it reads. */
  private static String labelValues(String query) {
    Matcher m = Pattern.compile("^\\s*label_values\\((.*),\\s*\\w+\\s*\\)\\s*$").matcher(query);
    return m.matches() ? m.group(1) : query;
  }
}
