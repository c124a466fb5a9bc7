package io.dhcpfailover.node.it;

import io.dhcpfailover.node.it.ChaosSchedule.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs one {@link ChaosSchedule} against a real pair in a fresh {@link ChaosLab} and checks it:
 *
 * <ol>
 *   <li>both nodes start and reach NORMAL; the relay-style simulator and the dhclients start;
 *   <li>the schedule's faults are applied and undone at their times, while the clients go on;
 *   <li>everything is healed (no nftables rule left, every node running, none stopped), and both
 *       nodes must report NORMAL within {@code normalBound}, else the pair is stuck;
 *   <li>new clients arrive and the old ones renew for {@code churnMs}; then every client stops;
 *   <li>checks: no address ACKed to two clients at overlapping times (every ACK of the run), and
 *       every binding a client still holds is ACTIVE on both nodes (lost when on neither,
 *       unsynced when on one), waiting up to {@code syncBound} for replication.
 * </ol>
 *
 * <p>{@link #main} runs N schedules for {@code bench/chaos.sh} and prints {@code schedules=..
 * faults=.. duplicates=.. lost=.. unsynced=.. stuck=..} as its last line.
 */
public final class ChaosRunner {

  /** Timers of the pair and the bounds of a run. */
  public record Settings(
      ChaosLab.Timers timers,
      ChaosSchedule.Limits limits,
      long warmupMs,
      long churnMs,
      Duration normalBound,
      Duration syncBound) {

    /** Short timers for CI: MCLT 10 s, leases 40 s, maxResponseDelay 5 s. */
    public static Settings quick(String mode) {
      return new Settings(
          new ChaosLab.Timers(mode, 10, 40, 5),
          new ChaosSchedule.Limits(15_000, 2, 4, 5_000, 15),
          3_000,
          6_000,
          Duration.ofSeconds(60),
          Duration.ofSeconds(20));
    }

    /**
     * A client's binding is checked when it has more than this left: a wiped store may lag its
     * clients by up to MCLT (the protocol's bound), and a node whose clock ran slow stored its
     * leases' ends that much early; two seconds for the check itself.
     */
    long marginMs(ChaosSchedule schedule) {
      long margin = 2_000;
      if (schedule.faults().stream().anyMatch(f -> f.kind() == ChaosSchedule.Kind.WIPE)) {
        margin += timers.mclt() * 1000L;
      }
      int slow = schedule.faults().stream().mapToInt(ChaosSchedule.Fault::param).min().orElse(0);
      return margin + Math.max(0, -slow) * 1000L;
    }
  }

  /** What one schedule showed. */
  public record Outcome(
      long seed,
      String mode,
      ChaosSchedule schedule,
      List<DuplicateAddressChecker.Overlap> duplicates,
      List<String> lost,
      List<String> unsynced,
      String stuck,
      List<String> notes,
      int acks,
      int checked,
      long tookMs) {

    public boolean clean() {
      return duplicates.isEmpty() && lost.isEmpty() && unsynced.isEmpty() && stuck == null;
    }

    public String line() {
      return String.format(
          "seed=%d mode=%s faults=%d acks=%d held=%d duplicates=%d lost=%d unsynced=%d stuck=%s took=%.0fs",
          seed, mode, schedule.faults().size(), acks, checked, duplicates.size(), lost.size(),
          unsynced.size(), stuck == null ? "no" : "yes", tookMs / 1000.0);
    }

    /** The line, the schedule and every finding, for a failure message. */
    public String report() {
      StringBuilder b = new StringBuilder(line()).append('\n').append(schedule);
      notes.forEach(n -> b.append("\n  note: ").append(n));
      if (stuck != null) {
        b.append("\n  STUCK: ").append(stuck);
      }
      duplicates.forEach(d -> b.append("\n  DUPLICATE: ").append(d));
      lost.forEach(l -> b.append("\n  LOST: ").append(l));
      unsynced.forEach(u -> b.append("\n  UNSYNCED: ").append(u));
      return b.toString();
    }
  }

  private final Settings settings;

  public ChaosRunner(Settings settings) {
    this.settings = settings;
  }

  /** Runs the schedule of {@code seed} on a fresh pair in {@code mode}'s settings. */
  public Outcome run(long seed) throws Exception {
    long began = System.currentTimeMillis();
    ChaosSchedule schedule = ChaosSchedule.generate(seed, settings.limits());
    List<String> notes = new ArrayList<>();
    String mode = settings.timers().mode();
    try (ChaosLab lab = new ChaosLab("chaos" + (mode.startsWith("Hot") ? "h" : "l"), settings.timers())) {
      notes.add("logs in " + lab.lab.dir());
      lab.startBoth(Duration.ofSeconds(60));
      String stuck = awaitNormal(lab, settings.normalBound());
      if (stuck != null) {
        return new Outcome(seed, mode, schedule, List.of(), List.of(), List.of(), "before any fault: " + stuck,
            notes, 0, 0, System.currentTimeMillis() - began);
      }
      long budget = (settings.warmupMs() + schedule.lengthMs() + settings.churnMs()) / 1000
          + settings.normalBound().toSeconds() + 60;
      lab.startProbe("steady", ChaosLab.RELAY, 40, 200, budget, "5e");
      lab.startDhclients();
      Thread.sleep(settings.warmupMs());

      new ChaosTimeline(lab, schedule, notes).run();

      heal(lab, notes);
      stuck = awaitNormal(lab, settings.normalBound());
      if (stuck == null) {
        lab.startProbe("fresh", ChaosLab.RELAY2, 20, 200, budget, "c3");
        Thread.sleep(settings.churnMs());
      }
      lab.stopClients();
      List<AckRecord> acks = lab.acks();
      List<DuplicateAddressChecker.Overlap> duplicates = DuplicateAddressChecker.overlaps(acks);
      BindingCheck.Result bindings = awaitSynced(lab, acks, settings.marginMs(schedule),
          stuck == null ? settings.syncBound() : Duration.ZERO);
      return new Outcome(seed, mode, schedule, duplicates, bindings.lost(), bindings.unsynced(), stuck, notes,
          acks.size(), bindings.checked(), System.currentTimeMillis() - began);
    }
  }

