package io.dhcpfailover.api.validation;

import io.dhcpfailover.api.v1alpha1.ClientClassSpec;
import io.dhcpfailover.api.v1alpha1.Patterns;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules for {@code spec.classes}: each class has a name (a lower-case DNS label) given once
 * and at least one criterion; {@code vendorClass} and {@code vendorClassPrefix} exclude each other;
 * texts are 1 to 255 bytes of printable ASCII, architectures 0 to 65535, circuit and remote ids hex
 * bytes, hardware address prefixes 1 to 6 bytes; options follow {@link OptionRules}, network-boot
 * fields {@link BootRules}.
 */
final class ClassRules {
  private static final Pattern NAME = Pattern.compile(Patterns.CLASS_NAME);
  private static final Pattern HEX = Pattern.compile(Patterns.HEX);
  private static final Pattern MAC_PREFIX = Pattern.compile(Patterns.MAC_PREFIX);
  private static final Pattern TEXT = Pattern.compile("^[ -~]{1,255}$");

  private final Problems problems;

  ClassRules(Problems problems) {
    this.problems = problems;
  }

  /** Checks every class; returns the names of the classes, valid or not, for the pools to name. */
  Set<String> check(List<ClientClassSpec> classes) {
    Map<String, String> names = new HashMap<>();
    for (int i = 0; i < classes.size(); i++) {
      String p = "spec.classes[" + i + "]";
      ClientClassSpec c = classes.get(i);
      if (c == null) {
        problems.required(p);
        continue;
      }
      checkName(p, c.getName(), names);
      checkCriteria(p, c);
      new OptionRules(problems).check(p, c.getOptions());
      BootRules boot = new BootRules(problems);
      boot.check(p, c);
      boot.checkAgainstOptions(p, c, c.getOptions());
    }
    return Set.copyOf(names.keySet());
  }

  private void checkName(String p, String name, Map<String, String> names) {
    if (name == null) {
      problems.required(p + ".name");
    } else if (name.length() > 63 || !NAME.matcher(name).matches()) {
      problems.add(
          p + ".name", "must be lower-case letters, digits and '-', at most 63 characters", name);
    } else if (names.containsKey(name)) {
      problems.add(p + ".name", "is also the name of " + names.get(name), name);
    } else {
      names.put(name, p);
    }
  }

  private void checkCriteria(String p, ClientClassSpec c) {
    boolean any =
        c.getVendorClass() != null
            || c.getVendorClassPrefix() != null
            || c.getUserClass() != null
            || c.getArchitectures() != null
            || c.getCircuitId() != null
            || c.getRemoteId() != null
            || c.getHardwareAddressPrefixes() != null;
    if (!any) {
      problems.add(
          p,
          "needs a criterion: vendorClass, vendorClassPrefix, userClass, architectures, circuitId,"
              + " remoteId or hardwareAddressPrefixes");
    }
    if (c.getVendorClass() != null && c.getVendorClassPrefix() != null) {
      problems.add(
          p + ".vendorClassPrefix", "give vendorClass (exact) or vendorClassPrefix, not both");
    }
    checkText(p + ".vendorClass", c.getVendorClass());
    checkText(p + ".vendorClassPrefix", c.getVendorClassPrefix());
    checkText(p + ".userClass", c.getUserClass());
    List<Integer> arch = c.getArchitectures();
    if (arch != null) {
      if (arch.isEmpty() || arch.size() > 16) {
        problems.add(p + ".architectures", "give 1 to 16 architecture types", arch);
      }
      for (int i = 0; i < arch.size(); i++) {
        problems.between(p + ".architectures[" + i + "]", arch.get(i), 0, 65535);
      }
    }
    checkHex(p + ".circuitId", c.getCircuitId());
    checkHex(p + ".remoteId", c.getRemoteId());
    List<String> prefixes = c.getHardwareAddressPrefixes();
    if (prefixes != null) {
      if (prefixes.isEmpty() || prefixes.size() > 64) {
        problems.add(p + ".hardwareAddressPrefixes", "give 1 to 64 prefixes", prefixes.size());
      }
      for (int i = 0; i < prefixes.size(); i++) {
        String prefix = prefixes.get(i);
        if (prefix == null || !MAC_PREFIX.matcher(prefix).matches()) {
          problems.add(
              p + ".hardwareAddressPrefixes[" + i + "]",
              "is no hardware address prefix (1 to 6 bytes like 52:54:00)",
              prefix);
        }
      }
    }
  }

  private void checkText(String path, String text) {
    if (text != null && !TEXT.matcher(text).matches()) {
      problems.add(path, "must be 1 to 255 characters of printable ASCII", text);
    }
  }

  private void checkHex(String path, String hex) {
    if (hex != null && (hex.length() > 765 || !HEX.matcher(hex).matches())) {
      problems.add(path, "is no hex bytes like 65:74:68:30", hex);
    }
  }
}
