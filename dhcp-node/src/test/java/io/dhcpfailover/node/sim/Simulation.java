package io.dhcpfailover.node.sim;

import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.failover.FailoverCore;
import io.dhcpfailover.node.failover.FailoverSnapshot;
import io.dhcpfailover.api.v1alpha1.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * One seeded run of the pair: two simulated nodes, the failover link, a relay to both and
 * RFC 2131 clients, a random fault schedule, then healing and settling, with {@link
 * SafetyChecker} watching throughout. The same seed gives the same run.
 */
final class Simulation {
  /** What a run found. */
  record Result(long seed, SimulationConfig config, long exchanges, int faults, List<String> faultLog, List<String> violations,
      List<String> lostBindingWaits) {
    String replay() {
      return "bench/simulate.sh --seed " + seed + (config.autoPartnerDownSeconds() > 0 ? " --auto-partner-down" : "");
    }
  }

  private static final long MAX_STEPS = 20_000_000;

  final Sim sim;
  final SimulationConfig config;
  final SimNode primary;
  final SimNode secondary;
  final SimLink link;
  final List<SimClient> clients = new ArrayList<>();
  final SafetyChecker checker = new SafetyChecker(this);
  private final List<String> faultLog = new ArrayList<>();
  private boolean primaryCut;
  private boolean secondaryCut;
  private final long seed;
  private int declines;
  private boolean wipePlanned;
  /** Set when the fault phase ends: steps of compound faults still pending are not taken. */
  private boolean healed;
  /** The node the partner-down command declared down, until it is started again. */
  private SimNode declaredDown;

  /**
   * A declined address stays ABANDONED for the decline probation (a day, longer than any run), so
   * a run allows a few declines, not enough to exhaust the pool and pass for a pair that stopped
   * serving.
   */
  boolean mayDecline() {
    return declines++ < Math.max(1, config.rangeSize() / 20);
  }

  Simulation(long seed, boolean autoPartnerDown) {
    this.seed = seed;
    this.sim = new Sim(seed);
    this.config = SimulationConfig.draw(seed, autoPartnerDown);
    long po = config.offsetOnPrimary() ? config.clockOffsetMs() : 0;
    long so = config.offsetOnPrimary() ? 0 : config.clockOffsetMs();
    primary = new SimNode(Role.PRIMARY, SimulationConfig.PRIMARY, sim, config, po);
    secondary = new SimNode(Role.SECONDARY, SimulationConfig.SECONDARY, sim, config, so);
    link = new SimLink(sim, primary, secondary);
  }

  static Result run(long seed, boolean autoPartnerDown) {
    return new Simulation(seed, autoPartnerDown).run();
  }

  static Result trace(long seed, boolean autoPartnerDown, int address) {
    Simulation s = new Simulation(seed, autoPartnerDown);
    s.sim.traced = address;
    return s.run();
  }

  Result run() {
    primary.boot();
    secondary.boot();
    for (int i = 0; i < config.clients(); i++) {
      SimClient c = new SimClient(this, i + 1);
      clients.add(c);
      c.start(sim.between(0, 60_000));
      mischief(c);
    }
    long faultEnd = sim.now() + config.faultPhaseMs();
    for (int i = 0; i < config.faults(); i++) {
      scheduleFault(sim.between(20_000, (long) (config.faultPhaseMs() * 0.8)));
    }
    periodicCheck();
    sim.runUntil(faultEnd, MAX_STEPS, () -> {});
    healAll();
    long settle = 2 * config.mcltSeconds() * 1000 + 4 * config.maxResponseDelaySeconds() * 1000 + 180_000;
    sim.runUntil(sim.now() + settle, MAX_STEPS, () -> {});
    checker.checkBindings();
    checker.checkSettled(settle);
    return new Result(seed, config, checker.exchanges, faultLog.size(), faultLog, checker.violations,
        checker.lostBindingWaits);
  }

