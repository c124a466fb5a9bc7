package io.dhcpfailover.api.contract;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairSpec;
import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.api.v1alpha1.NodeSpec;
import io.dhcpfailover.api.v1alpha1.PeerTls;
import io.dhcpfailover.api.validation.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The inputs of the pair file that a running node cannot take live: a change to any of them needs
 * the node restarted. The node compares them to decide whether a new pair file applies live
 * ({@code DhcpNode.restartOnlyChanges}); the operator hashes them into the pod template so that
 * such a change rolls the nodes one at a time ({@code DesiredStateBuilder.restartHash}). The rest
 * of the pair file (subnets, ranges, options, reservations, lease times) is reloaded live.
 * Durations are compared by value, so {@code 60m} and {@code 1h} are the same input. The pair must
 * have passed {@link io.dhcpfailover.api.validation.PairValidator}.
 *
 * @param relationshipName {@code metadata.name}, the failover relationship's name on the wire
 * @param serverAddress the address the node serves from
 * @param peerAddress the partner's address; null for a node without a partner
 * @param interfaces the interfaces the node listens on
 * @param failoverPort {@code spec.failoverPort}
 * @param httpPort {@code spec.httpPort}; a node whose port was given on its command line ignores it
 * @param mode {@code spec.mode}
 * @param split the hash buckets the primary answers: {@code spec.split} in LoadBalance (128 when
 *     unset), all 256 in HotStandby
 * @param loadBalanceMaxSeconds {@code spec.loadBalanceMaxSeconds}
 * @param mclt {@code spec.mclt}
 * @param maxResponseDelay {@code spec.maxResponseDelay}
 * @param autoPartnerDown {@code spec.autoPartnerDown}
 * @param maxUnackedUpdates {@code spec.maxUnackedUpdates}
 * @param peerTls {@code spec.peerTLS} is Enabled (null counts as Enabled, the default)
 */
public record RestartInputs(
    String relationshipName,
    String serverAddress,
    String peerAddress,
    List<String> interfaces,
    int failoverPort,
    int httpPort,
    Mode mode,
    int split,
    int loadBalanceMaxSeconds,
    Duration mclt,
    Duration maxResponseDelay,
    Duration autoPartnerDown,
    int maxUnackedUpdates,
    boolean peerTls) {

  /** The split used in LoadBalance mode when none is configured. */
  public static final int DEFAULT_SPLIT = 128;

  /** Copies the interfaces. */
  public RestartInputs {
    interfaces = List.copyOf(interfaces);
  }

  /** The inputs of the node serving from {@code self}, with {@code peer} as partner (or null). */
  public static RestartInputs of(DhcpFailoverPair pair, NodeSpec self, NodeSpec peer) {
    DhcpFailoverPairSpec spec = pair.getSpec();
    int split =
        spec.getMode() == Mode.LOAD_BALANCE
            ? (spec.getSplit() == null ? DEFAULT_SPLIT : spec.getSplit())
            : 256;
    return new RestartInputs(
        pair.getMetadata().getName(),
        self.getAddress(),
        peer == null ? null : peer.getAddress(),
        self.getInterfaces(),
        spec.getFailoverPort(),
        spec.getHttpPort(),
        spec.getMode(),
        split,
        spec.getLoadBalanceMaxSeconds(),
        Durations.parse(spec.getMclt()),
        Durations.parse(spec.getMaxResponseDelay()),
        Durations.parse(spec.getAutoPartnerDown()),
        spec.getMaxUnackedUpdates(),
        spec.getPeerTLS() != PeerTls.DISABLED);
  }

  /**
   * What differs from {@code other}, by group ("node addresses", "interfaces", "ports", "peer
   * TLS", "failover parameters"); empty when nothing that needs a restart changed.
   *
   * @param httpPortCounts false when the node took its HTTP port from its command line
   */
  public List<String> changes(RestartInputs other, boolean httpPortCounts) {
    List<String> changed = new ArrayList<>();
    if (!java.util.Objects.equals(serverAddress, other.serverAddress)
        || !java.util.Objects.equals(peerAddress, other.peerAddress)) {
      changed.add("node addresses");
    }
    if (!interfaces.equals(other.interfaces)) {
      changed.add("interfaces");
    }
    if (failoverPort != other.failoverPort || httpPortCounts && httpPort != other.httpPort) {
      changed.add("ports");
    }
    if (peerTls != other.peerTls) {
      changed.add("peer TLS");
    }
    if (!withoutNodeAndPorts().equals(other.withoutNodeAndPorts())) {
      changed.add("failover parameters");
    }
    return changed;
  }

  /** The failover parameters alone: the node's own fields and the ports blanked. */
  private RestartInputs withoutNodeAndPorts() {
    return new RestartInputs(
        relationshipName, null, null, List.of(), 0, 0, mode, split, loadBalanceMaxSeconds, mclt,
        maxResponseDelay, autoPartnerDown, maxUnackedUpdates, false);
  }
}
