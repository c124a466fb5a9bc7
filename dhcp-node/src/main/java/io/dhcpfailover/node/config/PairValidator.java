package io.dhcpfailover.node.config;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairSpec;
import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.api.v1alpha1.NodeSpec;
import io.dhcpfailover.api.v1alpha1.OptionSpec;
import io.dhcpfailover.api.v1alpha1.Patterns;
import io.dhcpfailover.api.v1alpha1.ReservationSpec;
import io.dhcpfailover.api.v1alpha1.SubnetSpec;
import io.dhcpfailover.node.util.Hex;
import io.dhcpfailover.node.util.Ipv4;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a {@link DhcpFailoverPair} for everything that makes it unusable as a pair, wherever it is
 * checked: by a node before it starts, or by the operator before it renders anything. Pure: it
 * looks at the pair only, never at the host (see {@link LocalAddressCheck} for that).
 *
 * <p>Rules, each reported with the path of the field and the offending value:
 *
 * <ul>
 *   <li>{@code metadata.name} is given (it is the failover relationship name on the wire);
 *   <li>{@code mode} is given; {@code split} (0 to 256) only with {@code LoadBalance};
 *   <li>durations are Go-style ({@code 45s}, {@code 1h30m}); {@code mclt} and {@code
 *       maxResponseDelay} are positive; ports are 1 to 65535 and differ;
 *   <li>both node addresses are unicast IPv4 addresses and differ; interface names are sane;
 *   <li>subnets are CIDR prefixes with no host bits set, no longer than /30, and do not overlap;
 *   <li>ranges {@code first-last} are ordered, inside their subnet, exclude its network and
 *       broadcast addresses and the nodes' and routers' addresses, and overlap no other range;
 *   <li>routers and DNS servers are IPv4 addresses; the domain name is a DNS name;
 *   <li>options have a code from 1 to 254 that the server does not set itself and that has no field
 *       of its own, exactly one value form, and a value of at most 255 bytes; a code appears once
 *       per subnet;
 *   <li>reservations name a client (hardware address or client id), an address inside the subnet
 *       and outside its dynamic ranges, and neither the address nor the client is reserved twice;
 *   <li>{@code leaseTime} is at least 10 seconds.
 * </ul>
 */
public final class PairValidator {
  /** The shortest lease time accepted. */
  public static final Duration MIN_LEASE_TIME = Duration.ofSeconds(10);

  /** The longest option value one option instance holds (RFC 2132 §2). */
  public static final int MAX_OPTION_LENGTH = 255;

  private static final long MAX_LEASE_SECONDS = 0xFFFF_FFFEL;
  private static final Pattern DNS_NAME =
      Pattern.compile(
          "^(?=.{1,253}\\.?$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
              + "(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?$");
  private static final Pattern OBJECT_NAME =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final Pattern MAC = Pattern.compile(Patterns.MAC);
  private static final Pattern HEX = Pattern.compile(Patterns.HEX);

  private final List<ConfigError> errors = new ArrayList<>();

  private PairValidator() {}

  /** Validates a pair; the result is empty when the pair is valid. */
  public static List<ConfigError> validate(DhcpFailoverPair pair) {
    PairValidator v = new PairValidator();
    v.check(pair);
    return List.copyOf(v.errors);
  }

  private void check(DhcpFailoverPair pair) {
    String name = pair.getMetadata() == null ? null : pair.getMetadata().getName();
    if (name == null || name.isBlank()) {
      errors.add(new ConfigError("metadata.name", "required (it names the failover relationship)"));
    } else if (name.length() > 253 || !OBJECT_NAME.matcher(name).matches()) {
      error(
          "metadata.name",
          "must be lower-case letters, digits, '-' and '.', at most 253 characters",
          name);
    }
    DhcpFailoverPairSpec spec = pair.getSpec();
    if (spec == null) {
      errors.add(new ConfigError("spec", "required"));
      return;
    }
    checkFailover(spec);
    Integer primary = checkNode("spec.primary", spec.getPrimary());
    Integer secondary = checkNode("spec.secondary", spec.getSecondary());
    if (primary != null && primary.equals(secondary)) {
      error(
          "spec.secondary.address",
          "is the same as spec.primary.address; the nodes need addresses of their own",
          Ipv4.format(secondary));
    }
    Map<Integer, String> reserved = new HashMap<>();
    if (primary != null) {
      reserved.put(primary, "spec.primary.address");
    }
    if (secondary != null) {
      reserved.putIfAbsent(secondary, "spec.secondary.address");
    }
    checkSubnets(spec.getSubnets(), reserved);
  }