  private void periodicCheck() {
    sim.after(5000, () -> {
      checker.checkBindings();
      periodicCheck();
    });
  }

  /** Now and then a client reboots, releases, or leaves for a while. */
  private void mischief(SimClient c) {
    long every = Math.max(30_000, Math.min(4 * config.leaseSeconds() * 1000, 3_600_000));
    sim.after(sim.between(every / 4, every), () -> {
      int roll = sim.random.nextInt(10);
      if (roll < 4) {
        c.reboot();
      } else if (roll < 6) {
        c.release(false);
      } else if (roll == 9) {
        c.release(true);
      } else if (roll < 8) {
        c.leave(sim.between(1000, 2 * config.leaseSeconds() * 1000 + 1000));
      }
      mischief(c);
    });
  }

  // ---- faults ----

  private void log(String what) {
    if (sim.traced != null) {
      System.out.printf("  %10.3f FAULT %s%n", (sim.now() - Sim.EPOCH_MS) / 1000.0, what);
    }
    faultLog.add(String.format("t=%.3f %s", (sim.now() - Sim.EPOCH_MS) / 1000.0, what));
  }

  private void scheduleFault(long at) {
    sim.after(at, () -> {
      if (awaitingContact()) {
        // the operator's promise behind the partner-down command: the node declared down stays
        // silent until it has talked to its partner, so no fault may come between its start and
        // that first contact
        scheduleFault(5000);
        return;
      }
      SimNode n = sim.random.nextBoolean() ? primary : secondary;
      long scale = Math.max(10_000, Math.min(config.faultPhaseMs() / 4, 3 * config.mcltSeconds() * 1000 + 60_000));
      long dur = sim.between(1000, scale);
      switch (sim.random.nextInt(11)) {
        case 0 -> {
          log("partition both ways for " + dur + " ms");
          link.setCut(true, true);
          sim.after(dur, () -> { log("partition healed"); link.heal(); });
        }
        case 1 -> {
          boolean toPrimary = sim.random.nextBoolean();
          log("partition one way (to " + (toPrimary ? "primary" : "secondary") + ") for " + dur + " ms");
          link.setCut(toPrimary, !toPrimary);
          sim.after(dur, () -> { log("partition healed"); link.heal(); });
        }
        case 2 -> {
          log("connection reset");
          link.reset();
        }
        case 3 -> {
          if (n.up) {
            log("kill -9 " + n + ", restart after " + dur + " ms");
            n.crash();
            link.processDied(n);
            sim.after(dur, () -> restart(n, false));
            SimNode survivor = partnerOf(n);
            if (sim.random.nextBoolean()) {
              // the operator (or, later, a witness) declares the dead node down
              sim.after(sim.between(0, dur), () -> {
                if (!n.up && survivor.up && survivor.core != null) {
                  log("partner-down command on " + survivor);
                  declaredDown = n;
                  FailoverCore core = survivor.core;
                  survivor.run(survivor.life(), core::adminPartnerDown);
                }
              });
            }
          }
        }
        case 4 -> {
          if (n.up) {
            log("SIGTERM " + n + ", restart after " + dur + " ms");
            n.stopGracefully(() -> link.processDied(n));
            sim.after(dur + 3000, () -> restart(n, false));
          }
        }
        case 5 -> {
          long pause = config.maxResponseDelaySeconds() * 1000 + sim.between(1000, 3 * config.maxResponseDelaySeconds() * 1000);
          log("SIGSTOP " + n + " for " + pause + " ms");
          n.pause(pause);
        }
        case 6 -> {
          // one lost data dir per run: if both lose their stable storage, nothing is left to
          // recover from (the draft's assumption of stable storage on at least one side)
          if (n.up && !wipePlanned) {
            wipePlanned = true;
            log("kill -9 " + n + ", data dir wiped, restart after " + dur + " ms");
            n.crash();
            link.processDied(n);
            sim.after(dur, () -> restart(n, true));
          }
        }
        case 8 -> restartThenCut(n, dur);
        case 9 -> cutThenKill(n, dur);
        case 10 -> acksLostThenPartition(n, dur);
        default -> {
          log(n + " cut off from the clients for " + dur + " ms");
          setClientCut(n, true);
          sim.after(dur, () -> { log(n + " hears the clients again"); setClientCut(n, false); });
        }
      }
    });
  }

