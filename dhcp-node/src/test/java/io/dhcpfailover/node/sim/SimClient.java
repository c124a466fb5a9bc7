package io.dhcpfailover.node.sim;

import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;

/**
 * A DHCP client as RFC 2131 §4.4 describes it: INIT (DISCOVER, the first OFFER), SELECTING
 * (REQUEST with server id), BOUND until T1, RENEWING (unicast to its server) until T2, REBINDING
 * (broadcast, any server) until the lease ends, INIT-REBOOT after a reboot, and now and then
 * RELEASE, DECLINE or going away for a while. Its lease runs from the time it sent the REQUEST
 * that was acknowledged (§4.4.1). Every ACK, NAK and address it gives up goes to the checker.
 */
final class SimClient {
  enum State { OFF, INIT, SELECTING, REQUESTING, BOUND, RENEWING, REBINDING, REBOOTING }

  private final Simulation world;
  private final Sim sim;
  final int id;
  final byte[] chaddr = new byte[16];
  State state = State.OFF;
  int address;
  int server;
  long leaseEnd;
  private long t1;
  private long t2;
  private int xid;
  private long requestSentAt;
  private int tries;
  private long generation;
  /** When this client began wanting an address it does not have yet (0: it has one or is off). */
  long waitingSince;

  SimClient(Simulation world, int id) {
    this.world = world;
    this.sim = world.sim;
    this.id = id;
    chaddr[0] = 0x02;
    chaddr[1] = 0x51;
    chaddr[4] = (byte) (id >> 8);
    chaddr[5] = (byte) id;
  }

  void start(long delayMs) {
    later(delayMs, this::init);
  }

  private void later(long delayMs, Runnable r) {
    long g = generation;
    sim.after(delayMs, () -> {
      if (g == generation) {
        r.run();
      }
    });
  }

  private void enter(State s) {
    state = s;
    generation++;
  }

  private void init() {
    enter(State.INIT);
    address = 0;
    if (waitingSince == 0) {
      waitingSince = sim.now();
    }
    xid = sim.random.nextInt();
    tries = 0;
    discover();
  }

  private void discover() {
    state = State.SELECTING;
    world.broadcast(this, message(DhcpMessageType.DISCOVER, 0, null));
    tries++;
    later(tries < 4 ? 2000L * tries : 30_000, this::discover);
  }

  private void request(int offered, int serverId) {
    enter(State.REQUESTING);
    tries = 0;
    requestSentAt = sim.now();
    DhcpOptions.Builder o = DhcpOptions.builder().addIpv4(50, offered).addIpv4(54, serverId);
    world.broadcast(this, message(DhcpMessageType.REQUEST, 0, o));
    later(4000, this::init);
  }

  private void renew() {
    enter(State.RENEWING);
    sendRenew();
    later(Math.max(0, t2 - sim.now()), this::rebind);
    later(Math.max(0, leaseEnd - sim.now()), this::expire);
  }

  private void sendRenew() {
    requestSentAt = sim.now();
    if (state == State.RENEWING) {
      world.unicast(this, server, message(DhcpMessageType.REQUEST, address, null));
    } else {
      world.broadcast(this, message(DhcpMessageType.REQUEST, address, null));
    }
    long next = Math.max(1000, (state == State.RENEWING ? t2 : leaseEnd) - sim.now()) / 2;
    later(Math.min(next, 60_000), this::sendRenew);
  }

  private void rebind() {
    enter(State.REBINDING);
    sendRenew();
    later(Math.max(0, leaseEnd - sim.now()), this::expire);
  }

  private void expire() {
    world.checker.gaveUp(this, address, "lease ended");
    init();
  }

  /** A reboot: INIT-REBOOT asks for the address it had (RFC 2131 §3.2). */
  void reboot() {
    if (address == 0 || (state != State.BOUND && state != State.RENEWING && state != State.REBINDING)) {
      return;
    }
    enter(State.REBOOTING);
    requestSentAt = sim.now();
    world.broadcast(this, message(DhcpMessageType.REQUEST, 0, DhcpOptions.builder().addIpv4(50, address)));
    // no answer: keep the lease as it was (RFC 2131 §3.2 step 5)
    later(4000, this::bound);
  }

