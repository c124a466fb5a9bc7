package io.dhcpfailover.node.sim;

import io.dhcpfailover.node.failover.FailoverSettings;
import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.engine.DhcpEngine;
import io.dhcpfailover.node.engine.Ingress;
import io.dhcpfailover.node.engine.Reply;
import io.dhcpfailover.node.engine.Subnet;
import io.dhcpfailover.node.failover.FailoverCore;
import io.dhcpfailover.node.failover.FailoverServicePolicy;
import io.dhcpfailover.node.failover.FailoverStateRecord;
import io.dhcpfailover.node.failover.FailoverStateStore;
import io.dhcpfailover.node.failover.PoolBalancer;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.util.Ipv4;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One simulated node: the real {@link FailoverCore}, {@link DhcpEngine} and policy over a {@link
 * SimStore} and an in-memory state record, driven on the virtual clock. Crash, graceful stop,
 * pause (SIGSTOP) and restart with or without its data are what a process can suffer.
 */
final class SimNode {
  static final int SUBNET = Ipv4.parse("198.18.0.0");
  static final int RELAY = Ipv4.parse("198.18.0.1");
  static final int RANGE_START = Ipv4.parse("198.18.1.0");

  final Role role;
  final int address;
  final Sim sim;
  final SimStore store;
  private final SimulationConfig config;
  private FailoverStateRecord stateRecord;
  final long clockOffsetMs;
  private final Clock clock;

  /** Changes on every crash or restart: events of an earlier life are dropped. */
  private long life;
  boolean up;
  long pausedUntil;
  int wipes;
  FailoverCore core;
  DhcpEngine engine;
  Consumer<SimNode> onLinkWanted = n -> {};
  /** The engine's decline probation; null for its default (a day, longer than any run). */
  java.time.Duration declineProbation;

  SimNode(Role role, int address, Sim sim, SimulationConfig config, long clockOffsetMs) {
    this.role = role;
    this.address = address;
    this.sim = sim;
    this.config = config;
    this.clockOffsetMs = clockOffsetMs;
    this.clock = sim.clock(clockOffsetMs);
    this.store = new SimStore(sim);
  }

  FailoverSettings settings() {
    int peer = role == Role.PRIMARY ? SimulationConfig.SECONDARY : SimulationConfig.PRIMARY;
    return new FailoverSettings(
        role, address, peer, 647, "sim", config.mode(), 128, config.mcltSeconds(),
        config.maxResponseDelaySeconds(), 10, config.autoPartnerDownSeconds(), 3, "sim", config.leaseSeconds());
  }

  /** Starts a process on whatever the data dir holds. */
  void boot() {
    life++;
    up = true;
    pausedUntil = 0;
    long myLife = life;
    Subnet subnet =
        new Subnet(SUBNET, 16, List.<int[]>of(new int[] {RANGE_START, RANGE_START + config.rangeSize() - 1}),
            config.leaseSeconds(), DhcpOptions.empty(), List.of());
    engine = new DhcpEngine(address, List.of(subnet), Map.of(), store, clock, DhcpEngine.EngineMetrics.NONE,
        io.dhcpfailover.node.engine.ServicePolicy.STANDALONE);
    if (declineProbation != null) {
      engine.setDeclineProbation(declineProbation);
    }
    FailoverSettings settings = settings();
    DhcpEngine e = engine;
    core =
        new FailoverCore(
            settings, store, clock, new StateStore(),
            lease -> run(myLife, () -> e.observe(lease, clock.millis() / 1000)),
            new PoolBalancer(engine, store, Runnable::run),
            task -> run(myLife, task));
    FailoverCore c = core;
    engine.setPolicy(new FailoverServicePolicy(settings, c::snapshot, lease -> run(myLife, () -> c.bindingCommitted(lease)), () -> true));
    try {
      core.start();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    timer(myLife, 1000, () -> {
      c.tick();
      if (c.wantsConnection()) {
        onLinkWanted.accept(this);
      }
    });
    timer(myLife, 1000, e::sweep);
  }

  private void timer(long myLife, long period, Runnable task) {
    sim.after(sim.between(0, period), new Runnable() {
      @Override
      public void run() {
        if (life != myLife) {
          return;
        }
        if (pausedUntil > sim.now()) {
          sim.after(pausedUntil - sim.now(), this);
          return;
        }
        task.run();
        sim.after(period, this);
      }
    });
  }

  /** Runs {@code task} in this life of the process, after a pause if paused. */
  void run(long myLife, Runnable task) {
    sim.after(0, new Runnable() {
      @Override
      public void run() {
        if (life != myLife) {
          return;
        }
        if (pausedUntil > sim.now()) {
          sim.after(pausedUntil - sim.now(), this);
          return;
        }
        task.run();
      }
    });
  }

  long life() {
    return life;
  }

  /** kill -9. */
  void crash() {
    life++;
    up = false;
    store.crash();
    core = null;
    engine = null;
  }

  /** SIGTERM: SHUTDOWN to the partner, a short wait, the journal flushed, then exit. */
  void stopGracefully(Runnable exited) {
    FailoverCore c = core;
    long myLife = life;
    boolean[] done = {false};
    Runnable exit = () -> {
      if (done[0] || life != myLife) {
        return;
      }
      done[0] = true;
      store.flush();
      life++;
      up = false;
      core = null;
      engine = null;
      exited.run();
    };
    run(myLife, () -> c.shutdown(() -> sim.after(10, exit)));
    sim.after(3000, exit);
  }

  /** What the store held when it was wiped, for the checker: the partner knew those PETs. */
  final Map<Integer, io.dhcpfailover.node.lease.Lease> lost = new java.util.HashMap<>();

  void wipe() {
    for (io.dhcpfailover.node.lease.Lease l : store.snapshot()) {
      lost.merge(l.address(), l, (a, b) -> Math.max(a.tsfp(), a.end()) >= Math.max(b.tsfp(), b.end()) ? a : b);
    }
    store.wipe();
    stateRecord = null;
    wipes++;
  }

  void pause(long ms) {
    pausedUntil = Math.max(pausedUntil, sim.now() + ms);
  }

  boolean running() {
    return up && pausedUntil <= sim.now();
  }

  ServerState state() {
    return up && core != null ? core.snapshot().state() : null;
  }

  /** A request from a client or relay; the reply goes to {@code answer} when it would be sent. */
  void handle(DhcpMessage request, int sourceAddress, Consumer<Reply> answer) {
    if (!up) {
      return;
    }
    long myLife = life;
    DhcpEngine e = engine;
    run(myLife, () -> e.handle(request, new Ingress(null, sourceAddress, request.giaddr() != 0 ? 67 : 68))
        .thenAccept(reply -> {
          if (reply != null && life == myLife) {
            answer.accept(reply);
          }
        }));
  }

  private final class StateStore implements FailoverStateStore {
    @Override
    public FailoverStateRecord read() {
      return stateRecord;
    }

    @Override
    public void write(FailoverStateRecord record) {
      stateRecord = record;
    }

    @Override
    public String describe() {
      return role + " state";
    }
  }

  @Override
  public String toString() {
    return role.toString().toLowerCase(java.util.Locale.ROOT);
  }
}
