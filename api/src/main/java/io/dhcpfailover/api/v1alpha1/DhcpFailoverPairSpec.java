package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** The desired pair: failover parameters, the two nodes, and the subnets they serve. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.primary.address != self.secondary.address",
    message = "spec.secondary.address must differ from spec.primary.address",
    fieldPath = ".secondary.address",
    reason = "FieldValueInvalid")
@ValidationRule(
    value = "!has(self.split) || (has(self.mode) && self.mode == 'LoadBalance')",
    message = "spec.split is only allowed with mode LoadBalance",
    fieldPath = ".split",
    reason = "FieldValueForbidden")
@ValidationRule(
    value =
        "!has(self.primary.nodeName) || !has(self.secondary.nodeName)"
            + " || self.primary.nodeName != self.secondary.nodeName",
    message = "spec.secondary.nodeName must differ from spec.primary.nodeName",
    fieldPath = ".secondary.nodeName",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.httpPort) || !has(self.failoverPort) || self.httpPort != self.failoverPort",
    message = "spec.httpPort must differ from spec.failoverPort",
    fieldPath = ".httpPort",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.subnets) || self.subnets.all(s, !has(s.ranges) || s.ranges.all(r, !" + CelRules.RANGE_OK + " || [self.primary.address,"
            + " self.secondary.address].all(a, !a.matches('" + Patterns.IPV4_CEL + "') || "
            + CelRules.NODE + " < " + CelRules.RANGE_FIRST + " || " + CelRules.NODE + " > "
            + CelRules.RANGE_LAST + ")))",
    message =
        "spec.subnets[].ranges must hold neither spec.primary.address nor"
            + " spec.secondary.address",
    fieldPath = ".subnets",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.subnets) || !has(self.primary.address) || !has(self.secondary.address) ||"
            + " self.subnets.all(s, !has(s.pools) || s.pools.all(p, !" + CelRules.POOL_OK
            + " || [self.primary.address, self.secondary.address].all(a, !a.matches('"
            + Patterns.IPV4_CEL + "') || " + CelRules.NODE + " < " + CelRules.POOL_FIRST + " || "
            + CelRules.NODE + " > " + CelRules.POOL_LAST + ")))",
    message =
        "spec.subnets[].pools: a range must hold neither spec.primary.address nor"
            + " spec.secondary.address",
    fieldPath = ".subnets",
    reason = "FieldValueInvalid")
@ValidationRule(
    value = "!has(self.classes) || self.classes.all(c, self.classes.filter(d, d.name == c.name).size() == 1)",
    message = "spec.classes: each class name is given once",
    fieldPath = ".classes",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.subnets) || self.subnets.all(s, !has(s.pools) || s.pools.all(p,"
            + " (!has(p.classes) || p.classes.all(n, has(self.classes) && self.classes.exists(c,"
            + " c.name == n))) && (!has(p.notClasses) || p.notClasses.all(n, has(self.classes) &&"
            + " self.classes.exists(c, c.name == n)))))",
    message = "spec.subnets[].pools[].classes and notClasses must name classes of spec.classes",
    fieldPath = ".subnets",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.tftpServerName) || !has(self.options) || !self.options.exists(o, has(o.code) &&"
            + " o.code == 66)",
    message = "spec.options: code 66 is also given as spec.tftpServerName; give it once",
    fieldPath = ".options",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.bootFileName) || !has(self.options) || !self.options.exists(o, has(o.code) &&"
            + " o.code == 67)",
    message = "spec.options: code 67 is also given as spec.bootFileName; give it once",
    fieldPath = ".options",
    reason = "FieldValueInvalid")
public class DhcpFailoverPairSpec extends BootSpec {

  @Default("HotStandby")
  @JsonPropertyDescription(
      "HotStandby: only the primary answers while both nodes are NORMAL. LoadBalance: each node"
          + " answers the clients in its hash buckets (RFC 3074), see split.")
  private Mode mode = Mode.HOT_STANDBY;

  @Min(0)
  @Max(256)
  @JsonPropertyDescription(
      "LoadBalance only: how many of the 256 RFC 3074 hash buckets the primary answers; the"
          + " secondary answers the rest. Default 128.")
  private Integer split;

  @Default("1h")
  @Pattern(Patterns.DURATION)
  @ValidationRule(
      value = CelRules.DURATION_POSITIVE,
      message = "spec.mclt must be longer than 0s",
      reason = "FieldValueInvalid")
  @ValidationRule(
      value = CelRules.DURATION_BOUNDED,
      message = "spec.mclt must be at most 100 years",
      reason = "FieldValueInvalid")
  @JsonPropertyDescription(
      "Maximum client lead time (e.g. 1h, 30m): how far a node may extend a lease beyond what its"
          + " partner knows. Bounds the wait in RECOVER-WAIT and the lease time given while the"
          + " partner is unreachable.")
  private String mclt = "1h";

  @Default("60s")
  @Pattern(Patterns.DURATION)
  @ValidationRule(
      value = CelRules.DURATION_POSITIVE,
      message = "spec.maxResponseDelay must be longer than 0s",
      reason = "FieldValueInvalid")
  @ValidationRule(
      value = CelRules.DURATION_BOUNDED,
      message = "spec.maxResponseDelay must be at most 100 years",
      reason = "FieldValueInvalid")
  @JsonPropertyDescription(
      "Silence on the failover link after which the partner counts as unreachable (the node moves"
          + " to COMMUNICATIONS-INTERRUPTED).")
  private String maxResponseDelay = "60s";

  @Default("100")
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription(
      "Binding updates the partner may have in flight to this node before it waits for"
          + " acknowledgements (ISC's max-unacked-updates; default 100).")
  private Integer maxUnackedUpdates = 100;

  @Default("0s")
  @Pattern(Patterns.DURATION)
  @ValidationRule(
      value = CelRules.DURATION_BOUNDED,
      message = "spec.autoPartnerDown must be at most 100 years",
      reason = "FieldValueInvalid")
  @JsonPropertyDescription(
      "Time spent in COMMUNICATIONS-INTERRUPTED before a node moves to PARTNER-DOWN by itself; 0s"
          + " means never (an administrator decides).")
  private String autoPartnerDown = "0s";

  @Default("24h")
  @Pattern(Patterns.DURATION)
  @ValidationRule(
      value = CelRules.DURATION_POSITIVE,
      message = "spec.declineProbation must be longer than 0s",
      reason = "FieldValueInvalid")
  @ValidationRule(
      value = CelRules.DURATION_BOUNDED,
      message = "spec.declineProbation must be at most 100 years",
      reason = "FieldValueInvalid")
  @JsonPropertyDescription(
      "How long an address a client declined (DHCPDECLINE: in use by someone else) stays"
          + " abandoned before it returns to the pool (default 24h, as Kea). In a pair the return is"
          + " a binding update the partner must acknowledge first.")
  private String declineProbation = "24h";

  @ValidationRule(
      value = "self.all(r, r.matches('" + CelRules.CIDR4_CEL + "'))",
      message = "spec.relays: every entry is an IPv4 prefix like 198.18.7.0/24",
      reason = "FieldValueInvalid")
  @JsonPropertyDescription(
      "Relay agents trusted to forward requests to this pair (IPv4 prefixes, e.g. 198.18.7.1/32;"
          + " host bits are ignored, so 198.18.7.1/24 trusts 198.18.7.0/24)."
          + " A relayed request (giaddr set) from any other source is dropped and counted"
          + " (dhcp_drops_total{reason=\"untrusted_relay\"}). Empty (the default): any relay."
          + " Whatever this says, a request that carries relay agent information (option 82) but"
          + " no giaddr is dropped: only a relay may add it.")
  private List<String> relays = new ArrayList<>();

  @JsonPropertyDescription(
      "Starvation and flood defences: DHCPDISCOVERs per client, requests per relay, offers a"
          + " subnet holds and for how long. Absent: the defaults of each field.")
  private LimitsSpec limits;

  @Default("3")
  @Min(0)
  @Max(65535)
  @JsonPropertyDescription(
      "LoadBalance only: a client whose secs field reaches this value is answered by either node.")
  private Integer loadBalanceMaxSeconds = 3;

  @Default("647")
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("TCP port of the failover protocol, on both nodes.")
  private Integer failoverPort = 647;

  @Default("Enabled")
  @JsonPropertyDescription(
      "Enabled (default): the failover link runs over TLS 1.3 with mutual authentication; the"
          + " operator keeps a certificate authority for the pair and a certificate per node in the"
          + " Secret <name>-peer-tls, and each node refuses a peer whose certificate the pair's"
          + " authority did not issue for the partner's address. Disabled: plain TCP, the partner"
          + " known by its address only; needed to pair with ISC dhcpd, which has no TLS.")
  private PeerTls peerTLS = PeerTls.ENABLED;

  @Default("8067")
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("TCP port of each node's HTTP endpoint (/healthz, /readyz, /status, /metrics).")
  private Integer httpPort = 8067;

  @Required
  @JsonPropertyDescription("The primary node.")
  private NodeSpec primary;

  @Required
  @JsonPropertyDescription("The secondary node.")
  private NodeSpec secondary;

  @Required
  @Size(min = 1, max = 64)
  @JsonPropertyDescription("The subnets the pair serves, each with its ranges and options.")
  private List<SubnetSpec> subnets = new ArrayList<>();

  @Size(max = 128)
  @JsonPropertyDescription(
      "Options for every client of every subnet, by code; a subnet's, a pool's, a class's and a"
          + " reservation's options win over them.")
  private List<OptionSpec> options = new ArrayList<>();

  @Size(max = 64)
  @JsonPropertyDescription(
      "Client classes, by name: clients are sorted into them by what their requests carry, and"
          + " pools may be kept for their members. Where several classes of a client set the same"
          + " option or boot field, the one listed first wins.")
  private List<ClientClassSpec> classes = new ArrayList<>();

  @Size(max = 512)
  @JsonPropertyDescription(
      "Kubernetes only: the dhcp-node container image. Empty: the image matching the operator's"
          + " version. Changing it rolls an upgrade, one node at a time.")
  private String image;

  @JsonPropertyDescription("Kubernetes only: the persistent volume for each node's lease store.")
  private StorageSpec storage;

  @JsonPropertyDescription("Kubernetes only: how the operator rolls an upgrade.")
  private UpgradeSpec upgrade;

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public Integer getSplit() {
    return split;
  }

  public void setSplit(Integer split) {
    this.split = split;
  }

  public String getMclt() {
    return mclt;
  }

  public void setMclt(String mclt) {
    this.mclt = mclt;
  }

  public String getMaxResponseDelay() {
    return maxResponseDelay;
  }

  public void setMaxResponseDelay(String maxResponseDelay) {
    this.maxResponseDelay = maxResponseDelay;
  }

  public Integer getMaxUnackedUpdates() {
    return maxUnackedUpdates;
  }

  public void setMaxUnackedUpdates(Integer maxUnackedUpdates) {
    this.maxUnackedUpdates = maxUnackedUpdates;
  }

  public String getAutoPartnerDown() {
    return autoPartnerDown;
  }

  public void setAutoPartnerDown(String autoPartnerDown) {
    this.autoPartnerDown = autoPartnerDown;
  }

  public List<String> getRelays() {
    return relays;
  }

  public void setRelays(List<String> relays) {
    this.relays = relays == null ? new ArrayList<>() : relays;
  }

  public String getDeclineProbation() {
    return declineProbation;
  }

  public void setDeclineProbation(String declineProbation) {
    this.declineProbation = declineProbation;
  }

  public LimitsSpec getLimits() {
    return limits;
  }

  public void setLimits(LimitsSpec limits) {
    this.limits = limits;
  }

  public Integer getLoadBalanceMaxSeconds() {
    return loadBalanceMaxSeconds;
  }

  public void setLoadBalanceMaxSeconds(Integer loadBalanceMaxSeconds) {
    this.loadBalanceMaxSeconds = loadBalanceMaxSeconds;
  }

  public Integer getFailoverPort() {
    return failoverPort;
  }

  public void setFailoverPort(Integer failoverPort) {
    this.failoverPort = failoverPort;
  }

  public PeerTls getPeerTLS() {
    return peerTLS;
  }

  public void setPeerTLS(PeerTls peerTLS) {
    this.peerTLS = peerTLS;
  }

  public Integer getHttpPort() {
    return httpPort;
  }

  public void setHttpPort(Integer httpPort) {
    this.httpPort = httpPort;
  }

  public NodeSpec getPrimary() {
    return primary;
  }

  public void setPrimary(NodeSpec primary) {
    this.primary = primary;
  }

  public NodeSpec getSecondary() {
    return secondary;
  }

  public void setSecondary(NodeSpec secondary) {
    this.secondary = secondary;
  }

  public List<SubnetSpec> getSubnets() {
    return subnets;
  }

  public void setSubnets(List<SubnetSpec> subnets) {
    this.subnets = subnets == null ? new ArrayList<>() : subnets;
  }

  public List<OptionSpec> getOptions() {
    return options;
  }

  public void setOptions(List<OptionSpec> options) {
    this.options = options == null ? new ArrayList<>() : options;
  }

  public List<ClientClassSpec> getClasses() {
    return classes;
  }

  public void setClasses(List<ClientClassSpec> classes) {
    this.classes = classes == null ? new ArrayList<>() : classes;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }

  public UpgradeSpec getUpgrade() {
    return upgrade;
  }

  public void setUpgrade(UpgradeSpec upgrade) {
    this.upgrade = upgrade;
  }
}
