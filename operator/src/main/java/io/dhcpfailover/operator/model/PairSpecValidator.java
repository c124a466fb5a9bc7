package io.dhcpfailover.operator.model;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairSpec;
import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.api.v1alpha1.NodeSpec;
import io.dhcpfailover.api.v1alpha1.OptionSpec;
import io.dhcpfailover.api.v1alpha1.Patterns;
import io.dhcpfailover.api.v1alpha1.ReservationSpec;
import io.dhcpfailover.api.v1alpha1.SubnetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks a pair spec before anything is rendered. It mirrors the CRD's schema and CEL rules (so a
 * pair that slipped past them, e.g. created before the CRD was updated, is still refused) and adds
 * the checks a schema cannot express: ranges and reservations inside their subnet, ranges in order
 * and not overlapping. Every message starts with the path of the field it is about.
 */
public final class PairSpecValidator {

  private static final Pattern IPV4 = Pattern.compile(Patterns.IPV4);
  private static final Pattern CIDR4 = Pattern.compile(Patterns.CIDR4);
  private static final Pattern RANGE4 = Pattern.compile(Patterns.RANGE4);
  private static final Pattern DURATION = Pattern.compile(Patterns.DURATION);
  private static final Pattern MAC = Pattern.compile(Patterns.MAC);
  private static final Pattern HEX = Pattern.compile(Patterns.HEX);
  private static final Pattern QUANTITY = Pattern.compile(Patterns.QUANTITY);

  private PairSpecValidator() {}