  // ---- compound faults: the interleavings single faults reach only by chance ----

  /**
   * A node is stopped (SIGTERM or kill -9) and started again, and right after its start the link
   * is cut both ways: it recovers cut off while its partner serves in PARTNER-DOWN.
   */
  private void restartThenCut(SimNode n, long dur) {
    if (!n.up) {
      return;
    }
    long down = sim.between(1000, Math.min(600_000, Math.max(2000, 3 * config.mcltSeconds() * 1000)));
    Runnable later = () -> {
      if (healed) {
        return;
      }
      restart(n, false);
      sim.after(sim.between(0, 2000), () -> {
        if (healed || awaitingContact()) {
          return;
        }
        log("partition both ways for " + dur + " ms, just after the restart of " + n);
        link.setCut(true, true);
        sim.after(dur, () -> { log("partition healed"); link.heal(); });
      });
    };
    if (sim.random.nextBoolean()) {
      log("SIGTERM " + n + ", restart after " + down + " ms, then a partition");
      n.stopGracefully(() -> link.processDied(n));
      sim.after(down + 3000, later);
    } else {
      log("kill -9 " + n + ", restart after " + down + " ms, then a partition");
      n.crash();
      link.processDied(n);
      sim.after(down, later);
    }
  }

  /**
   * The link is cut in the direction away from {@code n}, which keeps serving (its updates wait
   * in the socket), and {@code n} dies before the cut is noticed: its last renewals never reach
   * the partner, which may then be told that {@code n} is down.
   */
  private void cutThenKill(SimNode n, long dur) {
    if (!n.up) {
      return;
    }
    boolean toPrimary = n == secondary;
    long before = sim.between(100, Math.max(200, config.maxResponseDelaySeconds() * 900));
    log("partition one way (to " + (toPrimary ? "primary" : "secondary") + "), kill -9 " + n + " after " + before
        + " ms, restart after " + dur + " ms");
    link.setCut(toPrimary, !toPrimary);
    sim.after(before, () -> {
      if (!n.up) {
        link.heal();
        return;
      }
      n.crash();
      link.processDied(n);
      link.heal();
      SimNode survivor = partnerOf(n);
      if (sim.random.nextInt(4) != 0) {
        sim.after(sim.between(0, 5000), () -> {
          if (!n.up && survivor.up && survivor.core != null) {
            log("partner-down command on " + survivor);
            declaredDown = n;
            FailoverCore core = survivor.core;
            survivor.run(survivor.life(), core::adminPartnerDown);
          }
        });
      }
      sim.after(dur, () -> restart(n, false));
    });
  }

  /**
   * The link is cut one way towards {@code n} for longer than maxResponseDelay, so the partner's
   * answers to {@code n}'s updates are lost with the connection, and then both ways; one of the
   * nodes may be cut off from the clients meanwhile.
   */
  private void acksLostThenPartition(SimNode n, long dur) {
    boolean toPrimary = n == primary;
    long oneWay = config.maxResponseDelaySeconds() * 1000 + sim.between(500, 5000);
    log("partition one way (to " + n + ") for " + oneWay + " ms, then both ways for " + dur + " ms");
    link.setCut(toPrimary, !toPrimary);
    sim.after(oneWay, () -> {
      if (healed || awaitingContact()) {
        link.heal();
        return;
      }
      link.setCut(true, true);
      if (sim.random.nextBoolean()) {
        SimNode deaf = sim.random.nextBoolean() ? primary : secondary;
        log(deaf + " cut off from the clients during the partition");
        setClientCut(deaf, true);
        sim.after(dur, () -> setClientCut(deaf, false));
      }
      sim.after(dur, () -> { log("partition healed"); link.heal(); });
    });
  }

