package io.dhcpfailover.node.migrate;

import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.util.Ipv4;
import io.dhcpfailover.node.util.Hex;

/**
 * One binding read from another server's lease file, before it is a {@link Lease} of ours.
 *
 * @param address the IPv4 address
 * @param state the binding's state in our terms
 * @param hardware htype followed by the hardware address, or null
 * @param clientId the client identifier (option 61, type byte first), or null
 * @param hostname the client's host name, or null
 * @param start when the lease began (Unix seconds)
 * @param end when it ends (Unix seconds)
 * @param cltt the client's last transaction (Unix seconds)
 * @param line where it was read (line of the lease file), for messages
 */
public record ImportedLease(
    int address,
    BindingState state,
    byte[] hardware,
    byte[] clientId,
    String hostname,
    long start,
    long end,
    long cltt,
    int line) {

  /**
   * The binding as our lease store keeps it: not yet known to a failover partner (so a pair node
   * sends it in a binding update once the partner connects), its potential expiration the lease's
   * end.
   */
  public Lease toLease() {
    return new Lease(address, state, clientId, hardware, hostname, start, end, cltt, end, 0,
        Lease.FLAG_UNACKED);
  }

  @Override
  public String toString() {
    return Ipv4.format(address) + " " + state.name()
        + (hardware == null ? "" : " hw=" + Hex.colon(hardware))
        + (clientId == null ? "" : " id=" + Hex.colon(clientId)) + " end=" + end;
  }
}
