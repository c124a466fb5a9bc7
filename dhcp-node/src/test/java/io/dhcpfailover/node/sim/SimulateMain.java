package io.dhcpfailover.node.sim;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Runs seeds of the pair simulator: {@code N [--from FIRST] [--auto-partner-down]}, or {@code
 * --seed S [--auto-partner-down]} to replay one with its fault log. The last line is {@code seeds,
 * simulated client exchanges, faults, violations, and the seeds where a client rightly waited for a
 * node that lost bindings nobody could give back (see SafetyChecker.checkSettled)}.
 */
public final class SimulateMain {
  private SimulateMain() {}

  /** The totals of a batch of seeds. */
  record Totals(int seeds, long exchanges, long faults, List<Simulation.Result> failed, List<Long> lostBindingWaits) {
    String line() {
      return "seeds=" + seeds + " exchanges=" + exchanges + " faults=" + faults + " violations=" + failed.size()
          + " waited-on-lost-bindings=" + lostBindingWaits.size();
    }
  }

  /** Silences the nodes' logs (a seed logs thousands of lines); returns the level to restore. */
  static Level quiet() {
    Logger logger = (Logger) LoggerFactory.getLogger("io.dhcpfailover");
    Level before = logger.getLevel();
    logger.setLevel(Level.OFF);
    return before;
  }

  static void restore(Level level) {
    ((Logger) LoggerFactory.getLogger("io.dhcpfailover")).setLevel(level);
  }

  static Totals runSeeds(long first, int count, boolean autoPartnerDown) {
    Level before = quiet();
    try {
      return runQuietly(first, count, autoPartnerDown);
    } finally {
      restore(before);
    }
  }

  private static Totals runQuietly(long first, int count, boolean autoPartnerDown) {
    long exchanges = 0;
    long faults = 0;
    List<Simulation.Result> failed = new ArrayList<>();
    List<Long> waited = new ArrayList<>();
    for (long seed = first; seed < first + count; seed++) {
      Simulation.Result r = Simulation.run(seed, autoPartnerDown);
      exchanges += r.exchanges();
      faults += r.faults();
      if (!r.violations().isEmpty()) {
        failed.add(r);
      }
      if (!r.lostBindingWaits().isEmpty()) {
        waited.add(seed);
      }
    }
    return new Totals(count, exchanges, faults, failed, waited);
  }

  public static void main(String[] args) {
    boolean apd = false;
    long from = 1;
    boolean log = false;
    Long single = null;
    Integer traced = null;
    int count = 100;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--auto-partner-down" -> apd = true;
        case "--from" -> from = Long.parseLong(args[++i]);
        case "--seed" -> single = Long.parseLong(args[++i]);
        case "--trace" -> traced = io.dhcpfailover.node.util.Ipv4.parse(args[++i]);
        case "--log" -> log = true;
        default -> count = Integer.parseInt(args[i]);
      }
    }
    if (single != null) {
      if (!log) {
        quiet();
      }
      Simulation.Result r = traced == null ? Simulation.run(single, apd) : Simulation.trace(single, apd, traced);
      System.out.println("seed " + single + ": " + r.config());
      r.faultLog().forEach(f -> System.out.println("  fault " + f));
      r.violations().forEach(v -> System.out.println("  VIOLATION " + v));
      r.lostBindingWaits().forEach(w -> System.out.println("  WAITED " + w));
      System.out.println("seeds=1 exchanges=" + r.exchanges() + " faults=" + r.faults() + " violations="
          + (r.violations().isEmpty() ? 0 : 1) + " waited-on-lost-bindings=" + (r.lostBindingWaits().isEmpty() ? 0 : 1));
      return;
    }
    long t0 = System.nanoTime();
    Totals t = runSeeds(from, count, apd);
    for (Simulation.Result r : t.failed()) {
      System.out.println("seed " + r.seed() + " " + r.config());
      r.violations().stream().limit(3).forEach(v -> System.out.println("  " + v));
      System.out.println("  replay: " + r.replay());
    }
    if (!t.lostBindingWaits().isEmpty()) {
      System.out.println("clients waited on lost bindings (safe, by design) in seeds " + t.lostBindingWaits());
    }
    System.out.printf("%d seeds in %.1f s%n", count, (System.nanoTime() - t0) / 1e9);
    System.out.println(t.line());
  }
}
