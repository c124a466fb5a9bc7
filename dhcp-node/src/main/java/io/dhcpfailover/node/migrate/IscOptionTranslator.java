package io.dhcpfailover.node.migrate;

import io.dhcpfailover.api.v1alpha1.SubnetSpec;
import io.dhcpfailover.api.validation.OptionType;
import io.dhcpfailover.api.validation.OptionTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ISC dhcpd's {@code option} statements (dhcp-options(5)): values of the options known by name,
 * and new options defined with {@code option NAME code N = TYPE} of a simple type.
 */
final class IscOptionTranslator {
  private final PairDraft draft;
  private final Map<String, OptionTypes.Definition> custom = new HashMap<>();

  IscOptionTranslator(PairDraft draft) {
    this.draft = draft;
  }

  /** The options the file defined, by lower-case name. */
  Map<String, OptionTypes.Definition> custom() {
    return custom;
  }

  /** {@code option NAME VALUE[, VALUE...];} into {@code target}, or a definition. */
  void translate(IscStatement s, SubnetSpec target) {
    if (s.size() < 2) {
      draft.note(s.line(), s.summary() + " not translated: no option name");
      return;
    }
    String name = s.word(1).toLowerCase(Locale.ROOT);
    if (s.size() > 3 && s.words().get(2).is("code")) {
      define(s);
      return;
    }
    if (name.equals("space") || name.contains(".")) {
      draft.note(s.line(), s.summary() + " not translated: option spaces and vendor options are"
          + " not supported (give the encapsulated bytes as option 43 in hex)");
      return;
    }
    OptionTypes.Definition d = custom.containsKey(name) ? custom.get(name) : OptionCatalog.byName(name);
    if (d == null) {
      draft.note(s.line(), s.summary() + " not translated: option " + name + " is not known to the"
          + " importer (give it under options by code)");
      return;
    }
    List<String> values = listValues(s, 2);
    if (values == null) {
      draft.note(s.line(), s.summary() + " not translated: only literal values are supported");
      return;
    }
    String problem = OptionCatalog.apply(d, values, target);
    if (problem != null) {
      draft.note(s.line(), s.summary() + " not translated: " + problem);
    }
  }

  /** {@code option NAME code N = TYPE;}: a new option by code, of one of the simple types. */
  private void define(IscStatement s) {
    String name = s.word(1).toLowerCase(Locale.ROOT);
    StringBuilder type = new StringBuilder();
    for (int i = 5; i < s.size(); i++) {
      type.append(i > 5 ? " " : "").append(s.word(i).toLowerCase(Locale.ROOT));
    }
    OptionType t = switch (type.toString()) {
      case "ip-address", "array of ip-address" -> OptionType.IPV4_LIST;
      case "text", "string" -> type.toString().equals("text") ? OptionType.STRING : OptionType.BYTES;
      case "unsigned integer 8" -> OptionType.UINT8;
      case "unsigned integer 16" -> OptionType.UINT16;
      case "unsigned integer 32" -> OptionType.UINT32;
      case "integer 32", "signed integer 32" -> OptionType.INT32;
      case "boolean" -> OptionType.BOOLEAN;
      case "domain-list" -> OptionType.DOMAIN_LIST;
      default -> null;
    };
    Integer code = null;
    try {
      code = Integer.parseInt(s.word(3));
    } catch (NumberFormatException e) {
      // reported below
    }
    if (t == null || code == null || code < 1 || code > 254 || !s.words().get(4).is("=") || name.contains(".")) {
      draft.note(s.line(), s.summary() + " not translated: only options of a simple type (addresses,"
          + " text, integers, boolean, domain list) in the dhcp space are supported");
      return;
    }
    custom.put(name, new OptionTypes.Definition(code, name, t));
  }

  /**
   * The comma-separated values from word {@code from}: each one word or string; null when a value
   * is an expression.
   */
  static List<String> listValues(IscStatement s, int from) {
    List<String> values = new ArrayList<>();
    boolean expectValue = true;
    for (int i = from; i < s.size(); i++) {
      IscToken t = s.words().get(i);
      if (t.kind() == IscToken.Kind.COMMA) {
        if (expectValue) {
          return null;
        }
        expectValue = true;
      } else {
        if (!expectValue || t.is("=")) {
          return null;
        }
        values.add(t.text());
        expectValue = false;
      }
    }
    return values;
  }
}
