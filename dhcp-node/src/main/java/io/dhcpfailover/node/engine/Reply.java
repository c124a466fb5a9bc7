package io.dhcpfailover.node.engine;

import io.dhcpfailover.node.codec.dhcp.DhcpMessage;

/**
 * A reply and where it goes (RFC 2131 §4.1).
 *
 * @param destination IPv4 destination, 0xffffffff for the limited broadcast
 * @param port UDP destination port (67 to a relay, 68 to a client)
 * @param maxSize the largest DHCP message the client accepts (option 57 less IP and UDP headers;
 *     at least 548)
 */
public record Reply(DhcpMessage message, int destination, int port, int maxSize) {
  public static final int BROADCAST = 0xffffffff;
}
