package io.dhcpfailover.node.lease;

import io.dhcpfailover.node.util.Hex;
import io.dhcpfailover.node.util.Ipv4;
import java.util.Arrays;

/**
 * One address binding as kept in stable storage. Times are Unix seconds (UTC); 0 means unset.
 *
 * @param address the IPv4 address ({@link Ipv4})
 * @param state its binding state
 * @param clientId the client identifier (option 61 value, type byte first), or null
 * @param hardware the hardware address as htype followed by chaddr[0..hlen), or null
 * @param hostname the client's host name, or null
 * @param start when the current state began (the lease start for ACTIVE)
 * @param end lease-expiration-time: when the client's lease ends (ACTIVE), else 0 or informative
 * @param cltt client last transaction time
 * @param tstp potential-expiration-time last sent to the failover partner
 * @param tsfp potential-expiration-time acknowledged by or received from the partner
 * @param flags {@link #FLAG_RESERVED}, {@link #FLAG_BOOTP} (failover IP-flags) and {@link
 *     #FLAG_UNACKED} (the partner has not acknowledged this version yet)
 */
public record Lease(
    int address,
    BindingState state,
    byte[] clientId,
    byte[] hardware,
    String hostname,
    long start,
    long end,
    long cltt,
    long tstp,
    long tsfp,
    int flags) {

  public static final int FLAG_RESERVED = 0x0001;
  public static final int FLAG_BOOTP = 0x0002;
  public static final int FLAG_UNACKED = 0x0100;

  /**
   * Learned from the partner while recovering: a client this node served before it lost its
   * bindings may hold the address until {@code tsfp} + MCLT, so no other client gets it before.
   */
  public static final int FLAG_FENCED = 0x0200;

  /** The client's last lease came from the failover partner (a BNDUPD), not from this node. */
  public static final int FLAG_PARTNER = 0x0400;

  public Lease {
    if (state == null) {
      throw new IllegalArgumentException("state is required");
    }
    clientId = clientId == null ? null : clientId.clone();
    hardware = hardware == null ? null : hardware.clone();
  }

  /** An address not bound to any client, in the FREE or BACKUP pool. */
  public static Lease available(int address, BindingState state, long now) {
    return new Lease(address, state, null, null, null, now, 0, 0, 0, 0, 0);
  }

  @Override
  public byte[] clientId() {
    return clientId == null ? null : clientId.clone();
  }

  @Override
  public byte[] hardware() {
    return hardware == null ? null : hardware.clone();
  }

  public boolean hasFlag(int flag) {
    return (flags & flag) != 0;
  }

  /** Whether this binding belongs to the client known by {@code clientId} or {@code hardware}. */
  public boolean belongsTo(byte[] otherClientId, byte[] otherHardware) {
    if (clientId != null && otherClientId != null) {
      return Arrays.equals(clientId, otherClientId);
    }
    if (clientId != null) {
      return false;
    }
    return hardware != null && otherHardware != null && Arrays.equals(hardware, otherHardware);
  }

  public Lease withState(BindingState newState, long newStart) {
    return new Lease(address, newState, clientId, hardware, hostname, newStart, end, cltt, tstp, tsfp, flags);
  }

  public Lease withFlags(int newFlags) {
    return new Lease(address, state, clientId, hardware, hostname, start, end, cltt, tstp, tsfp, newFlags);
  }

  public Lease withTsfp(long newTsfp) {
    return new Lease(address, state, clientId, hardware, hostname, start, end, cltt, tstp, newTsfp, flags);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Lease l
        && l.address == address
        && l.state == state
        && Arrays.equals(l.clientId, clientId)
        && Arrays.equals(l.hardware, hardware)
        && java.util.Objects.equals(l.hostname, hostname)
        && l.start == start
        && l.end == end
        && l.cltt == cltt
        && l.tstp == tstp
        && l.tsfp == tsfp
        && l.flags == flags;
  }

  @Override
  public int hashCode() {
    return address * 31 + state.hashCode();
  }

  @Override
  public String toString() {
    return "Lease{" + Ipv4.format(address) + " " + state.name()
        + (hardware == null ? "" : " hw=" + Hex.colon(hardware))
        + (clientId == null ? "" : " id=" + Hex.colon(clientId))
        + " start=" + start + " end=" + end + " tstp=" + tstp + " tsfp=" + tsfp
        + " flags=0x" + Integer.toHexString(flags) + "}";
  }
}
