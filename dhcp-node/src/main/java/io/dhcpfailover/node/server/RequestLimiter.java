package io.dhcpfailover.node.server;

import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;

/**
 * The flood defences of the receive path ({@code spec.limits}), asked for every decoded request
 * before the engine does any allocation work: requests per relay agent (giaddr) and second, and
 * DHCPDISCOVERs per client hardware address (chaddr) and second. Each is a set of {@link
 * TokenBuckets} in bounded memory, so a flood of made-up hardware addresses neither grows a map
 * nor drains a real client's bucket. Pure: time comes in as {@code nowNanos}; confined to the DHCP
 * event loop.
 */
public final class RequestLimiter {
  /** A relay sent more requests a second than {@code packetsPerRelayPerSecond}. */
  public static final String RELAY_RATE_LIMIT = "relay_rate_limit";

  /** One hardware address sent more DHCPDISCOVERs a second than {@code offersPerClientPerSecond}. */
  public static final String CLIENT_RATE_LIMIT = "client_rate_limit";

  /** Hardware addresses tracked at most (about 6 MB at most). */
  static final int MAX_CLIENTS = 65_536;

  /** Relays tracked at most. */
  static final int MAX_RELAYS = 4_096;

  /**
   * The limits in force.
   *
   * @param offersPerClientPerSecond DHCPDISCOVERs per hardware address and second (and burst)
   * @param packetsPerRelayPerSecond requests per giaddr and second (and burst)
   */
  public record Rates(int offersPerClientPerSecond, int packetsPerRelayPerSecond) {
    public Rates {
      if (offersPerClientPerSecond < 1 || packetsPerRelayPerSecond < 1) {
        throw new IllegalArgumentException("rates must be at least 1 a second");
      }
    }
  }

  private Rates rates;
  private TokenBuckets clients;
  private TokenBuckets relays;

  public RequestLimiter(Rates rates) {
    use(rates);
  }

  /**
   * Why to drop {@code request} now, or null to go on.
   *
   * @param current the limits configured now: when they changed, the buckets start afresh
   */
  public String dropReason(DhcpMessage request, Rates current, long nowNanos) {
    if (!current.equals(rates)) {
      use(current);
    }
    if (request.giaddr() != 0 && !relays.tryAcquire(Integer.toUnsignedLong(request.giaddr()), nowNanos)) {
      return RELAY_RATE_LIMIT;
    }
    if (request.messageType() == DhcpMessageType.DISCOVER
        && !clients.tryAcquire(clientKey(request), nowNanos)) {
      return CLIENT_RATE_LIMIT;
    }
    return null;
  }

  private void use(Rates r) {
    rates = r;
    clients = new TokenBuckets(r.offersPerClientPerSecond(), r.offersPerClientPerSecond(), MAX_CLIENTS);
    relays = new TokenBuckets(r.packetsPerRelayPerSecond(), r.packetsPerRelayPerSecond(), MAX_RELAYS);
  }

  /** The hardware type and address (chaddr) as one 64-bit FNV-1a hash. */
  static long clientKey(DhcpMessage request) {
    long h = 0xcbf29ce484222325L;
    h = (h ^ (request.htype() & 0xff)) * 0x100000001b3L;
    for (byte b : request.hardwareAddress()) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return h;
  }

  /** Clients tracked now (bounded by {@link #MAX_CLIENTS}). */
  int trackedClients() {
    return clients.size();
  }
}
