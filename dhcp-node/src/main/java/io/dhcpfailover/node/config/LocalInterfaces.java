package io.dhcpfailover.node.config;

import java.util.Set;

/**
 * The network interfaces of the host a node runs on, as far as configuration checks need them.
 * {@link #system()} asks the operating system; tests pass a fixed set.
 */
public interface LocalInterfaces {

  /** Names of the host's interfaces, e.g. {@code eth1}. */
  Set<String> names();

  /** IPv4 addresses configured on any of the host's interfaces, as {@code int}s. */
  Set<Integer> addresses();

  /** The interfaces of this host, read from {@link java.net.NetworkInterface} on each call. */
  static LocalInterfaces system() {
    return new SystemInterfaces();
  }
}