  private void checkFailover(DhcpFailoverPairSpec spec) {
    Mode mode = spec.getMode();
    if (mode == null) {
      errors.add(new ConfigError("spec.mode", "required: HotStandby or LoadBalance"));
    }
    if (spec.getSplit() != null) {
      if (mode != Mode.LOAD_BALANCE) {
        error("spec.split", "applies only to mode LoadBalance; remove it", spec.getSplit());
      } else if (spec.getSplit() < 0 || spec.getSplit() > 256) {
        error("spec.split", "must be 0 to 256 (hash buckets the primary answers)", spec.getSplit());
      }
    }
    Duration mclt = duration("spec.mclt", spec.getMclt());
    if (mclt != null && mclt.isZero()) {
      error("spec.mclt", "must be longer than 0s", spec.getMclt());
    }
    Duration mrd = duration("spec.maxResponseDelay", spec.getMaxResponseDelay());
    if (mrd != null && mrd.isZero()) {
      error("spec.maxResponseDelay", "must be longer than 0s", spec.getMaxResponseDelay());
    }
    duration("spec.autoPartnerDown", spec.getAutoPartnerDown());
    Duration probation = duration("spec.declineProbation", spec.getDeclineProbation());
    if (probation != null && probation.isZero()) {
      error("spec.declineProbation", "must be longer than 0s", spec.getDeclineProbation());
    }
    between("spec.maxUnackedUpdates", spec.getMaxUnackedUpdates(), 1, 1000);
    between("spec.loadBalanceMaxSeconds", spec.getLoadBalanceMaxSeconds(), 0, 65535);
    boolean failoverOk = between("spec.failoverPort", spec.getFailoverPort(), 1, 65535);
    boolean httpOk = between("spec.httpPort", spec.getHttpPort(), 1, 65535);
    if (failoverOk && httpOk && spec.getFailoverPort().equals(spec.getHttpPort())) {
      error("spec.httpPort", "is the same as spec.failoverPort", spec.getHttpPort());
    }
    if (spec.getUpgrade() != null && spec.getUpgrade().getStepTimeout() != null) {
      duration("spec.upgrade.stepTimeout", spec.getUpgrade().getStepTimeout());
    }
  }

