package io.dhcpfailover.node.config;

import io.dhcpfailover.api.contract.RestartInputs;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.api.validation.Durations;
import io.dhcpfailover.api.validation.Prefix;
import io.dhcpfailover.api.validation.AddressRange;
import io.dhcpfailover.api.validation.OptionValues;
import io.dhcpfailover.api.validation.PairValidator;
import io.dhcpfailover.api.v1alpha1.ConfigVersion;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairSpec;
import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.api.v1alpha1.PeerTls;
import io.dhcpfailover.api.v1alpha1.NodeSpec;
import io.dhcpfailover.api.v1alpha1.OptionSpec;
import io.dhcpfailover.api.v1alpha1.BootSpec;
import io.dhcpfailover.api.v1alpha1.ReservationSpec;
import io.dhcpfailover.api.v1alpha1.SubnetSpec;
import io.dhcpfailover.node.codec.dhcp.DhcpOptionCode;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.engine.BootParameters;
import io.dhcpfailover.node.engine.ClientClasses;
import io.dhcpfailover.node.engine.Parameters;
import io.dhcpfailover.node.util.Hex;
import io.dhcpfailover.node.util.Ipv4;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one node runs: a valid pair translated for one {@link Role}. Immutable and free of the pair
 * file's text forms (addresses are {@code int}s, durations are {@link Duration}s).
 *
 * @param role the part this node plays
 * @param relationshipName the failover relationship name ({@code metadata.name})
 * @param serverAddress the address this node serves and peers from
 * @param interfaces the interfaces on which directly attached clients are heard
 * @param failoverPort the TCP port of the failover protocol
 * @param peerAddress the partner's address; 0 for {@link Role#STANDALONE}
 * @param mode how the two nodes share clients
 * @param split hash buckets (of 256) the primary answers: the configured split in LoadBalance (128
 *     when not given), 256 in HotStandby
 * @param mclt maximum client lead time
 * @param maxResponseDelay silence after which the partner counts as unreachable
 * @param autoPartnerDown time in COMMUNICATIONS-INTERRUPTED before PARTNER-DOWN; zero: never
 * @param declineProbation how long a declined address stays ABANDONED before it returns to the pool
 * @param maxUnackedUpdates binding updates in flight to the partner at most
 * @param loadBalanceMaxSeconds secs value from which either node answers a client
 * @param httpPort the TCP port of the HTTP endpoint
 * @param subnets the subnets served, in the order of the file
 * @param relays the relays trusted to forward requests ({@code spec.relays}); empty: any
 * @param limits the flood defences ({@code spec.limits}), applied live
 * @param peerTls whether the failover link runs over mutual TLS ({@code spec.peerTLS} Enabled)
 * @param configVersion a stable identity of the pair's configuration, see {@link
 *     ConfigVersion#of(DhcpFailoverPair)}
 */