  private void restart(SimNode n, boolean wipe) {
    if (n.up) {
      return;
    }
    SimNode partner = partnerOf(n);
    if (n == declaredDown && (link.cutToPrimary || link.cutToSecondary || !partner.running()
        || partner.core == null || partner.core.snapshot().linkUp())) {
      // the operator who declared it down keeps it down until it can reach its partner (the
      // promise the partner-down command rests on): the network lets it through, the partner
      // runs and has seen the old connection go (a half-open one would refuse the new CONNECT
      // until its receive timer fires, and the node would leave STARTUP without contact)
      sim.after(1000, () -> restart(n, wipe));
      return;
    }
    if (wipe) {
      n.wipe();
    }
    log("start " + n + (wipe ? " (empty data dir)" : ""));
    n.boot();
  }

  /** True while the node declared down runs but has not reached its partner yet. */
  private boolean awaitingContact() {
    if (declaredDown == null || !declaredDown.up) {
      return false;
    }
    SimNode partner = partnerOf(declaredDown);
    if (declaredDown.core != null && partner.core != null) {
      // contact means the partner's STATE has arrived and the node has left STARTUP by it, not
      // just a connection: a cut between CONNECTACK and STATE (seed 212400) leaves it in
      // COMMUNICATIONS-INTERRUPTED from its saved NORMAL, serving beside the partner's
      // PARTNER-DOWN, which is what the operator promised would not happen
      FailoverSnapshot s = declaredDown.core.snapshot();
      if (s.state() != ServerState.STARTUP && s.partnerState() == partner.core.snapshot().state()) {
        declaredDown = null;
        return false;
      }
    }
    return true;
  }

  private void setClientCut(SimNode n, boolean cut) {
    if (n == primary) {
      primaryCut = cut;
    } else {
      secondaryCut = cut;
    }
  }

  private void healAll() {
    healed = true;
    log("heal everything");
    link.heal();
    primaryCut = false;
    secondaryCut = false;
    for (SimNode n : List.of(primary, secondary)) {
      n.pausedUntil = 0;
      if (!n.up) {
        n.boot();
      }
    }
  }

  // ---- the client network: a relay forwarding to both servers, unicast to each ----

  SimNode node(int address) {
    return address == SimulationConfig.PRIMARY ? primary : secondary;
  }

  SimNode partnerOf(SimNode n) {
    return n == primary ? secondary : primary;
  }

  private boolean reachable(SimNode n) {
    return n == primary ? !primaryCut : !secondaryCut;
  }

  void broadcast(SimClient client, DhcpMessage m) {
    DhcpMessage relayed =
        new DhcpMessage(m.op(), m.htype(), m.hlen(), 1, m.xid(), m.secs(), m.flags(), m.ciaddr(), m.yiaddr(),
            m.siaddr(), SimNode.RELAY, m.chaddr(), m.sname(), m.file(), m.cookie(), m.options(), 0);
    for (SimNode n : List.of(primary, secondary)) {
      send(client, n, relayed, SimNode.RELAY);
    }
  }

  void unicast(SimClient client, int server, DhcpMessage m) {
    send(client, node(server), m, m.ciaddr());
  }

  void unicastRelayed(SimClient client, DhcpMessage m) {
    broadcast(client, m);
  }

  private void send(SimClient client, SimNode n, DhcpMessage m, int source) {
    if (!reachable(n)) {
      return;
    }
    sim.after(sim.between(1, 5), () -> {
      if (reachable(n)) {
        n.handle(m, source, reply -> sim.after(sim.between(1, 5), () -> {
          if (reachable(n)) {
            client.receive(reply.message(), n.address);
          }
        }));
      }
    });
  }
}
