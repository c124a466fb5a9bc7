package io.dhcpfailover.node.sim;

import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.node.failover.FailoverCore;
import io.dhcpfailover.node.util.Ipv4;
import java.util.Random;

/** The pair and load of one simulated run, drawn from its seed. */
record SimulationConfig(
    Mode mode,
    long mcltSeconds,
    long leaseSeconds,
    long maxResponseDelaySeconds,
    long autoPartnerDownSeconds,
    int clients,
    int rangeSize,
    long clockOffsetMs,
    boolean offsetOnPrimary,
    long faultPhaseMs,
    int faults) {

  static final int PRIMARY = Ipv4.parse("198.18.0.2");
  static final int SECONDARY = Ipv4.parse("198.18.0.3");

  private static final long[] MCLTS = {5, 12, 30, 60, 300, 3600};
  private static final long[] LEASES = {5, 10, 30, 50, 120, 600, 3600, 86400};

  static SimulationConfig draw(long seed, boolean autoPartnerDown) {
    Random r = new Random(seed * 0x9E3779B97F4A7C15L + 17);
    Mode mode = r.nextBoolean() ? Mode.HOT_STANDBY : Mode.LOAD_BALANCE;
    long mclt = MCLTS[r.nextInt(MCLTS.length)];
    long lease = LEASES[r.nextInt(LEASES.length)];
    long mrd = 3 + r.nextInt(28);
    int clients = 10 + r.nextInt(r.nextInt(8) == 0 ? 200 : 40);
    int pool = r.nextInt(6);
    // a third tight (1.05 to 1.3 addresses per client), a sixth oversubscribed (0.6 to 0.95: every
    // address that frees up is wanted at once), the rest roomy
    int range = pool < 2 ? (int) (clients * (1.05 + 0.25 * r.nextDouble())) + 2
        : pool == 2 ? Math.max(4, (int) (clients * (0.6 + 0.35 * r.nextDouble())))
        : 2 * clients + 10;
    long maxSkewMs = FailoverCore.MAX_SKEW_SECONDS * 1000L;
    long offset = r.nextInt(3) == 0 ? (long) ((r.nextDouble() * 2 - 1) * maxSkewMs * 0.9) : 0;
    long longest = Math.max(lease, mclt);
    long faultPhase = Math.min(3_600_000L, Math.max(10 * 60_000, 4 * longest * 1000));
    long apd = autoPartnerDown ? mrd + 5 + r.nextInt(60) : 0;
    return new SimulationConfig(mode, mclt, lease, mrd, apd, clients, range, offset, r.nextBoolean(),
        faultPhase, 1 + r.nextInt(6));
  }
}
