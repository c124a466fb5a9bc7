package io.dhcpfailover.api.validation;

import io.dhcpfailover.api.v1alpha1.Patterns;
import io.dhcpfailover.api.v1alpha1.PingCheckSpec;
import io.dhcpfailover.api.v1alpha1.PoolSpec;
import io.dhcpfailover.api.v1alpha1.SubnetSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules for {@code spec.subnets}:
 *
 * <ul>
 *   <li>at least one subnet; subnets are CIDR prefixes with no host bits set, no longer than /30,
 *       and do not overlap;
 *   <li>ranges {@code first-last}, those of the plain {@code ranges} and of the {@code pools}
 *       alike, are ordered, inside their subnet, exclude its network and broadcast addresses and
 *       the nodes' and routers' addresses, and overlap no other range; a pool's other fields
 *       follow {@link PoolRules};
 *   <li>routers and DNS servers are IPv4 addresses; the domain name and host name are DNS names;
 *       a subnet mask given is a contiguous netmask;
 *   <li>lease times follow {@link LeaseTimeRules}, network-boot fields {@link BootRules}.
 * </ul>
 */
final class SubnetRules {
  static final Pattern DNS_NAME =
      Pattern.compile(
          "^(?=.{1,253}\\.?$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
              + "(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?$");

  private static final Pattern NETMASK = Pattern.compile(Patterns.NETMASK);

  private final Problems problems;
  private final List<Prefix> prefixes = new ArrayList<>();
  private final List<String> prefixPaths = new ArrayList<>();
  private final List<AddressRange> ranges = new ArrayList<>();
  private final List<String> rangePaths = new ArrayList<>();
  private final ReservationRules reservations;

  private final Set<String> classNames;

  SubnetRules(Problems problems, Set<String> classNames) {
    this.problems = problems;
    this.reservations = new ReservationRules(problems);
    this.classNames = classNames;
  }

  /** Checks every subnet; {@code nodeAddresses} must stay out of the dynamic ranges. */
  void check(List<SubnetSpec> subnets, Map<Integer, String> nodeAddresses) {
    if (subnets == null || subnets.isEmpty()) {
      problems.add("spec.subnets", "at least one subnet is required");
      return;
    }
    for (int s = 0; s < subnets.size(); s++) {
      String path = "spec.subnets[" + s + "]";
      SubnetSpec subnet = subnets.get(s);
      if (subnet == null) {
        problems.required(path);
      } else {
        checkSubnet(path, subnet, nodeAddresses);
      }
    }
  }

  private void checkSubnet(String path, SubnetSpec subnet, Map<Integer, String> nodeAddresses) {
    if (subnet.getPingCheck() != null && subnet.getPingCheck().getTimeoutMillis() != null) {
      problems.between(path + ".pingCheck.timeoutMillis", subnet.getPingCheck().getTimeoutMillis(), 1,
          PingCheckSpec.MAX_TIMEOUT_MILLIS);
    }
    Prefix prefix = problems.prefix(path + ".subnet", subnet.getSubnet());
    if (prefix != null) {
      for (int o = 0; o < prefixes.size(); o++) {
        if (prefixes.get(o).overlaps(prefix)) {
          problems.add(
              path + ".subnet",
              "overlaps " + prefixPaths.get(o) + " " + prefixes.get(o),
              subnet.getSubnet());
        }
      }
      prefixes.add(prefix);
      prefixPaths.add(path + ".subnet");
    }
    List<Integer> routers = problems.addresses(path + ".routers", subnet.getRouters());
    problems.addresses(path + ".dnsServers", subnet.getDnsServers());
    Map<Integer, String> noDynamic = new HashMap<>(nodeAddresses);
    for (int r = 0; r < routers.size(); r++) {
      if (routers.get(r) != null) {
        noDynamic.putIfAbsent(routers.get(r), path + ".routers[" + r + "]");
      }
    }
    List<AddressRange> own = checkRanges(path, subnet, prefix, noDynamic);
    new LeaseTimeRules(problems).check(path, subnet);
    String domain = subnet.getDomainName();
    if (domain != null && !DNS_NAME.matcher(domain).matches()) {
      problems.add(path + ".domainName", "is no DNS domain name", domain);
    }
    String mask = subnet.getSubnetMask();
    if (mask != null && !NETMASK.matcher(mask).matches()) {
      problems.add(path + ".subnetMask", "is no netmask of a /1 to a /30, e.g. 255.255.254.0", mask);
    }
    String host = subnet.getHostname();
    if (host != null && !DNS_NAME.matcher(host).matches()) {
      problems.add(path + ".hostname", "is no host name", host);
    }
    new OptionRules(problems).check(path, subnet.getOptions());
    BootRules boot = new BootRules(problems);
    boot.check(path, subnet);
    boot.checkAgainstOptions(path, subnet, subnet.getOptions());
    for (int i = 0; i < subnet.getPools().size(); i++) {
      PoolSpec pool = subnet.getPools().get(i);
      if (pool == null) {
        problems.required(path + ".pools[" + i + "]");
      } else {
        new PoolRules(problems, classNames).check(path + ".pools[" + i + "]", pool);
      }
    }
    reservations.check(path, subnet.getReservations(), prefix, own);
  }

  private List<AddressRange> checkRanges(
      String path, SubnetSpec subnet, Prefix prefix, Map<Integer, String> noDynamic) {
    List<AddressRange> own = new ArrayList<>();
    List<String> texts = new ArrayList<>(subnet.getRanges());
    List<String> paths = new ArrayList<>();
    for (int r = 0; r < subnet.getRanges().size(); r++) {
      paths.add(path + ".ranges[" + r + "]");
    }
    for (int r = 0; r < subnet.getPools().size(); r++) {
      PoolSpec pool = subnet.getPools().get(r);
      if (pool != null) {
        texts.add(pool.getRange());
        paths.add(path + ".pools[" + r + "].range");
      }
    }
    for (int r = 0; r < texts.size(); r++) {
      String p = paths.get(r);
      String text = texts.get(r);
      if (text == null) {
        problems.required(p);
        continue;
      }
      AddressRange range;
      try {
        range = AddressRange.parse(text);
      } catch (IllegalArgumentException e) {
        if (text != null && text.indexOf('-') > 0 && e.getMessage().contains("reversed")) {
          problems.add(p, "first address is above the last", text);
        } else {
          problems.add(p, "is no range of IPv4 addresses 'first-last'", text);
        }
        continue;
      }
      own.add(range);
      if (prefix != null) {
        if (!prefix.contains(range.first()) || !prefix.contains(range.last())) {
          problems.add(p, "is not inside subnet " + subnet.getSubnet(), text);
        } else if (range.contains(prefix.first())) {
          problems.add(p, "contains the network address " + Ipv4.format(prefix.first()), text);
        } else if (range.contains(prefix.last())) {
          problems.add(p, "contains the broadcast address " + Ipv4.format(prefix.last()), text);
        }
      }
      for (Map.Entry<Integer, String> e : noDynamic.entrySet()) {
        if (range.contains(e.getKey())) {
          problems.add(p, "contains " + e.getValue() + " " + Ipv4.format(e.getKey()), text);
        }
      }
      for (int o = 0; o < ranges.size(); o++) {
        if (ranges.get(o).overlaps(range)) {
          problems.add(p, "overlaps " + rangePaths.get(o) + " " + ranges.get(o), text);
        }
      }
      ranges.add(range);
      rangePaths.add(p);
    }
    return own;
  }
}
