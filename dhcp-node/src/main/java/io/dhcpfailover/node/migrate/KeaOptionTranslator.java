package io.dhcpfailover.node.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import io.dhcpfailover.api.v1alpha1.SubnetSpec;
import io.dhcpfailover.api.validation.OptionType;
import io.dhcpfailover.api.validation.OptionTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Kea's {@code option-def} and {@code option-data} (by name or code, {@code csv-format} true or
 * false) in the dhcp4 space.
 */
final class KeaOptionTranslator {
  private final PairDraft draft;
  private final Map<String, OptionTypes.Definition> custom = new HashMap<>();

  KeaOptionTranslator(PairDraft draft) {
    this.draft = draft;
  }

  /** An option by name: the file's own definitions first, then the known ones. */
  OptionTypes.Definition byName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return custom.containsKey(n) ? custom.get(n) : OptionCatalog.byName(n);
  }

  private static Iterable<JsonNode> iterable(JsonNode array) {
    return array != null && array.isArray() ? array : List.of();
  }


  /** {@code option-def}: options of a simple type in the dhcp4 space. */
  void definitions(JsonNode defs, String path) {
    int i = 0;
    for (JsonNode d : iterable(defs)) {
      String p = path + "[" + i++ + "]";
      String type = d.path("type").asText();
      boolean array = d.path("array").asBoolean(false);
      OptionType t = switch (type) {
        case "ipv4-address" -> OptionType.IPV4_LIST;
        case "string" -> array ? null : OptionType.STRING;
        case "uint8" -> array ? null : OptionType.UINT8;
        case "uint16" -> array ? null : OptionType.UINT16;
        case "uint32" -> array ? null : OptionType.UINT32;
        case "int32" -> array ? null : OptionType.INT32;
        case "boolean" -> array ? null : OptionType.BOOLEAN;
        case "fqdn" -> OptionType.DOMAIN_LIST;
        case "binary" -> OptionType.BYTES;
        default -> null;
      };
      String space = d.path("space").asText("dhcp4");
      int code = d.path("code").asInt(0);
      if (t == null || !space.equals("dhcp4") || code < 1 || code > 254) {
        draft.note(0, p + " (" + d.path("name").asText() + ") not translated: only options of a"
            + " simple type in the dhcp4 space are supported");
        continue;
      }
      custom.put(d.path("name").asText().toLowerCase(Locale.ROOT),
          new OptionTypes.Definition(code, d.path("name").asText(), t));
    }
  }

  /** One entry of {@code option-data} into {@code target}. */
  void translate(JsonNode o, SubnetSpec target, String path) {
    String space = o.path("space").asText("dhcp4");
    String name = o.path("name").asText("").toLowerCase(Locale.ROOT);
    OptionTypes.Definition d = null;
    if (!name.isEmpty()) {
      d = custom.containsKey(name) ? custom.get(name) : OptionCatalog.byName(name);
    } else if (o.has("code")) {
      int code = o.get("code").asInt();
      d = OptionCatalog.byCode(code);
      if (d == null) {
        for (OptionTypes.Definition c : custom.values()) {
          if (c.code() == code) {
            d = c;
          }
        }
      }
      if (d == null && code >= 1 && code <= 254) {
        d = new OptionTypes.Definition(code, "option " + code, OptionType.BYTES);
      }
    }
    String label = name.isEmpty() ? "code " + o.path("code").asText() : name;
    if (!space.equals("dhcp4")) {
      draft.note(0, path + " (" + label + ", space " + space + ") not translated: only the dhcp4"
          + " space is supported");
      return;
    }
    if (d == null) {
      draft.note(0, path + " (" + label + ") not translated: option not known to the importer"
          + " (give it under options by code)");
      return;
    }
    String data = o.path("data").asText("");
    List<String> values = new ArrayList<>();
    if (!o.path("csv-format").asBoolean(true) || (d.type() == OptionType.BYTES)) {
      d = new OptionTypes.Definition(d.code(), d.name(), OptionType.BYTES);
      values.add(data.replace(" ", ""));
      if (d.code() == 1 || d.code() == 3 || d.code() == 6 || d.code() == 12 || d.code() == 15) {
        draft.note(0, path + " (" + label + ") not translated: give it as text (csv-format true)");
        return;
      }
    } else if (d.type() == OptionType.STRING) {
      values.add(data);
    } else {
      for (String part : data.split(",")) {
        if (!part.isBlank()) {
          values.add(part.trim());
        }
      }
    }
    if (o.path("always-send").asBoolean(false)) {
      draft.note(0, path + " (" + label + "): always-send not translated: the node sends options"
          + " with fields of their own always and others when the client asks");
    }
    String problem = OptionCatalog.apply(d, values, target);
    if (problem != null) {
      draft.note(0, path + " not translated: " + problem);
    }
  }
}
