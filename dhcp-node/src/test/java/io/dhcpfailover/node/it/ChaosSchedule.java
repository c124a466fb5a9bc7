package io.dhcpfailover.node.it;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A seeded random fault schedule for a failover pair: which fault hits which node when, and for how
 * long. Pure: the same seed and limits always give the same schedule (java.util.Random's sequence
 * is fixed by its specification), so a failing run is replayed from its seed.
 *
 * <p>Rules that keep every check meaningful: faults that act on a node's process (kill, stop,
 * restart) never overlap on the same node, so each one ends with the process it started from; at
 * most one data directory is wiped per schedule (two lost stores at once are beyond what failover
 * promises); SIGSTOP lasts longer than {@code maxResponseDelay}, so the partner notices; a clock
 * offset is at least 2 s and at most {@code maxClockOffsetSeconds} either way, and ends with a
 * restart on the true clock. Network faults overlap freely. Every fault ends within the schedule,
 * so the schedule itself heals everything.
 */
public record ChaosSchedule(long seed, List<Fault> faults, long lengthMs) {

  /** What a fault does to its target node; each is undone at the fault's end. */
  public enum Kind {
    /** The failover link (TCP 647) dropped both ways, in both nodes' namespaces. */
    CUT_LINK,
    /** Only what the target sends to its partner on the failover link is dropped. */
    CUT_LINK_ONE_WAY,
    /** The target hears no client and answers none (UDP 67 dropped in its namespace). */
    CUT_CLIENTS,
    /** SIGKILL; restarted on the same data directory at the end. */
    KILL,
    /** SIGTERM (the node hands over with SHUTDOWN); restarted at the end. */
    TERM,
    /** SIGSTOP; SIGCONT at the end. */
    STOP,
    /** SIGKILL, the data directory deleted; restarted empty at the end. */
    WIPE,
    /** Restarted (SIGTERM) with its clock {@code param} seconds off; restarted true at the end. */
    CLOCK;

    boolean actsOnProcess() {
      return this != CUT_LINK && this != CUT_LINK_ONE_WAY && this != CUT_CLIENTS;
    }
  }

  /** One fault: applied at {@code atMs} from the schedule's start, undone {@code durationMs} later. */
  public record Fault(long atMs, Kind kind, String target, long durationMs, int param) {
    public long endMs() {
      return atMs + durationMs;
    }

    @Override
    public String toString() {
      return String.format(
          "%5.1fs %-16s %-9s for %4.1fs%s",
          atMs / 1000.0,
          kind,
          target,
          durationMs / 1000.0,
          kind == Kind.CLOCK ? String.format(" (clock %+ds)", param) : "");
    }
  }

  /**
   * Bounds of a schedule.
   *
   * @param windowMs faults start within this many ms
   * @param minFaults fewest faults drawn
   * @param maxFaults most faults drawn
   * @param maxResponseDelayMs the pair's maxResponseDelay: a SIGSTOP lasts longer
   * @param maxClockOffsetSeconds largest clock offset
   */
  public record Limits(
      long windowMs, int minFaults, int maxFaults, long maxResponseDelayMs, int maxClockOffsetSeconds) {
    public Limits {
      if (windowMs < 1000 || minFaults < 1 || maxFaults < minFaults || maxClockOffsetSeconds < 2) {
        throw new IllegalArgumentException("bad chaos limits");
      }
    }
  }

  private static final int TRIES = 20;
  private static final long GAP_MS = 1000;

  /** The schedule of {@code seed} within {@code limits}. */
  public static ChaosSchedule generate(long seed, Limits limits) {
    Random random = new Random(seed);
    int wanted = limits.minFaults() + random.nextInt(limits.maxFaults() - limits.minFaults() + 1);
    List<Fault> faults = new ArrayList<>();
    boolean wiped = false;
    for (int i = 0; i < wanted; i++) {
      Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
      if (kind == Kind.WIPE && wiped) {
        kind = Kind.KILL;
      }
      String target = random.nextBoolean() ? "primary" : "secondary";
      long duration = duration(kind, random, limits);
      int param = kind == Kind.CLOCK ? clockOffset(random, limits.maxClockOffsetSeconds()) : 0;
      for (int t = 0; t < TRIES; t++) {
        long at = (long) (random.nextDouble() * limits.windowMs());
        Fault f = new Fault(at, kind, target, duration, param);
        if (fits(f, faults)) {
          faults.add(f);
          wiped |= kind == Kind.WIPE;
          break;
        }
      }
    }
    faults.sort(Comparator.comparingLong(Fault::atMs).thenComparing(f -> f.kind().ordinal()));
    long length = faults.stream().mapToLong(Fault::endMs).max().orElse(0);
    return new ChaosSchedule(seed, List.copyOf(faults), length);
  }

  private static long duration(Kind kind, Random random, Limits limits) {
    return switch (kind) {
      case CUT_LINK, CUT_LINK_ONE_WAY, CUT_CLIENTS -> between(random, 3_000, 10_000);
      case KILL, TERM -> between(random, 1_000, 6_000);
      case WIPE -> between(random, 1_000, 4_000);
      case STOP -> limits.maxResponseDelayMs() + between(random, 1_000, 5_000);
      case CLOCK -> between(random, 6_000, 14_000);
    };
  }

  private static long between(Random random, long min, long max) {
    return min + (long) (random.nextDouble() * (max - min));
  }

  /** A nonzero offset of at least 2 s either way, at most {@code max}. */
  private static int clockOffset(Random random, int max) {
    int magnitude = 2 + random.nextInt(max - 1);
    return random.nextBoolean() ? magnitude : -magnitude;
  }

  /** Process faults on one node never overlap (with a second between them). */
  private static boolean fits(Fault f, List<Fault> placed) {
    if (!f.kind().actsOnProcess()) {
      return true;
    }
    for (Fault p : placed) {
      if (p.kind().actsOnProcess()
          && p.target().equals(f.target())
          && f.atMs() < p.endMs() + GAP_MS
          && p.atMs() < f.endMs() + GAP_MS) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("seed " + seed + ", " + faults.size() + " faults:");
    for (Fault f : faults) {
      b.append("\n  ").append(f);
    }
    return b.toString();
  }
}
