package io.dhcpfailover.node.engine;

/**
 * Where a request came from.
 *
 * @param interfaceName the interface of the socket that heard it, or null for the server-address
 *     socket (relayed or unicast traffic)
 * @param sourceAddress IPv4 source address of the datagram
 * @param sourcePort UDP source port
 */
public record Ingress(String interfaceName, int sourceAddress, int sourcePort) {}