  /** The problems of a spec, each naming its field; empty when the spec is valid. */
  public static List<String> validate(DhcpFailoverPairSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      problems.add("spec: is required");
      return problems;
    }
    Mode mode = spec.getMode() == null ? Mode.HOT_STANDBY : spec.getMode();
    if (spec.getSplit() != null) {
      if (mode != Mode.LOAD_BALANCE) {
        problems.add("spec.split: is only allowed with mode LoadBalance");
      } else if (spec.getSplit() < 0 || spec.getSplit() > 256) {
        problems.add("spec.split: must be between 0 and 256, got " + spec.getSplit());
      }
    }
    duration(problems, "spec.mclt", spec.getMclt());
    duration(problems, "spec.maxResponseDelay", spec.getMaxResponseDelay());
    duration(problems, "spec.autoPartnerDown", spec.getAutoPartnerDown());
    duration(problems, "spec.declineProbation", spec.getDeclineProbation());
    range(problems, "spec.maxUnackedUpdates", spec.getMaxUnackedUpdates(), 1, 1000);
    range(problems, "spec.loadBalanceMaxSeconds", spec.getLoadBalanceMaxSeconds(), 0, 65535);
    range(problems, "spec.failoverPort", spec.getFailoverPort(), 1, 65535);
    range(problems, "spec.httpPort", spec.getHttpPort(), 1, 65535);
    if (Objects.equals(spec.getFailoverPort(), spec.getHttpPort())) {
      problems.add("spec.httpPort: must differ from spec.failoverPort");
    }
    node(problems, "spec.primary", spec.getPrimary());
    node(problems, "spec.secondary", spec.getSecondary());
    if (spec.getPrimary() != null && spec.getSecondary() != null) {
      if (spec.getPrimary().getAddress() != null
          && spec.getPrimary().getAddress().equals(spec.getSecondary().getAddress())) {
        problems.add("spec.secondary.address: must differ from spec.primary.address");
      }
      String a = spec.getPrimary().getNodeName();
      if (a != null && !a.isBlank() && a.equals(spec.getSecondary().getNodeName())) {
        problems.add("spec.secondary.nodeName: must differ from spec.primary.nodeName");
      }
    }
    if (spec.getSubnets() == null || spec.getSubnets().isEmpty()) {
      problems.add("spec.subnets: at least one subnet is required");
    } else {
      for (int i = 0; i < spec.getSubnets().size(); i++) {
        subnet(problems, "spec.subnets[" + i + "]", spec.getSubnets().get(i));
      }
    }
    if (spec.getStorage() != null
        && spec.getStorage().getSize() != null
        && !QUANTITY.matcher(spec.getStorage().getSize()).matches()) {
      problems.add("spec.storage.size: not a quantity such as 1Gi: " + spec.getStorage().getSize());
    }
    if (spec.getUpgrade() != null && spec.getUpgrade().getStepTimeout() != null) {
      duration(problems, "spec.upgrade.stepTimeout", spec.getUpgrade().getStepTimeout());
    }
    return problems;
  }

  private static void node(List<String> problems, String path, NodeSpec node) {
    if (node == null) {
      problems.add(path + ": is required");
      return;
    }
    address(problems, path + ".address", node.getAddress(), true);
  }

  private static void subnet(List<String> problems, String path, SubnetSpec subnet) {
    if (subnet.getSubnet() == null || !CIDR4.matcher(subnet.getSubnet()).matches()) {
      problems.add(path + ".subnet: not an IPv4 prefix such as 198.18.0.0/22: " + subnet.getSubnet());
      return;
    }
    String[] cidr = subnet.getSubnet().split("/");
    int prefix = Integer.parseInt(cidr[1]);
    long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    long network = toLong(cidr[0]) & mask;
    duration(problems, path + ".leaseTime", subnet.getLeaseTime());
    List<long[]> ranges = new ArrayList<>();
    for (int i = 0; i < subnet.getRanges().size(); i++) {
      String rangePath = path + ".ranges[" + i + "]";
      String range = subnet.getRanges().get(i);
      if (range == null || !RANGE4.matcher(range).matches()) {
        problems.add(rangePath + ": not a range 'first-last' of IPv4 addresses: " + range);
        continue;
      }
      String[] ends = range.split("-");
      long first = toLong(ends[0]);
      long last = toLong(ends[1]);
      if (first > last) {
        problems.add(rangePath + ": first address is after the last: " + range);
      } else if ((first & mask) != network || (last & mask) != network) {
        problems.add(rangePath + ": not inside " + subnet.getSubnet() + ": " + range);
      } else {
        for (long[] other : ranges) {
          if (first <= other[1] && other[0] <= last) {
            problems.add(rangePath + ": overlaps another range: " + range);
          }
        }
        ranges.add(new long[] {first, last});
      }
    }
    list(problems, path + ".routers", subnet.getRouters());
    list(problems, path + ".dnsServers", subnet.getDnsServers());
    for (int i = 0; i < subnet.getOptions().size(); i++) {
      option(problems, path + ".options[" + i + "]", subnet.getOptions().get(i));
    }
    for (int i = 0; i < subnet.getReservations().size(); i++) {
      String resPath = path + ".reservations[" + i + "]";
      ReservationSpec reservation = subnet.getReservations().get(i);
      if (reservation.getHardwareAddress() == null && reservation.getClientId() == null) {
        problems.add(resPath + ": needs a hardwareAddress or a clientId");
      }
      if (reservation.getHardwareAddress() != null
          && !MAC.matcher(reservation.getHardwareAddress()).matches()) {
        problems.add(
            resPath + ".hardwareAddress: not a MAC address: " + reservation.getHardwareAddress());
      }
      if (reservation.getClientId() != null && !HEX.matcher(reservation.getClientId()).matches()) {
        problems.add(resPath + ".clientId: not hex bytes: " + reservation.getClientId());
      }
      if (address(problems, resPath + ".address", reservation.getAddress(), true)
          && (toLong(reservation.getAddress()) & mask) != network) {
        problems.add(
            resPath + ".address: not inside " + subnet.getSubnet() + ": " + reservation.getAddress());
      }
    }
  }

  private static void option(List<String> problems, String path, OptionSpec option) {
    range(problems, path + ".code", option.getCode(), 1, 254);
    if (option.getCode() == null) {
      problems.add(path + ".code: is required");
    }
    long forms =
        Stream.of(
                option.getAddresses(),
                option.getText(),
                option.getHex(),
                option.getUint8(),
                option.getUint16(),
                option.getUint32())
            .filter(Objects::nonNull)
            .count();
    if (forms != 1) {
      problems.add(path + ": needs exactly one of addresses, text, hex, uint8, uint16 or uint32");
    }
    if (option.getAddresses() != null) {
      list(problems, path + ".addresses", option.getAddresses());
    }
    if (option.getHex() != null && !HEX.matcher(option.getHex()).matches()) {
      problems.add(path + ".hex: not hex bytes: " + option.getHex());
    }
    range(problems, path + ".uint8", option.getUint8(), 0, 255);
    range(problems, path + ".uint16", option.getUint16(), 0, 65535);
    if (option.getUint32() != null && (option.getUint32() < 0 || option.getUint32() > 0xFFFFFFFFL)) {
      problems.add(path + ".uint32: must be between 0 and 4294967295");
    }
  }

  private static void list(List<String> problems, String path, List<String> addresses) {
    for (int i = 0; i < addresses.size(); i++) {
      address(problems, path + "[" + i + "]", addresses.get(i), true);
    }
  }

  private static boolean address(
      List<String> problems, String path, String value, boolean required) {
    if (value == null || value.isBlank()) {
      if (required) {
        problems.add(path + ": is required");
      }
      return false;
    }
    if (!IPV4.matcher(value).matches()) {
      problems.add(path + ": not an IPv4 address: " + value);
      return false;
    }
    return true;
  }

  private static void duration(List<String> problems, String path, String value) {
    if (value != null && !DURATION.matcher(value).matches()) {
      problems.add(path + ": not a duration such as 30s, 5m or 1h: " + value);
    }
  }

  private static void range(List<String> problems, String path, Integer value, int min, int max) {
    if (value != null && (value < min || value > max)) {
      problems.add(path + ": must be between " + min + " and " + max + ", got " + value);
    }
  }

  private static long toLong(String address) {
    long value = 0;
    for (String octet : address.split("\\.")) {
      value = (value << 8) | Integer.parseInt(octet);
    }
    return value;
  }
}
