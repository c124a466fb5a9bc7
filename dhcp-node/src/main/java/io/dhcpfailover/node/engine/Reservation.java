package io.dhcpfailover.node.engine;

/**
 * A fixed address for one client.
 *
 * @param hardware htype followed by the hardware address, or null
 * @param clientId option 61 value, or null
 */
public record Reservation(byte[] hardware, byte[] clientId, int address, String hostname) {}