  /** Removes every rule, starts a node that is not running, resumes a stopped one. */
  private static void heal(ChaosLab lab, List<String> notes) throws Exception {
    lab.unblockAll();
    for (String role : List.of("primary", "secondary")) {
      Process p = lab.node(role).process();
      if (p == null || !p.isAlive()) {
        notes.add(role + " was not running at the heal (exit " + (p == null ? "-" : p.exitValue())
            + "); started again");
        lab.restart(role, 0);
      } else {
        lab.resume(role);
      }
    }
  }

  /** Null when both nodes report NORMAL within {@code bound}; else what they reported. */
  private static String awaitNormal(ChaosLab lab, Duration bound) throws InterruptedException {
    long end = System.nanoTime() + bound.toNanos();
    String p = "";
    String s = "";
    while (System.nanoTime() < end) {
      p = lab.state("primary");
      s = lab.state("secondary");
      if (p.equals("NORMAL") && s.equals("NORMAL")) {
        return null;
      }
      Thread.sleep(500);
    }
    return "not both NORMAL after " + bound.toSeconds() + " s: primary " + p + ", secondary " + s
        + "\n--- primary log (tail)\n" + tail(lab.log("primary")) + "\n--- secondary log (tail)\n"
        + tail(lab.log("secondary"));
  }

  /**
   * Checks the bindings clients hold against both stores until they agree or {@code bound} passes;
   * each round takes the clients' view afresh, so a lease that ran out meanwhile is not counted.
   */
  private static BindingCheck.Result awaitSynced(ChaosLab lab, List<AckRecord> acks, long marginMs, Duration bound)
      throws Exception {
    long end = System.nanoTime() + bound.toNanos();
    BindingCheck.Result r;
    do {
      List<AckRecord> held = BindingCheck.held(acks, System.currentTimeMillis(), marginMs);
      r = BindingCheck.check(held, lab.activeLeases("primary"), lab.activeLeases("secondary"));
      if (r.clean() || System.nanoTime() >= end) {
        return r;
      }
      Thread.sleep(1000);
    } while (true);
  }

  static String tail(String log) {
    String[] lines = log.split("\n");
    return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 25), lines.length));
  }

  /**
   * {@code ChaosRunner N [FIRST-SEED] [MODE,...]}: N schedules with seeds FIRST-SEED (default: from
   * the clock), FIRST-SEED+1, ..., the modes taken in turn (default HotStandby,LoadBalance). Prints
   * a line per schedule (and its findings), then the totals as the last line.
   */
  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    long first = args.length > 1 ? Long.parseLong(args[1]) : System.currentTimeMillis() % 1_000_000;
    String[] modes = (args.length > 2 ? args[2] : "HotStandby,LoadBalance").split(",");
    int faults = 0;
    int duplicates = 0;
    int lost = 0;
    int unsynced = 0;
    int stuck = 0;
    int errors = 0;
    for (int i = 0; i < n; i++) {
      long seed = first + i;
      String mode = modes[i % modes.length];
      try {
        Outcome o = new ChaosRunner(Settings.quick(mode)).run(seed);
        System.out.println(o.clean() ? o.line() : o.report());
        faults += o.schedule().faults().size();
        duplicates += o.duplicates().size();
        lost += o.lost().size();
        unsynced += o.unsynced().size();
        stuck += o.stuck() == null ? 0 : 1;
      } catch (Exception e) {
        errors++;
        System.out.println("seed=" + seed + " mode=" + mode + " could not run: " + e);
      }
    }
    System.out.println(String.format("schedules=%d faults=%d duplicates=%d lost=%d unsynced=%d stuck=%d%s",
        n, faults, duplicates, lost, unsynced, stuck, errors == 0 ? "" : " errors=" + errors));
    System.exit(duplicates + lost + unsynced + stuck + errors == 0 ? 0 : 1);
  }

  /** Sorted by time: the start and the end of every fault. */
  static List<long[]> events(ChaosSchedule schedule) {
    List<long[]> events = new ArrayList<>();
    List<Fault> faults = schedule.faults();
    for (int i = 0; i < faults.size(); i++) {
      events.add(new long[] {faults.get(i).atMs(), 1, i});
      events.add(new long[] {faults.get(i).endMs(), 0, i});
    }
    events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
    return events;
  }
}
