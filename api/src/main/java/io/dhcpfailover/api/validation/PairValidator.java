package io.dhcpfailover.api.validation;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairSpec;
import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.api.v1alpha1.NodeSpec;
import io.dhcpfailover.api.v1alpha1.Patterns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one check of what a usable pair is, wherever it is made: by a node before it starts or
 * reloads its pair file, by the operator before it renders anything, and by the tests that hold
 * the CRD's schema and CEL rules to the same verdicts. Pure: it looks at the pair only, never at
 * the host (a node adds the host's checks: is its address local, do its interfaces exist).
 *
 * <p>Rules, each reported with the path of the field and the offending value:
 *
 * <ul>
 *   <li>{@code metadata.name} is given (it is the failover relationship name on the wire);
 *   <li>{@code mode} is given; {@code split} (0 to 256) only with {@code LoadBalance};
 *   <li>durations are Go-style ({@code 45s}, {@code 1h30m}: units h, m, s, each once, in that
 *       order, at most 100 years); {@code mclt} and {@code maxResponseDelay} are longer than 0s;
 *       ports are 1 to 65535 and differ;
 *   <li>both node addresses are unicast IPv4 addresses and differ; interface names are sane;
 *   <li>flood limits ({@code spec.limits}): see {@link LimitsRules};
 *   <li>subnets, ranges, pools and lease times: see {@link SubnetRules} and {@link PoolRules};
 *       options (global, per subnet, pool, class and reservation): see {@link OptionRules};
 *       reservations: see {@link ReservationRules}; client classes: see {@link ClassRules}, and
 *       a pool names only classes of {@code spec.classes};
 *   <li>the global network-boot fields follow {@link BootRules};
 *   <li>{@code storage.size} is a Kubernetes quantity.
 * </ul>
 */
public final class PairValidator {
  /**
   * The shortest lease time accepted: a second, as labs and tests ask. Clients renew at half of it
   * (T1), each renewal a journal write and a binding update to the partner, so the node warns
   * below {@link #SHORT_LEASE_TIME}; in a failover pair the MCLT still bounds what is given.
   */
  public static final Duration MIN_LEASE_TIME = Duration.ofSeconds(1);

  /** Below this lease time the node logs a warning at start and reload (CONFIG_SHORT_LEASE). */
  public static final Duration SHORT_LEASE_TIME = Duration.ofMinutes(1);

  private static final Pattern OBJECT_NAME =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final Pattern QUANTITY = Pattern.compile(Patterns.QUANTITY);

  private final Problems problems = new Problems();

  private PairValidator() {}

  /** Validates a pair; the result is empty when the pair is valid. */
  public static List<ConfigError> validate(DhcpFailoverPair pair) {
    PairValidator v = new PairValidator();
    v.check(pair);
    return v.problems.list();
  }

  private void check(DhcpFailoverPair pair) {
    String name = pair.getMetadata() == null ? null : pair.getMetadata().getName();
    if (name == null || name.isBlank()) {
      problems.add("metadata.name", "required (it names the failover relationship)");
    } else if (name.length() > 253 || !OBJECT_NAME.matcher(name).matches()) {
      problems.add(
          "metadata.name",
          "must be lower-case letters, digits, '-' and '.', at most 253 characters",
          name);
    }
    DhcpFailoverPairSpec spec = pair.getSpec();
    if (spec == null) {
      problems.required("spec");
      return;
    }
    checkFailover(spec);
    Integer primary = checkNode("spec.primary", spec.getPrimary());
    Integer secondary = checkNode("spec.secondary", spec.getSecondary());
    if (primary != null && primary.equals(secondary)) {
      problems.add(
          "spec.secondary.address",
          "is the same as spec.primary.address; the nodes need addresses of their own",
          Ipv4.format(secondary));
    }
    if (spec.getPrimary() != null && spec.getSecondary() != null) {
      String a = spec.getPrimary().getNodeName();
      if (a != null && !a.isBlank() && a.equals(spec.getSecondary().getNodeName())) {
        problems.add(
            "spec.secondary.nodeName", "is the same as spec.primary.nodeName", a);
      }
    }
    Map<Integer, String> nodeAddresses = new HashMap<>();
    if (primary != null) {
      nodeAddresses.put(primary, "spec.primary.address");
    }
    if (secondary != null) {
      nodeAddresses.putIfAbsent(secondary, "spec.secondary.address");
    }
    Set<String> classNames = new ClassRules(problems).check(spec.getClasses());
    new SubnetRules(problems, classNames).check(spec.getSubnets(), nodeAddresses);
    new OptionRules(problems).check("spec", spec.getOptions());
    BootRules boot = new BootRules(problems);
    boot.check("spec", spec);
    boot.checkAgainstOptions("spec", spec, spec.getOptions());
    if (spec.getStorage() != null
        && spec.getStorage().getSize() != null
        && !QUANTITY.matcher(spec.getStorage().getSize()).matches()) {
      problems.add("spec.storage.size", "is no quantity like 1Gi", spec.getStorage().getSize());
    }
  }

  private void checkFailover(DhcpFailoverPairSpec spec) {
    Mode mode = spec.getMode();
    if (mode == null) {
      problems.add("spec.mode", "required: HotStandby or LoadBalance");
    }
    if (spec.getSplit() != null) {
      if (mode != Mode.LOAD_BALANCE) {
        problems.add("spec.split", "applies only to mode LoadBalance; remove it", spec.getSplit());
      } else if (spec.getSplit() < 0 || spec.getSplit() > 256) {
        problems.add(
            "spec.split", "must be 0 to 256 (hash buckets the primary answers)", spec.getSplit());
      }
    }
    problems.positiveDuration("spec.mclt", spec.getMclt());
    problems.positiveDuration("spec.maxResponseDelay", spec.getMaxResponseDelay());
    problems.duration("spec.autoPartnerDown", spec.getAutoPartnerDown());
    problems.positiveDuration("spec.declineProbation", spec.getDeclineProbation());
    for (int i = 0; i < spec.getRelays().size(); i++) {
      problems.relayPrefix("spec.relays[" + i + "]", spec.getRelays().get(i));
    }
    problems.between("spec.maxUnackedUpdates", spec.getMaxUnackedUpdates(), 1, 1000);
    problems.between("spec.loadBalanceMaxSeconds", spec.getLoadBalanceMaxSeconds(), 0, 65535);
    boolean failoverOk = problems.between("spec.failoverPort", spec.getFailoverPort(), 1, 65535);
    boolean httpOk = problems.between("spec.httpPort", spec.getHttpPort(), 1, 65535);
    if (failoverOk && httpOk && spec.getFailoverPort().equals(spec.getHttpPort())) {
      problems.add("spec.httpPort", "is the same as spec.failoverPort", spec.getHttpPort());
    }
    new LimitsRules(problems).check(spec.getLimits());
    if (spec.getUpgrade() != null && spec.getUpgrade().getStepTimeout() != null) {
      problems.duration("spec.upgrade.stepTimeout", spec.getUpgrade().getStepTimeout());
    }
  }

  /** Checks one node; returns its address when valid. */
  private Integer checkNode(String path, NodeSpec node) {
    if (node == null) {
      problems.required(path);
      return null;
    }
    Integer address = problems.unicast(path + ".address", node.getAddress());
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < node.getInterfaces().size(); i++) {
      String p = path + ".interfaces[" + i + "]";
      String ifname = node.getInterfaces().get(i);
      if (ifname == null
          || ifname.isEmpty()
          || ifname.length() > 15
          || !ifname.matches("[^/\\s:]+")) {
        problems.add(p, "is no interface name (1 to 15 characters, no '/', ':' or blanks)", ifname);
      } else if (seen.contains(ifname)) {
        problems.add(p, "is listed twice", ifname);
      }
      seen.add(ifname);
    }
    return address;
  }
}
