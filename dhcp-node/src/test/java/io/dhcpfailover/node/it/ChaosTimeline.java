package io.dhcpfailover.node.it;

import io.dhcpfailover.node.it.ChaosSchedule.Fault;
import java.time.Duration;
import java.util.List;

/**
 * Plays a schedule on a lab in real time: each fault is applied at its start and undone at its end
 * (at the scheduled time, or as soon after it as the previous step allows). A step that fails is
 * noted and the play goes on; the runner's heal puts right whatever it left.
 */
final class ChaosTimeline {
  private static final Duration GRACE = Duration.ofSeconds(10);

  private final ChaosLab lab;
  private final ChaosSchedule schedule;
  private final List<String> notes;

  ChaosTimeline(ChaosLab lab, ChaosSchedule schedule, List<String> notes) {
    this.lab = lab;
    this.schedule = schedule;
    this.notes = notes;
  }

  void run() throws InterruptedException {
    long t0 = System.currentTimeMillis();
    for (long[] e : ChaosRunner.events(schedule)) {
      long wait = t0 + e[0] - System.currentTimeMillis();
      if (wait > 0) {
        Thread.sleep(wait);
      }
      Fault f = schedule.faults().get((int) e[2]);
      String table = "chaos" + e[2];
      long late = System.currentTimeMillis() - t0 - e[0];
      try {
        if (e[1] == 1) {
          apply(f, table);
        } else {
          undo(f, table);
        }
        if (late > 2000) {
          notes.add(String.format("%s %s %.1f s late", e[1] == 1 ? "applied" : "undid", f.kind(), late / 1000.0));
        }
      } catch (Exception x) {
        notes.add((e[1] == 1 ? "could not apply " : "could not undo ") + f + ": " + x);
      }
    }
  }

  private void apply(Fault f, String table) throws Exception {
    String node = f.target();
    switch (f.kind()) {
      case CUT_LINK -> lab.cutLink(table);
      case CUT_LINK_ONE_WAY -> lab.cutLinkOneWay(table, node);
      case CUT_CLIENTS -> lab.cutClients(table, node);
      case KILL -> lab.kill(node);
      case TERM -> lab.terminate(node, GRACE);
      case STOP -> lab.pause(node);
      case WIPE -> {
        lab.kill(node);
        lab.wipe(node);
      }
      case CLOCK -> {
        lab.terminate(node, GRACE);
        lab.restart(node, f.param());
      }
    }
  }

  private void undo(Fault f, String table) throws Exception {
    String node = f.target();
    switch (f.kind()) {
      case CUT_LINK, CUT_LINK_ONE_WAY, CUT_CLIENTS -> lab.unblock(table);
      case KILL, TERM, WIPE -> lab.restart(node, 0);
      case STOP -> lab.resume(node);
      case CLOCK -> {
        lab.terminate(node, GRACE);
        lab.restart(node, 0);
      }
    }
  }
}