public record NodeConfig(
    Role role,
    String relationshipName,
    int serverAddress,
    List<String> interfaces,
    int failoverPort,
    int peerAddress,
    Mode mode,
    int split,
    Duration mclt,
    Duration maxResponseDelay,
    Duration autoPartnerDown,
    Duration declineProbation,
    int maxUnackedUpdates,
    int loadBalanceMaxSeconds,
    int httpPort,
    List<SubnetConfig> subnets,
    List<Prefix> relays,
    LimitsConfig limits,
    boolean peerTls,
    String configVersion) {

  /** The split used in LoadBalance mode when none is configured. */
  public static final int DEFAULT_SPLIT = RestartInputs.DEFAULT_SPLIT;

  private static final Logger LOG = LoggerFactory.getLogger(NodeConfig.class);

  /** Copies the lists. */
  public NodeConfig {
    interfaces = List.copyOf(interfaces);
    subnets = List.copyOf(subnets);
    relays = List.copyOf(relays);
  }

  /**
   * Translates a pair for one role. The pair must have passed {@link PairValidator}; an invalid
   * pair gives an {@link IllegalArgumentException} or a meaningless result.
   */
  public static NodeConfig from(DhcpFailoverPair pair, Role role) {
    DhcpFailoverPairSpec spec = pair.getSpec();
    NodeSpec self = role == Role.SECONDARY ? spec.getSecondary() : spec.getPrimary();
    NodeSpec peer =
        switch (role) {
          case PRIMARY -> spec.getSecondary();
          case SECONDARY -> spec.getPrimary();
          case STANDALONE -> null;
        };
    int split =
        spec.getMode() == Mode.LOAD_BALANCE
            ? (spec.getSplit() == null ? DEFAULT_SPLIT : spec.getSplit())
            : 256;
    List<SubnetConfig> subnets = new ArrayList<>();
    Parameters global = LayerConfig.layer(spec, spec.getOptions());
    ClientClasses classes = LayerConfig.classes(spec.getClasses());
    for (SubnetSpec s : spec.getSubnets()) {
      subnets.add(subnet(s, global, classes));
    }
    return new NodeConfig(
        role,
        pair.getMetadata().getName(),
        Ipv4.parse(self.getAddress()),
        self.getInterfaces(),
        spec.getFailoverPort(),
        peer == null ? 0 : Ipv4.parse(peer.getAddress()),
        spec.getMode(),
        split,
        Durations.parse(spec.getMclt()),
        Durations.parse(spec.getMaxResponseDelay()),
        Durations.parse(spec.getAutoPartnerDown()),
        Durations.parse(spec.getDeclineProbation()),
        spec.getMaxUnackedUpdates(),
        spec.getLoadBalanceMaxSeconds(),
        spec.getHttpPort(),
        subnets,
        spec.getRelays().stream().map(Prefix::parse).toList(),
        LimitsConfig.from(spec.getLimits()),
        spec.getPeerTLS() != PeerTls.DISABLED,
        configVersionOf(pair));
  }

  /** The pair's config version: {@link ConfigVersion#of(DhcpFailoverPair)}. */
  public static String configVersionOf(DhcpFailoverPair pair) {
    return ConfigVersion.of(pair);
  }

  /** The inputs that need a restart when they change; see {@link RestartInputs}. */
  public RestartInputs restartInputs() {
    return new RestartInputs(
        relationshipName,
        Ipv4.format(serverAddress),
        hasPeer() ? Ipv4.format(peerAddress) : null,
        interfaces,
        failoverPort,
        httpPort,
        mode,
        split,
        loadBalanceMaxSeconds,
        mclt,
        maxResponseDelay,
        autoPartnerDown,
        maxUnackedUpdates,
        peerTls);
  }

  /** Whether this node has a failover partner. */
  public boolean hasPeer() {
    return role.hasPeer();
  }

  /** The subnet that contains {@code address}, if any. */
  public Optional<SubnetConfig> subnetContaining(int address) {
    return subnets.stream().filter(s -> s.contains(address)).findFirst();
  }

  private static SubnetConfig subnet(SubnetSpec s, Parameters global, ClientClasses classes) {
    Prefix prefix = Prefix.parse(s.getSubnet());
    List<AddressRange> ranges = new ArrayList<>();
    for (String r : s.getRanges()) {
      ranges.add(AddressRange.parse(r));
    }
    DhcpOptions.Builder options = DhcpOptions.builder();
    options.addIpv4(1, s.getSubnetMask() == null ? prefix.mask() : Ipv4.parse(s.getSubnetMask()));
    if (!s.getRouters().isEmpty()) {
      options.addIpv4(3, s.getRouters().stream().mapToInt(Ipv4::parse).toArray());
    }
    if (!s.getDnsServers().isEmpty()) {
      options.addIpv4(6, s.getDnsServers().stream().mapToInt(Ipv4::parse).toArray());
    }
    if (s.getDomainName() != null) {
      options.add(15, s.getDomainName().getBytes(StandardCharsets.US_ASCII));
    }
    if (s.getHostname() != null) {
      options.add(12, ascii(s.getHostname()));
    }
    byte[] tftpServerName = ascii(s.getTftpServerName());
    byte[] bootFileName = ascii(s.getBootFileName());
    for (OptionSpec o : s.getOptions()) {
      // options 66 and 67 are the boot settings written as options: sname and file too
      if (o.getCode() == DhcpOptionCode.TFTP_SERVER.code()) {
        tftpServerName = OptionValues.encode(o);
      } else if (o.getCode() == DhcpOptionCode.BOOTFILE.code()) {
        bootFileName = OptionValues.encode(o);
      } else {
        options.add(o.getCode(), OptionValues.encode(o));
      }
    }
    List<ReservationConfig> reservations = new ArrayList<>();
    for (ReservationSpec r : s.getReservations()) {
      byte[] hardware = null;
      if (r.getHardwareAddress() != null) {
        byte[] mac = Hex.parse(r.getHardwareAddress());
        hardware = new byte[mac.length + 1];
        hardware[0] = 1;
        System.arraycopy(mac, 0, hardware, 1, mac.length);
      }
      byte[] clientId = r.getClientId() == null ? null : Hex.parse(r.getClientId());
      reservations.add(
          new ReservationConfig(
              hardware, clientId, Ipv4.parse(r.getAddress()), r.getHostname(),
              LayerConfig.layer(r, r.getOptions()).boot(),
              LayerConfig.layer(r, r.getOptions()).options()));
    }
    return new SubnetConfig(
        prefix.first(),
        prefix.length(),
        prefix.mask(),
        prefix.last(),
        ranges,
        leaseTime(s),
        options.build(),
        reservations,
        optionalDuration(s.getRenewalTime()),
        optionalDuration(s.getRebindingTime()),
        new BootParameters(nextServer(s), tftpServerName, bootFileName),
        s.getPools().stream().map(LayerConfig::pool).toList(),
        global,
        classes,
        s.getPingCheck() != null && s.getPingCheck().on() ? s.getPingCheck().getTimeoutMillis() : 0);
  }

  /** The subnet's lease time, with a warning when it is below a minute (labs and tests). */
  private static Duration leaseTime(SubnetSpec s) {
    Duration lease = Durations.parse(s.getLeaseTime());
    if (lease.compareTo(PairValidator.SHORT_LEASE_TIME) < 0) {
      LOG.warn("CONFIG_SHORT_LEASE subnet={} leaseTime={}: below a minute, every client renews"
          + " every {} s (each renewal a journal write and an update to the partner)",
          s.getSubnet(), s.getLeaseTime(), Math.max(1, lease.toSeconds() / 2));
    }
    return lease;
  }

  private static int nextServer(BootSpec b) {
    return b.getNextServer() == null ? 0 : Ipv4.parse(b.getNextServer());
  }

  private static byte[] ascii(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.US_ASCII);
  }

  private static Duration optionalDuration(String text) {
    return text == null ? null : Durations.parse(text);
  }
}
