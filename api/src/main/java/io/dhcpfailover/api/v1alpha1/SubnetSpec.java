package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** One IPv4 subnet: its dynamic ranges and pools, lease time, options and reservations. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!" + CelRules.SUBNET_OK + " || " + CelRules.PREFIX_LENGTH + " <= 30",
    message = "subnet is too small to serve clients (longest prefix /30)",
    fieldPath = ".subnet",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!" + CelRules.SUBNET_OK + " || " + CelRules.SUBNET_ADDRESS + " % " + CelRules.BLOCK
            + " == 0",
    message = "subnet has host bits set: write its network address",
    fieldPath = ".subnet",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.ranges) || self.ranges.all(r, !" + CelRules.RANGE_OK + " || " + CelRules.RANGE_FIRST
            + " <= "
            + CelRules.RANGE_LAST + ")",
    message = "ranges: the first address of a range must not be above the last",
    fieldPath = ".ranges",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!" + CelRules.SUBNET_OK + " || !has(self.ranges) || self.ranges.all(r, !" + CelRules.RANGE_OK + " || ("
            + CelRules.RANGE_FIRST + " > " + CelRules.NETWORK + " && " + CelRules.RANGE_LAST
            + " < " + CelRules.BROADCAST + "))",
    message =
        "ranges must lie inside the subnet and hold neither its network nor its broadcast"
            + " address",
    fieldPath = ".ranges",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.ranges) || !has(self.routers) || self.ranges.all(r, !" + CelRules.RANGE_OK
            + " || self.routers.all(g, !g.matches('"
            + Patterns.IPV4_CEL + "') || " + CelRules.ROUTER + " < " + CelRules.RANGE_FIRST
            + " || " + CelRules.ROUTER + " > " + CelRules.RANGE_LAST + "))",
    message = "ranges must not hold a router's address",
    fieldPath = ".ranges",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.ranges) || self.ranges.all(r, !" + CelRules.RANGE_OK
            + " || self.ranges.filter(q, " + CelRules.OTHER_OK
            + " && " + CelRules.RANGE_FIRST + " <= " + CelRules.OTHER_LAST + " && "
            + CelRules.OTHER_FIRST + " <= " + CelRules.RANGE_LAST + ").size() == 1)",
    message = "ranges must not overlap",
    fieldPath = ".ranges",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!" + CelRules.SUBNET_OK + " || !has(self.reservations) || self.reservations.all(v, !has(v.address) ||"
            + " !v.address.matches('" + Patterns.IPV4_CEL + "') || (" + CelRules.RESERVED + " > "
            + CelRules.NETWORK + " && " + CelRules.RESERVED + " < " + CelRules.BROADCAST + "))",
    message =
        "reservations: each address must lie inside the subnet, off its network and broadcast"
            + " address",
    fieldPath = ".reservations",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.reservations) || !has(self.ranges) || self.reservations.all(v,"
            + " !has(v.address) || !v.address.matches('" + Patterns.IPV4_CEL
            + "') || self.ranges.all(r, !" + CelRules.RANGE_OK + " || " + CelRules.RESERVED + " < "
            + CelRules.RANGE_FIRST + " || " + CelRules.RESERVED + " > " + CelRules.RANGE_LAST
            + "))",
    message = "reservations: an address must lie outside the dynamic ranges",
    fieldPath = ".reservations",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.renewalTime) || !" + CelRules.RENEWAL_OK + " || !" + CelRules.LEASE_OK
            + " || duration(self.renewalTime) < duration(self.leaseTime)",
    message = "renewalTime (T1) must be shorter than leaseTime",
    fieldPath = ".renewalTime",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.rebindingTime) || !" + CelRules.REBINDING_OK + " || !" + CelRules.LEASE_OK
            + " || duration(self.rebindingTime) < duration(self.leaseTime)",
    message = "rebindingTime (T2) must be shorter than leaseTime",
    fieldPath = ".rebindingTime",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.renewalTime) || !" + CelRules.RENEWAL_OK + " || !" + CelRules.LEASE_OK
            + " || (has(self.rebindingTime) && !" + CelRules.REBINDING_OK + ") || "
            + CelRules.RENEWAL_EIGHTHS + " < " + CelRules.REBINDING_EIGHTHS,
    message = "renewalTime (T1) must be shorter than rebindingTime (T2, by default 7/8 of leaseTime)",
    fieldPath = ".renewalTime",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "has(self.renewalTime) || !has(self.rebindingTime) || !" + CelRules.REBINDING_OK + " || !"
            + CelRules.LEASE_OK + " || " + CelRules.RENEWAL_EIGHTHS + " < "
            + CelRules.REBINDING_EIGHTHS,
    message = "rebindingTime (T2) must be longer than renewalTime (T1, by default half of leaseTime)",
    fieldPath = ".rebindingTime",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.tftpServerName) || !has(self.options) || !self.options.exists(o, has(o.code) &&"
            + " o.code == 66)",
    message = "options: code 66 is also given as tftpServerName; give it once",
    fieldPath = ".options",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.bootFileName) || !has(self.options) || !self.options.exists(o, has(o.code) &&"
            + " o.code == 67)",
    message = "options: code 67 is also given as bootFileName; give it once",
    fieldPath = ".options",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.pools) || self.pools.all(p, !" + CelRules.POOL_OK + " || " + CelRules.POOL_FIRST
            + " <= " + CelRules.POOL_LAST + ")",
    message = "pools: the first address of a range must not be above the last",
    fieldPath = ".pools",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!" + CelRules.SUBNET_OK + " || !has(self.pools) || self.pools.all(p, !" + CelRules.POOL_OK
            + " || (" + CelRules.POOL_FIRST + " > " + CelRules.NETWORK + " && " + CelRules.POOL_LAST
            + " < " + CelRules.BROADCAST + "))",
    message =
        "pools: each range must lie inside the subnet and hold neither its network nor its"
            + " broadcast address",
    fieldPath = ".pools",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.pools) || self.pools.all(p, !" + CelRules.POOL_OK + " || self.pools.filter(q, "
            + CelRules.OTHER_POOL_OK + " && " + CelRules.POOL_FIRST + " <= "
            + CelRules.OTHER_POOL_LAST + " && " + CelRules.OTHER_POOL_FIRST + " <= "
            + CelRules.POOL_LAST + ").size() == 1)",
    message = "pools: ranges must not overlap",
    fieldPath = ".pools",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.pools) || !has(self.ranges) || self.pools.all(p, !" + CelRules.POOL_OK
            + " || self.ranges.all(r, !" + CelRules.RANGE_OK + " || " + CelRules.POOL_LAST + " < "
            + CelRules.RANGE_FIRST + " || " + CelRules.POOL_FIRST + " > " + CelRules.RANGE_LAST
            + "))",
    message = "pools: a range must not overlap the subnet's ranges",
    fieldPath = ".pools",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.pools) || !has(self.routers) || self.pools.all(p, !" + CelRules.POOL_OK
            + " || self.routers.all(g, !g.matches('" + Patterns.IPV4_CEL + "') || "
            + CelRules.ROUTER + " < " + CelRules.POOL_FIRST + " || " + CelRules.ROUTER + " > "
            + CelRules.POOL_LAST + "))",
    message = "pools: a range must not hold a router's address",
    fieldPath = ".pools",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.reservations) || !has(self.pools) || self.reservations.all(v,"
            + " !has(v.address) || !v.address.matches('" + Patterns.IPV4_CEL
            + "') || self.pools.all(p, !" + CelRules.POOL_OK + " || " + CelRules.RESERVED + " < "
            + CelRules.POOL_FIRST + " || " + CelRules.RESERVED + " > " + CelRules.POOL_LAST
            + "))",
    message = "reservations: an address must lie outside the pools",
    fieldPath = ".reservations",
    reason = "FieldValueInvalid")
public class SubnetSpec extends BootSpec {

  @Required
  @Pattern(Patterns.CIDR4)
  @JsonPropertyDescription("The subnet in CIDR notation, e.g. 198.18.0.0/22.")
  private String subnet;

  @Size(max = 256)
  @ValidationRule(
      value = "self.all(r, r.matches('" + Patterns.RANGE4_CEL + "'))",
      message = "each range must be 'first-last' with two IPv4 addresses",
      reason = "FieldValueInvalid")
  @JsonPropertyDescription(
      "Dynamic address ranges, each 'first-last' (inclusive), inside the subnet and not"
          + " overlapping.")
  private List<String> ranges = new ArrayList<>();

  @Size(max = 256)
  @JsonPropertyDescription(
      "Dynamic ranges with settings of their own: kept for the members of client classes (classes)"
          + " or for the clients in none of some classes (notClasses), with options and network-boot"
          + " fields for the clients they serve. They must not overlap each other or the ranges.")
  private List<PoolSpec> pools = new ArrayList<>();

  @Default("12h")
  @Pattern(Patterns.DURATION)
  @ValidationRule(
      value = "!self.matches('" + Patterns.DURATION + "') || duration(self) >= duration('1s')",
      message = "leaseTime must be at least 1s",
      reason = "FieldValueInvalid")
  @ValidationRule(
      value = CelRules.DURATION_BOUNDED,
      message = "leaseTime must be at most 100 years",
      reason = "FieldValueInvalid")
  @JsonPropertyDescription(
      "Lease time given to clients (e.g. 12h). Unless renewalTime and rebindingTime say otherwise,"
          + " T1 is half of it and T2 seven eighths.")
  private String leaseTime = "12h";

  @Pattern(Patterns.DURATION)
  @ValidationRule(
      value = CelRules.DURATION_POSITIVE,
      message = "renewalTime must be longer than 0s",
      reason = "FieldValueInvalid")
  @JsonPropertyDescription(
      "Renewal time T1 (option 58), shorter than rebindingTime; default half of leaseTime. When a"
          + " client gets a shorter lease than leaseTime (a failover pair's MCLT, a lease that lives"
          + " out its time), T1 is scaled down in the same proportion.")
  private String renewalTime;

  @Pattern(Patterns.DURATION)
  @ValidationRule(
      value = CelRules.DURATION_POSITIVE,
      message = "rebindingTime must be longer than 0s",
      reason = "FieldValueInvalid")
  @JsonPropertyDescription(
      "Rebinding time T2 (option 59), between renewalTime and leaseTime; default seven eighths of"
          + " leaseTime. Scaled down with the lease like renewalTime.")
  private String rebindingTime;

  @Size(max = 16)
  @ValidationRule(
      value = "self.all(a, a.matches('" + Patterns.IPV4_CEL + "'))",
      message = "each router must be an IPv4 address",
      reason = "FieldValueInvalid")
  @JsonPropertyDescription("Default routers (option 3), in order of preference.")
  private List<String> routers = new ArrayList<>();

  @Size(max = 16)
  @ValidationRule(
      value = "self.all(a, a.matches('" + Patterns.IPV4_CEL + "'))",
      message = "each DNS server must be an IPv4 address",
      reason = "FieldValueInvalid")
  @JsonPropertyDescription("DNS servers (option 6), in order of preference.")
  private List<String> dnsServers = new ArrayList<>();

  @Size(max = 253)
  @JsonPropertyDescription("Domain name (option 15).")
  private String domainName;

  @Pattern(Patterns.NETMASK)
  @JsonPropertyDescription(
      "Subnet mask to send (option 1) when it must differ from the subnet's prefix, e.g."
          + " 255.255.254.0 for a /24 inside a /23 segment. Default: the prefix's mask.")
  private String subnetMask;

  @Size(max = 255)
  @JsonPropertyDescription(
      "Host name (option 12) for every client of the subnet that asks for option 12; a"
          + " reservation's hostname wins.")
  private String hostname;

  @Size(max = 128)
  @JsonPropertyDescription("Any other DHCP option, by code.")
  private List<OptionSpec> options = new ArrayList<>();

  @Size(max = 4096)
  @JsonPropertyDescription("Fixed addresses for given clients, by hardware address or client id.")
  private List<ReservationSpec> reservations = new ArrayList<>();
  @JsonPropertyDescription(
      "Ping an address before offering it to a client that did not hold it (never for a"
          + " reservation); an address that answers is abandoned and another offered.")
  private PingCheckSpec pingCheck;

  public PingCheckSpec getPingCheck() {
    return pingCheck;
  }

  public void setPingCheck(PingCheckSpec pingCheck) {
    this.pingCheck = pingCheck;
  }

  public String getSubnet() {
    return subnet;
  }

  public void setSubnet(String subnet) {
    this.subnet = subnet;
  }

  public List<String> getRanges() {
    return ranges;
  }

  public void setRanges(List<String> ranges) {
    this.ranges = ranges == null ? new ArrayList<>() : ranges;
  }

  public List<PoolSpec> getPools() {
    return pools;
  }

  public void setPools(List<PoolSpec> pools) {
    this.pools = pools == null ? new ArrayList<>() : pools;
  }

  public String getLeaseTime() {
    return leaseTime;
  }

  public void setLeaseTime(String leaseTime) {
    this.leaseTime = leaseTime;
  }

  public String getRenewalTime() {
    return renewalTime;
  }

  public void setRenewalTime(String renewalTime) {
    this.renewalTime = renewalTime;
  }

  public String getRebindingTime() {
    return rebindingTime;
  }

  public void setRebindingTime(String rebindingTime) {
    this.rebindingTime = rebindingTime;
  }

  public List<String> getRouters() {
    return routers;
  }

  public void setRouters(List<String> routers) {
    this.routers = routers == null ? new ArrayList<>() : routers;
  }

  public List<String> getDnsServers() {
    return dnsServers;
  }

  public void setDnsServers(List<String> dnsServers) {
    this.dnsServers = dnsServers == null ? new ArrayList<>() : dnsServers;
  }

  public String getDomainName() {
    return domainName;
  }

  public void setDomainName(String domainName) {
    this.domainName = domainName;
  }

  public String getSubnetMask() {
    return subnetMask;
  }

  public void setSubnetMask(String subnetMask) {
    this.subnetMask = subnetMask;
  }

  public String getHostname() {
    return hostname;
  }

  public void setHostname(String hostname) {
    this.hostname = hostname;
  }

  public List<OptionSpec> getOptions() {
    return options;
  }

  public void setOptions(List<OptionSpec> options) {
    this.options = options == null ? new ArrayList<>() : options;
  }

  public List<ReservationSpec> getReservations() {
    return reservations;
  }

  public void setReservations(List<ReservationSpec> reservations) {
    this.reservations = reservations == null ? new ArrayList<>() : reservations;
  }
}
