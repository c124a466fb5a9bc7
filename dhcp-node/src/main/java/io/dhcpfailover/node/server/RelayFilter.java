package io.dhcpfailover.node.server;

import io.dhcpfailover.api.validation.Prefix;
import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpOptionCode;
import java.util.List;

/**
 * Which relays a request may come through (RFC 3046 §2.1, §5; the pair's {@code spec.relays}).
 * Pure: the server asks before the engine sees the request and counts a drop by the reason given.
 */
public final class RelayFilter {
  /** A relayed request (giaddr set) from a source outside {@code spec.relays}. */
  public static final String UNTRUSTED_RELAY = "untrusted_relay";

  /** Relay agent information (option 82) in a request no relay forwarded (giaddr 0). */
  public static final String RELAY_INFO_FROM_CLIENT = "relay_info_from_client";

  private RelayFilter() {}

  /**
   * Why to drop {@code request} from {@code sourceAddress}, or null to go on.
   *
   * @param trusted the prefixes relays may send from; empty: any relay
   */
  public static String dropReason(DhcpMessage request, int sourceAddress, List<Prefix> trusted) {
    if (request.giaddr() == 0) {
      // only a relay adds option 82: a client that sends it forges what the relay would vouch for
      // (circuit and remote id, which classes and reservations may match on)
      return request.options().get(DhcpOptionCode.RELAY_AGENT_INFO.code()) != null
          ? RELAY_INFO_FROM_CLIENT
          : null;
    }
    if (trusted.isEmpty()) {
      return null;
    }
    for (Prefix p : trusted) {
      if (p.contains(sourceAddress)) {
        return null;
      }
    }
    return UNTRUSTED_RELAY;
  }
}
