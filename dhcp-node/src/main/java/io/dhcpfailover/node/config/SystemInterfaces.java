package io.dhcpfailover.node.config;

import io.dhcpfailover.node.util.Ipv4;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** {@link LocalInterfaces} of this host, from {@link NetworkInterface}. */
final class SystemInterfaces implements LocalInterfaces {

  @Override
  public Set<String> names() {
    return interfaces().stream().map(NetworkInterface::getName).collect(Collectors.toSet());
  }

  @Override
  public Set<Integer> addresses() {
    Set<Integer> result = new HashSet<>();
    for (NetworkInterface nif : interfaces()) {
      for (InterfaceAddress a : nif.getInterfaceAddresses()) {
        if (a.getAddress() instanceof Inet4Address v4) {
          result.add(Ipv4.fromInet(v4));
        }
      }
    }
    return result;
  }

  private static List<NetworkInterface> interfaces() {
    try {
      return NetworkInterface.networkInterfaces().collect(Collectors.toList());
    } catch (SocketException e) {
      throw new UncheckedIOException("cannot list network interfaces", e);
    }
  }
}