  /**
   * RELEASE, then INIT again after a while, or at once (as {@code dhclient -r; dhclient} does),
   * though not before the RELEASE has arrived: a DISCOVER that overtakes it gets the address
   * back, and the late RELEASE then rightly ends that new lease.
   */
  void release(boolean rejoinAtOnce) {
    if (state != State.BOUND || address == 0) {
      return;
    }
    world.unicast(this, server, message(DhcpMessageType.RELEASE, address, DhcpOptions.builder().addIpv4(54, server)));
    world.checker.gaveUp(this, address, "released");
    enter(State.OFF);
    address = 0;
    start(rejoinAtOnce ? sim.between(20, 500) : sim.between(1000, 120_000));
  }

  /** Leaves the network without a word; its lease runs out on its own. */
  void leave(long awayMs) {
    if (state == State.OFF) {
      return;
    }
    enter(State.OFF);
    waitingSince = 0;
    long end = leaseEnd;
    int had = address;
    if (had != 0) {
      world.checker.keepsUntil(this, had, end);
    }
    address = 0;
    start(awayMs);
  }

  void receive(DhcpMessage reply, int fromServer) {
    if (reply.xid() != xid) {
      return;
    }
    DhcpMessageType type = reply.messageType();
    int sid = reply.options().getIpv4(54, 0);
    switch (state) {
      case SELECTING -> {
        if (type == DhcpMessageType.OFFER) {
          request(reply.yiaddr(), sid);
        }
      }
      case REQUESTING, RENEWING, REBINDING, REBOOTING -> {
        if (type == DhcpMessageType.ACK) {
          acked(reply, sid, fromServer);
        } else if (type == DhcpMessageType.NAK) {
          if (address != 0) {
            world.checker.gaveUp(this, address, "NAK");
          }
          address = 0;
          enter(State.OFF);
          start(sim.between(100, 2000));
        }
      }
      default -> {}
    }
  }

  private void acked(DhcpMessage ack, int sid, int fromServer) {
    long lease = ack.options().getUnsigned(51, 0) * 1000;
    int yiaddr = ack.yiaddr();
    if (address != 0 && yiaddr != address) {
      world.checker.gaveUp(this, address, "moved");
    }
    address = yiaddr;
    server = sid;
    leaseEnd = requestSentAt + lease;
    t1 = requestSentAt + ack.options().getUnsigned(58, lease / 2000) * 1000;
    t2 = requestSentAt + ack.options().getUnsigned(59, lease * 7 / 8000) * 1000;
    waitingSince = 0;
    world.checker.acked(this, yiaddr, sim.now(), leaseEnd, fromServer);
    boolean fresh = state == State.REQUESTING;
    if (fresh && sim.random.nextInt(100) == 0 && world.mayDecline()) {
      // the address answers ARP: the client declines it (RFC 2131 §4.4.1)
      world.unicastRelayed(this, message(DhcpMessageType.DECLINE, 0, DhcpOptions.builder().addIpv4(50, yiaddr).addIpv4(54, sid)));
      world.checker.gaveUp(this, yiaddr, "declined");
      address = 0;
      enter(State.OFF);
      start(10_000);
      return;
    }
    bound();
  }

  private void bound() {
    enter(State.BOUND);
    long now = sim.now();
    if (now >= leaseEnd) {
      expire();
      return;
    }
    later(Math.max(0, t1 - now), this::renew);
  }

  private DhcpMessage message(DhcpMessageType type, int ciaddr, DhcpOptions.Builder extra) {
    DhcpOptions.Builder o = DhcpOptions.builder().addByte(53, type.code());
    if (extra != null) {
      extra.build().entries().forEach(e -> o.add(e.code().code(), e.value()));
    }
    // secs: time since the client began to acquire an address (RFC 2131 §2), which lets the
    // other server of a load-balancing pair answer once it passes load-balance-max-seconds
    int secs = waitingSince > 0 ? (int) Math.min(65535, (sim.now() - waitingSince) / 1000) : 0;
    return new DhcpMessage(1, 1, 6, 0, xid, secs, 0, ciaddr, 0, 0, 0, chaddr, null, null, true, o.build(), 0);
  }
}
