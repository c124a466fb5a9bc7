package io.dhcpfailover.lab;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The cells of a printer-column table, computed as a real API server computes them. */
final class TableCells {
  private TableCells() {}

  /** The value of {@code jsonPath} in {@code item}, as a real API server would show it. */
  static Object cell(JsonNode item, String jsonPath, String type, Instant now) {
    JsonNode value = evaluate(item, jsonPath);
    if (value == null || value.isMissingNode() || value.isNull()) {
      return null; // kubectl shows <none>
    }
    if ("date".equals(type)) {
      try {
        return age(Duration.between(Instant.parse(value.asText()), now));
      } catch (DateTimeParseException e) {
        return value.asText();
      }
    }
    if (value.isNumber()) {
      return value.numberValue();
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }

  /**
   * Evaluates the JSONPath subset printer columns use: {@code .a.b}, {@code .a[0]} and {@code
   * .a[?(@.k=="v")].b} (the first match).
   */
  static JsonNode evaluate(JsonNode root, String jsonPath) {
    Matcher segment =
        Pattern.compile("\\.([A-Za-z0-9_-]+)|\\[(\\d+)]|\\[\\?\\(@\\.([A-Za-z0-9_-]+)==\"([^\"]*)\"\\)]")
            .matcher(jsonPath);
    JsonNode node = root;
    int position = 0;
    while (position < jsonPath.length()) {
      if (!segment.find(position) || segment.start() != position) {
        throw new IllegalArgumentException("unsupported JSONPath " + jsonPath);
      }
      position = segment.end();
      if (segment.group(1) != null) {
        node = node.path(segment.group(1));
      } else if (segment.group(2) != null) {
        node = node.path(Integer.parseInt(segment.group(2)));
      } else {
        JsonNode match = null;
        for (JsonNode element : node) {
          if (segment.group(4).equals(element.path(segment.group(3)).asText(null))) {
            match = element;
            break;
          }
        }
        if (match == null) {
          return null;
        }
        node = match;
      }
    }
    return node;
  }

  /** A duration the way kubectl shows ages: 45s, 3m12s, 5h, 2d. */
  static String age(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 120) {
      return s + "s";
    }
    if (s < 600) {
      return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
    }
    if (s < 3 * 3600) {
      return (s / 60) + "m";
    }
    if (s < 48 * 3600) {
      return (s / 3600) + "h";
    }
    return (s / 86400) + "d";
  }
}
