package io.dhcpfailover.api.validation;

import io.dhcpfailover.api.v1alpha1.Patterns;
import io.dhcpfailover.api.v1alpha1.ReservationSpec;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules for {@code spec.subnets[].reservations}: each names a client (hardware address or
 * client id of at least 2 bytes) and an address inside the subnet, off its network and broadcast
 * addresses and outside its dynamic ranges; no address is reserved twice in the pair and no client
 * twice in a subnet; host names are DNS names; options follow {@link OptionRules}, network-boot
 * fields {@link BootRules}.
 */
final class ReservationRules {
  private static final Pattern MAC = Pattern.compile(Patterns.MAC);
  private static final Pattern HEX = Pattern.compile(Patterns.HEX);

  private final Problems problems;
  private final Map<Integer, String> reservedAddresses = new HashMap<>();

  ReservationRules(Problems problems) {
    this.problems = problems;
  }

  void check(
      String path, List<ReservationSpec> reservations, Prefix prefix, List<AddressRange> ranges) {
    Map<String, String> hardware = new HashMap<>();
    Map<String, String> clientIds = new HashMap<>();
    for (int i = 0; i < reservations.size(); i++) {
      String p = path + ".reservations[" + i + "]";
      ReservationSpec r = reservations.get(i);
      if (r == null) {
        problems.required(p);
        continue;
      }
      if (r.getHardwareAddress() == null && r.getClientId() == null) {
        problems.add(p, "needs hardwareAddress or clientId to know the client");
      }
      checkHardwareAddress(p, r.getHardwareAddress(), hardware);
      checkClientId(p, r.getClientId(), clientIds);
      checkAddress(p, r.getAddress(), prefix, ranges);
      String host = r.getHostname();
      if (host != null && !SubnetRules.DNS_NAME.matcher(host).matches()) {
        problems.add(p + ".hostname", "is no host name", host);
      }
      new OptionRules(problems).check(p, r.getOptions());
      BootRules boot = new BootRules(problems);
      boot.check(p, r);
      boot.checkAgainstOptions(p, r, r.getOptions());
    }
  }

  private void checkHardwareAddress(String p, String mac, Map<String, String> seen) {
    if (mac == null) {
      return;
    }
    if (!MAC.matcher(mac).matches()) {
      problems.add(p + ".hardwareAddress", "is no MAC address like 02:00:00:00:00:01", mac);
      return;
    }
    String other = seen.putIfAbsent(mac.toLowerCase(Locale.ROOT), p);
    if (other != null) {
      problems.add(p + ".hardwareAddress", "is already reserved in " + other, mac);
    }
  }

  private void checkClientId(String p, String id, Map<String, String> seen) {
    if (id == null) {
      return;
    }
    String digits = id.replace(":", "").toLowerCase(Locale.ROOT);
    if (!HEX.matcher(id).matches() || digits.length() < 4) {
      problems.add(p + ".clientId", "is no client identifier (at least 2 bytes in hex)", id);
      return;
    }
    String key = HexFormat.ofDelimiter(":").formatHex(HexFormat.of().parseHex(digits));
    String other = seen.putIfAbsent(key, p);
    if (other != null) {
      problems.add(p + ".clientId", "is already reserved in " + other, id);
    }
  }

  private void checkAddress(String p, String text, Prefix prefix, List<AddressRange> ranges) {
    Integer address = problems.ipv4(p + ".address", text);
    if (address == null) {
      return;
    }
    if (prefix != null && !prefix.contains(address)) {
      problems.add(p + ".address", "is not inside subnet " + prefix, text);
    } else if (prefix != null && (address == prefix.first() || address == prefix.last())) {
      problems.add(p + ".address", "is the network or broadcast address of " + prefix, text);
    }
    for (AddressRange range : ranges) {
      if (range.contains(address)) {
        problems.add(
            p + ".address",
            "is inside dynamic range " + range + "; reserve addresses outside the ranges",
            text);
      }
    }
    String other = reservedAddresses.putIfAbsent(address, p);
    if (other != null) {
      problems.add(p + ".address", "is already reserved in " + other, text);
    }
  }
}