  /** Checks one node; returns its address when valid. */
  private Integer checkNode(String path, NodeSpec node) {
    if (node == null) {
      errors.add(new ConfigError(path, "required"));
      return null;
    }
    Integer address = unicast(path + ".address", node.getAddress());
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < node.getInterfaces().size(); i++) {
      String p = path + ".interfaces[" + i + "]";
      String ifname = node.getInterfaces().get(i);
      if (ifname == null
          || ifname.isEmpty()
          || ifname.length() > 15
          || !ifname.matches("[^/\\s:]+")) {
        error(p, "is no interface name (1 to 15 characters, no '/', ':' or blanks)", ifname);
      } else if (seen.contains(ifname)) {
        error(p, "is listed twice", ifname);
      }
      seen.add(ifname);
    }
    return address;
  }

  private void checkSubnets(List<SubnetSpec> subnets, Map<Integer, String> nodeAddresses) {
    if (subnets == null || subnets.isEmpty()) {
      errors.add(new ConfigError("spec.subnets", "at least one subnet is required"));
      return;
    }
    List<Prefix> prefixes = new ArrayList<>();
    List<String> prefixPaths = new ArrayList<>();
    List<RangeConfig> ranges = new ArrayList<>();
    List<String> rangePaths = new ArrayList<>();
    Map<Integer, String> reservedAddresses = new HashMap<>();
    for (int s = 0; s < subnets.size(); s++) {
      String path = "spec.subnets[" + s + "]";
      SubnetSpec subnet = subnets.get(s);
      if (subnet == null) {
        errors.add(new ConfigError(path, "required"));
        continue;
      }
      Prefix prefix = prefix(path + ".subnet", subnet.getSubnet());
      if (prefix != null) {
        for (int o = 0; o < prefixes.size(); o++) {
          if (prefixes.get(o).overlaps(prefix)) {
            error(
                path + ".subnet",
                "overlaps " + prefixPaths.get(o) + " " + prefixes.get(o),
                subnet.getSubnet());
          }
        }
        prefixes.add(prefix);
        prefixPaths.add(path + ".subnet");
      }
      List<Integer> routers = addresses(path + ".routers", subnet.getRouters());
      addresses(path + ".dnsServers", subnet.getDnsServers());
      Map<Integer, String> noDynamic = new HashMap<>(nodeAddresses);
      for (int r = 0; r < routers.size(); r++) {
        if (routers.get(r) != null) {
          noDynamic.putIfAbsent(routers.get(r), path + ".routers[" + r + "]");
        }
      }
      List<RangeConfig> own = checkRanges(path, subnet, prefix, noDynamic, ranges, rangePaths);
      Duration lease = duration(path + ".leaseTime", subnet.getLeaseTime());
      if (lease != null && lease.compareTo(MIN_LEASE_TIME) < 0) {
        error(path + ".leaseTime", "must be at least 10s", subnet.getLeaseTime());
      } else if (lease != null && lease.getSeconds() > MAX_LEASE_SECONDS) {
        error(path + ".leaseTime", "must be below 4294967295s (136 years)", subnet.getLeaseTime());
      }
      String domain = subnet.getDomainName();
      if (domain != null && !DNS_NAME.matcher(domain).matches()) {
        error(path + ".domainName", "is no DNS domain name", domain);
      }
      checkOptions(path, subnet.getOptions());
      checkReservations(path, subnet.getReservations(), prefix, own, reservedAddresses);
    }
  }

  private List<RangeConfig> checkRanges(
      String path,
      SubnetSpec subnet,
      Prefix prefix,
      Map<Integer, String> noDynamic,
      List<RangeConfig> all,
      List<String> allPaths) {
    List<RangeConfig> own = new ArrayList<>();
    for (int r = 0; r < subnet.getRanges().size(); r++) {
      String p = path + ".ranges[" + r + "]";
      String text = subnet.getRanges().get(r);
      RangeConfig range;
      try {
        range = RangeConfig.parse(text);
      } catch (IllegalArgumentException e) {
        if (text != null && text.indexOf('-') > 0 && e.getMessage().contains("reversed")) {
          error(p, "first address is above the last", text);
        } else {
          error(p, "is no range of IPv4 addresses 'first-last'", text);
        }
        continue;
      }
      own.add(range);
      if (prefix != null) {
        if (!prefix.contains(range.first()) || !prefix.contains(range.last())) {
          error(p, "is not inside subnet " + subnet.getSubnet(), text);
        } else if (range.contains(prefix.first())) {
          error(p, "contains the network address " + Ipv4.format(prefix.first()), text);
        } else if (range.contains(prefix.last())) {
          error(p, "contains the broadcast address " + Ipv4.format(prefix.last()), text);
        }
      }
      for (Map.Entry<Integer, String> e : noDynamic.entrySet()) {
        if (range.contains(e.getKey())) {
          error(p, "contains " + e.getValue() + " " + Ipv4.format(e.getKey()), text);
        }
      }
      for (int o = 0; o < all.size(); o++) {
        if (all.get(o).overlaps(range)) {
          error(p, "overlaps " + allPaths.get(o) + " " + all.get(o), text);
        }
      }
      all.add(range);
      allPaths.add(p);
    }
    return own;
  }

  private void checkOptions(String path, List<OptionSpec> options) {
    Map<Integer, String> seen = new HashMap<>();
    for (int i = 0; i < options.size(); i++) {
      String p = path + ".options[" + i + "]";
      OptionSpec o = options.get(i);
      if (o == null) {
        errors.add(new ConfigError(p, "required"));
        continue;
      }
      Integer code = o.getCode();
      if (code == null) {
        errors.add(new ConfigError(p + ".code", "required"));
      } else if (code < 1 || code > 254) {
        error(p + ".code", "must be 1 to 254", code);
      } else if (OptionValues.SERVER_CONTROLLED.containsKey(code)) {
        error(
            p + ".code", "cannot be configured: " + OptionValues.SERVER_CONTROLLED.get(code), code);
      } else if (OptionValues.DEDICATED_FIELD.containsKey(code)) {
        error(
            p + ".code",
            "has a field of its own: use " + OptionValues.DEDICATED_FIELD.get(code),
            code);
      } else if (seen.containsKey(code)) {
        error(p + ".code", "is also given in " + seen.get(code) + "; give each code once", code);
      } else {
        seen.put(code, p);
      }
      checkOptionValue(p, o);
    }
  }

  private void checkOptionValue(String p, OptionSpec o) {
    List<String> forms = OptionValues.formsGiven(o);
    if (forms.isEmpty()) {
      errors.add(
          new ConfigError(
              p, "needs a value: exactly one of addresses, text, hex, uint8, uint16, uint32"));
      return;
    }
    if (forms.size() > 1) {
      error(p, "has several value forms; give exactly one", String.join(", ", forms));
      return;
    }
    boolean valid = true;
    switch (forms.get(0)) {
      case "addresses" -> {
        if (o.getAddresses().isEmpty()) {
          errors.add(new ConfigError(p + ".addresses", "at least one address is required"));
          valid = false;
        }
        valid &= addresses(p + ".addresses", o.getAddresses()).stream().allMatch(a -> a != null);
      }
      case "text" -> {
        if (o.getText().isEmpty()) {
          errors.add(new ConfigError(p + ".text", "must not be empty"));
          valid = false;
        }
      }
      case "hex" -> {
        if (!HEX.matcher(o.getHex()).matches()) {
          error(p + ".hex", "is no hex bytes like 01:02:ff or 0102ff", o.getHex());
          valid = false;
        }
      }
      case "uint8" -> valid = between(p + ".uint8", o.getUint8(), 0, 255);
      case "uint16" -> valid = between(p + ".uint16", o.getUint16(), 0, 65535);
      default -> {
        if (o.getUint32() < 0 || o.getUint32() > 0xFFFF_FFFFL) {
          error(p + ".uint32", "must be 0 to 4294967295", o.getUint32());
          valid = false;
        }
      }
    }
    if (valid) {
      int length = OptionValues.encode(o).length;
      if (length > MAX_OPTION_LENGTH) {
        error(
            p + "." + forms.get(0),
            "is " + length + " bytes; one option holds at most " + MAX_OPTION_LENGTH,
            abbreviate(String.valueOf(valueOf(o, forms.get(0)))));
      }
    }
  }

  private void checkReservations(
      String path,
      List<ReservationSpec> reservations,
      Prefix prefix,
      List<RangeConfig> ranges,
      Map<Integer, String> reservedAddresses) {
    Map<String, String> hardware = new HashMap<>();
    Map<String, String> clientIds = new HashMap<>();
    for (int i = 0; i < reservations.size(); i++) {
      String p = path + ".reservations[" + i + "]";
      ReservationSpec r = reservations.get(i);
      if (r == null) {
        errors.add(new ConfigError(p, "required"));
        continue;
      }
      if (r.getHardwareAddress() == null && r.getClientId() == null) {
        errors.add(new ConfigError(p, "needs hardwareAddress or clientId to know the client"));
      }
      if (r.getHardwareAddress() != null) {
        String mac = r.getHardwareAddress();
        if (!MAC.matcher(mac).matches()) {
          error(p + ".hardwareAddress", "is no MAC address like 02:00:00:00:00:01", mac);
        } else {
          String key = mac.toLowerCase(Locale.ROOT);
          String other = hardware.putIfAbsent(key, p);
          if (other != null) {
            error(p + ".hardwareAddress", "is already reserved in " + other, mac);
          }
        }
      }
      if (r.getClientId() != null) {
        String id = r.getClientId();
        if (!HEX.matcher(id).matches() || Hex.parse(id).length < 2) {
          error(p + ".clientId", "is no client identifier (at least 2 bytes in hex)", id);
        } else {
          String key = Hex.colon(Hex.parse(id));
          String other = clientIds.putIfAbsent(key, p);
          if (other != null) {
            error(p + ".clientId", "is already reserved in " + other, id);
          }
        }
      }
      Integer address = ipv4(p + ".address", r.getAddress());
      if (address != null) {
        if (prefix != null && !prefix.contains(address)) {
          error(p + ".address", "is not inside subnet " + prefix, r.getAddress());
        } else if (prefix != null && (address == prefix.first() || address == prefix.last())) {
          error(p + ".address", "is the network or broadcast address of " + prefix, r.getAddress());
        }
        for (RangeConfig range : ranges) {
          if (range.contains(address)) {
            error(
                p + ".address",
                "is inside dynamic range " + range + "; reserve addresses outside the ranges",
                r.getAddress());
          }
        }
        String other = reservedAddresses.putIfAbsent(address, p);
        if (other != null) {
          error(p + ".address", "is already reserved in " + other, r.getAddress());
        }
      }
      String host = r.getHostname();
      if (host != null && !DNS_NAME.matcher(host).matches()) {
        error(p + ".hostname", "is no host name", host);
      }
    }
  }

  private Duration duration(String path, String text) {
    if (text == null) {
      errors.add(new ConfigError(path, "required"));
      return null;
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      error(path, "is no duration; write e.g. 45s, 10m, 1h30m", text);
      return null;
    }
  }

  private boolean between(String path, Number value, long min, long max) {
    if (value == null) {
      errors.add(new ConfigError(path, "required"));
      return false;
    }
    if (value.longValue() < min || value.longValue() > max) {
      error(path, "must be " + min + " to " + max, value);
      return false;
    }
    return true;
  }

  private Integer ipv4(String path, String text) {
    if (text == null) {
      errors.add(new ConfigError(path, "required"));
      return null;
    }
    try {
      return Ipv4.parse(text);
    } catch (IllegalArgumentException e) {
      error(path, "is no IPv4 address", text);
      return null;
    }
  }

  private Integer unicast(String path, String text) {
    Integer a = ipv4(path, text);
    if (a == null) {
      return null;
    }
    int first = a >>> 24;
    if (first == 0 || first >= 224) {
      error(path, "must be a unicast address", text);
      return null;
    }
    return a;
  }

  /** Parses a list of addresses; invalid entries are reported and come back as null. */
  private List<Integer> addresses(String path, List<String> texts) {
    List<Integer> result = new ArrayList<>();
    if (texts == null) {
      return result;
    }
    for (int i = 0; i < texts.size(); i++) {
      result.add(ipv4(path + "[" + i + "]", texts.get(i)));
    }
    return result;
  }

  private Prefix prefix(String path, String text) {
    if (text == null) {
      errors.add(new ConfigError(path, "required"));
      return null;
    }
    Prefix p;
    try {
      p = Prefix.parse(text);
    } catch (IllegalArgumentException e) {
      error(path, "is no IPv4 prefix like 198.18.0.0/22", text);
      return null;
    }
    if (p.hostBitsSet()) {
      error(
          path,
          "has host bits set; the subnet is " + Ipv4.format(p.first()) + "/" + p.length(),
          text);
      return null;
    }
    if (p.length() > 30) {
      error(path, "is too small to serve clients (longest prefix /30)", text);
      return null;
    }
    return p;
  }

  private static Object valueOf(OptionSpec o, String form) {
    return switch (form) {
      case "addresses" -> o.getAddresses();
      case "text" -> o.getText();
      case "hex" -> o.getHex();
      default -> "";
    };
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  private void error(String path, String problem, Object value) {
    errors.add(ConfigError.of(path, problem, value));
  }
}
