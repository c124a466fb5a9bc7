package io.dhcpfailover.api.validation;

import io.dhcpfailover.api.v1alpha1.BootSpec;
import io.dhcpfailover.api.v1alpha1.OptionSpec;
import io.dhcpfailover.api.v1alpha1.Patterns;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules for the network-boot fields of a subnet or a reservation ({@link BootSpec}): {@code
 * nextServer} is a unicast IPv4 address; {@code tftpServerName} and {@code bootFileName} are
 * printable ASCII of at most {@link #MAX_NAME_LENGTH} bytes (one option instance, RFC 2132 §2); a
 * subnet gives each name once, as the field or as option 66/67, not both.
 */
final class BootRules {
  /** The longest name: one option 66/67 instance. */
  static final int MAX_NAME_LENGTH = 255;

  private static final Pattern NAME = Pattern.compile(Patterns.BOOT_NAME);
  private static final int TFTP_SERVER_NAME = 66;
  private static final int BOOT_FILE_NAME = 67;

  private final Problems problems;

  BootRules(Problems problems) {
    this.problems = problems;
  }

  void check(String path, BootSpec boot) {
    String next = boot.getNextServer();
    if (next != null) {
      Integer address = problems.ipv4(path + ".nextServer", next);
      if (address != null && (address == 0 || address == -1)) {
        problems.add(path + ".nextServer", "is no unicast address", next);
      }
    }
    checkName(path + ".tftpServerName", boot.getTftpServerName());
    checkName(path + ".bootFileName", boot.getBootFileName());
  }

  /** A subnet's names must not also be given as option 66 or 67. */
  void checkAgainstOptions(String path, BootSpec boot, List<OptionSpec> options) {
    for (int i = 0; i < options.size(); i++) {
      OptionSpec o = options.get(i);
      Integer code = o == null ? null : o.getCode();
      if (code == null) {
        continue;
      }
      if (code == TFTP_SERVER_NAME && boot.getTftpServerName() != null) {
        problems.add(
            path + ".options[" + i + "].code", "is also given as tftpServerName; give it once", code);
      } else if (code == BOOT_FILE_NAME && boot.getBootFileName() != null) {
        problems.add(
            path + ".options[" + i + "].code", "is also given as bootFileName; give it once", code);
      }
    }
  }

  private void checkName(String path, String name) {
    if (name == null) {
      return;
    }
    if (!NAME.matcher(name).matches()) {
      problems.add(
          path, "must be printable ASCII without spaces at either end", abbreviate(name));
    } else if (name.length() > MAX_NAME_LENGTH) {
      problems.add(
          path,
          "is " + name.length() + " bytes; option 66/67 holds at most " + MAX_NAME_LENGTH,
          abbreviate(name));
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
