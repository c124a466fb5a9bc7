package io.dhcpfailover.api.validation;

import io.dhcpfailover.api.v1alpha1.OptionSpec;
import io.dhcpfailover.api.v1alpha1.Patterns;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules for {@code spec.subnets[].options}: a code from 1 to 254 that the server does not set
 * itself and that has no field of its own, given once per subnet; exactly one value form; a value
 * of at most {@link #MAX_OPTION_LENGTH} bytes.
 */
final class OptionRules {
  /** The longest option value one option instance holds (RFC 2132 §2). */
  static final int MAX_OPTION_LENGTH = 255;

  private static final Pattern HEX = Pattern.compile(Patterns.HEX);

  private final Problems problems;

  OptionRules(Problems problems) {
    this.problems = problems;
  }

  void check(String path, List<OptionSpec> options) {
    Map<Integer, String> seen = new HashMap<>();
    for (int i = 0; i < options.size(); i++) {
      String p = path + ".options[" + i + "]";
      OptionSpec o = options.get(i);
      if (o == null) {
        problems.required(p);
        continue;
      }
      Integer code = o.getCode();
      if (code == null) {
        problems.required(p + ".code");
      } else if (code < 1 || code > 254) {
        problems.add(p + ".code", "must be 1 to 254", code);
      } else if (OptionValues.SERVER_CONTROLLED.containsKey(code)) {
        problems.add(
            p + ".code", "cannot be configured: " + OptionValues.SERVER_CONTROLLED.get(code), code);
      } else if (OptionValues.DEDICATED_FIELD.containsKey(code)) {
        problems.add(
            p + ".code",
            "has a field of its own: use " + OptionValues.DEDICATED_FIELD.get(code),
            code);
      } else if (seen.containsKey(code)) {
        problems.add(
            p + ".code", "is also given in " + seen.get(code) + "; give each code once", code);
      } else {
        seen.put(code, p);
      }
      checkValue(p, o);
    }
  }

  private void checkValue(String p, OptionSpec o) {
    List<String> forms = OptionValues.formsGiven(o);
    if (forms.isEmpty()) {
      problems.add(
          p, "needs a value: exactly one of value, addresses, text, hex, uint8, uint16, uint32");
      return;
    }
    if (forms.size() > 1) {
      problems.add(p, "has several value forms; give exactly one", String.join(", ", forms));
      return;
    }
    String form = forms.get(0);
    if (validForm(p, o, form) && fitsType(p + "." + form, o, form)) {
      int length;
      try {
        length = OptionValues.encode(o).length;
      } catch (IllegalArgumentException e) {
        // every form was checked above; should one still not encode, it is the value's problem,
        // never an exception out of validation
        problems.add(p + "." + form, e.getMessage(), abbreviate(String.valueOf(valueOf(o, form))));
        return;
      }
      if (length > MAX_OPTION_LENGTH) {
        problems.add(
            p + "." + forms.get(0),
            "is " + length + " bytes; one option holds at most " + MAX_OPTION_LENGTH,
            abbreviate(String.valueOf(valueOf(o, forms.get(0)))));
      }
    }
  }

  /**
   * Whether the value fits the type of its code (see {@link OptionTypes}); a code of unknown type
   * takes any form but {@code value}, whose reading needs the type.
   */
  private boolean fitsType(String path, OptionSpec o, String form) {
    Integer code = o.getCode();
    if (code == null
        || OptionValues.SERVER_CONTROLLED.containsKey(code)
        || OptionValues.DEDICATED_FIELD.containsKey(code)) {
      // the code itself is refused (its problem is reported); a value needs the code's type to be
      // read at all, the other forms encode without it
      return !form.equals("value");
    }
    OptionTypes.Definition d = OptionTypes.byCode(code);
    if (d == null) {
      if (form.equals("value")) {
        problems.add(path, "option " + o.getCode() + " has no known type, so its value cannot be"
            + " read; give it as hex, text, addresses, uint8, uint16 or uint32");
        return false;
      }
      return true;
    }
    String is = "option " + d.title() + " is " + d.type().label() + "; ";
    List<String> forms = OptionValues.formsFor(d.type());
    if (!forms.contains(form)) {
      problems.add(path, is + "give it as " + String.join(", ", forms).replaceFirst(", hex$", " or hex"));
      return false;
    }
    Long v = OptionValues.integer(o);
    if (v != null && (v < d.type().min() || v > d.type().max())
        && !(d.type() == OptionType.INT32 && form.equals("uint32"))) {
      problems.add(path, is + "\"" + v + "\" is out of range " + d.type().min() + " to "
          + d.type().max());
      return false;
    }
    try {
      byte[] raw = OptionValues.encode(o);
      String wrong = form.equals("hex") ? d.type().checkBytes(raw) : null;
      if (wrong != null) {
        problems.add(path, is + "the bytes \"" + abbreviate(o.getHex()) + "\" " + wrong);
        return false;
      }
    } catch (IllegalArgumentException e) {
      problems.add(path, is + e.getMessage());
      return false;
    }
    return true;
  }

  private boolean validForm(String p, OptionSpec o, String form) {
    switch (form) {
      case "value" -> {
        return true;
      }
      case "addresses" -> {
        boolean valid = true;
        if (o.getAddresses().isEmpty()) {
          problems.add(p + ".addresses", "at least one address is required");
          valid = false;
        }
        return valid
            & problems.addresses(p + ".addresses", o.getAddresses()).stream()
                .allMatch(a -> a != null);
      }
      case "text" -> {
        if (o.getText().isEmpty()) {
          problems.add(p + ".text", "must not be empty");
          return false;
        }
        return true;
      }
      case "hex" -> {
        if (!HEX.matcher(o.getHex()).matches()) {
          problems.add(p + ".hex", "is no hex bytes like 01:02:ff or 0102ff", o.getHex());
          return false;
        }
        return true;
      }
      case "uint8" -> {
        return problems.between(p + ".uint8", o.getUint8(), 0, 255);
      }
      case "uint16" -> {
        return problems.between(p + ".uint16", o.getUint16(), 0, 65535);
      }
      default -> {
        if (o.getUint32() < 0 || o.getUint32() > 0xFFFF_FFFFL) {
          problems.add(p + ".uint32", "must be 0 to 4294967295", o.getUint32());
          return false;
        }
        return true;
      }
    }
  }

  private static Object valueOf(OptionSpec o, String form) {
    return switch (form) {
      case "value" -> o.getValue();
      case "addresses" -> o.getAddresses();
      case "text" -> o.getText();
      case "hex" -> o.getHex();
      default -> "";
    };
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
