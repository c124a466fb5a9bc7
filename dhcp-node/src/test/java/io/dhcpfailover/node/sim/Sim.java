package io.dhcpfailover.node.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * The simulator's world: one virtual clock in milliseconds, one queue of events ordered by time
 * and then by insertion, one seeded random source. Single-threaded, so a seed replays exactly.
 */
final class Sim {
  /** A day-aligned start, so that times print readably. */
  static final long EPOCH_MS = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

  private record Event(long at, long seq, Runnable task) {}

  private final PriorityQueue<Event> events =
      new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  final Random random;
  private long now = EPOCH_MS;
  private long seq;
  long steps;
  /** Trace lines for one address ({@code --trace}), or null. */
  Integer traced;

  void trace(int address, String what) {
    if (traced != null && traced == address) {
      System.out.printf("  %10.3f %s%n", (now - EPOCH_MS) / 1000.0, what);
    }
  }

  Sim(long seed) {
    this.random = new Random(seed);
  }

  long now() {
    return now;
  }

  /** Runs {@code task} {@code delayMs} from now (0: after what is already due now). */
  void after(long delayMs, Runnable task) {
    events.add(new Event(now + Math.max(0, delayMs), seq++, task));
  }

  /** Runs events until {@code untilMs} or {@code maxSteps} events, whichever first. */
  void runUntil(long untilMs, long maxSteps, Runnable afterEach) {
    while (!events.isEmpty() && events.peek().at <= untilMs && steps < maxSteps) {
      Event e = events.poll();
      now = e.at;
      steps++;
      e.task.run();
      afterEach.run();
    }
    if (now < untilMs) {
      now = untilMs;
    }
  }

  long between(long lo, long hi) {
    return lo + (long) (random.nextDouble() * (hi - lo));
  }

  /** A node's clock: the virtual time plus a constant offset. */
  Clock clock(long offsetMs) {
    Sim sim = this;
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public long millis() {
        return sim.now + offsetMs;
      }

      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(millis());
      }
    };
  }
}
