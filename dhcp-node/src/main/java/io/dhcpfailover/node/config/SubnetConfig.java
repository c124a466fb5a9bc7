package io.dhcpfailover.node.config;

import io.dhcpfailover.api.validation.AddressRange;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.engine.BootParameters;
import io.dhcpfailover.node.engine.ClientClasses;
import io.dhcpfailover.node.engine.Parameters;
import io.dhcpfailover.node.engine.Pool;
import io.dhcpfailover.node.engine.RenewalTimes;
import io.dhcpfailover.node.util.Ipv4;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One subnet a node serves, translated from a valid {@code SubnetSpec}.
 *
 * @param network the network address
 * @param prefixLength the prefix length
 * @param mask the netmask of {@code prefixLength}
 * @param broadcast the broadcast address
 * @param ranges the dynamic ranges, in the order of the file
 * @param leaseTime the lease time given to clients
 * @param options the options every reply in this subnet carries, ready to send: subnet mask (1,
 *     {@code subnetMask} or the prefix's), routers (3), DNS servers (6), domain name (15), host
 *     name (12), then the custom options in the order of the file. The broadcast address (28) is
 *     not added unless configured.
 * @param reservations the fixed addresses, in the order of the file
 * @param renewalTime T1 for {@code leaseTime}, or null for half of it
 * @param rebindingTime T2 for {@code leaseTime}, or null for seven eighths of it
 * @param boot the network-boot settings, options 66 and 67 of the file included (they are not in
 *     {@code options})
 * @param pools the pools (ranges with settings of their own), in the order of the file
 * @param global the pair's options and network-boot settings, below the subnet's
 * @param classes the pair's client classes
 * @param pingTimeoutMillis how long to wait for an echo reply before offering an address to a
 *     client that did not hold it; 0: no ping check
 */
public record SubnetConfig(
    int network,
    int prefixLength,
    int mask,
    int broadcast,
    List<AddressRange> ranges,
    Duration leaseTime,
    DhcpOptions options,
    List<ReservationConfig> reservations,
    Duration renewalTime,
    Duration rebindingTime,
    BootParameters boot,
    List<Pool> pools,
    Parameters global,
    ClientClasses classes,
    int pingTimeoutMillis) {

  /** Copies the lists. */
  public SubnetConfig {
    ranges = List.copyOf(ranges);
    reservations = List.copyOf(reservations);
    pools = List.copyOf(pools);
  }

  /** The lease time with its T1 and T2. */
  public RenewalTimes renewalTimes() {
    return new RenewalTimes(
        leaseTime.toSeconds(),
        renewalTime == null ? 0 : renewalTime.toSeconds(),
        rebindingTime == null ? 0 : rebindingTime.toSeconds());
  }

  /** Whether {@code address} belongs to this subnet (network and broadcast included). */
  public boolean contains(int address) {
    return (address & mask) == network;
  }

  /** Whether {@code address} is in one of the dynamic ranges or pools. */
  public boolean inRange(int address) {
    for (AddressRange r : ranges) {
      if (r.contains(address)) {
        return true;
      }
    }
    return pools.stream()
        .anyMatch(
            p -> Integer.compareUnsigned(address, p.first()) >= 0
                && Integer.compareUnsigned(address, p.last()) <= 0);
  }

  /** The reservation for a client, by client id first, then by hardware address. */
  public Optional<ReservationConfig> reservationFor(byte[] clientId, int htype, byte[] chaddr) {
    if (clientId != null) {
      for (ReservationConfig r : reservations) {
        if (r.clientId() != null && r.matches(clientId, -1, null)) {
          return Optional.of(r);
        }
      }
    }
    for (ReservationConfig r : reservations) {
      if (r.matches(null, htype, chaddr)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** The reservation of {@code address}, if any. */
  public Optional<ReservationConfig> reservationOf(int address) {
    return reservations.stream().filter(r -> r.address() == address).findFirst();
  }

  /** The number of dynamic addresses, pools included. */
  public long dynamicSize() {
    return ranges.stream().mapToLong(AddressRange::size).sum()
        + pools.stream().mapToLong(p -> new AddressRange(p.first(), p.last()).size()).sum();
  }

  /** The subnet in CIDR notation, e.g. {@code 198.18.0.0/22}. */
  public String cidr() {
    return Ipv4.format(network) + "/" + prefixLength;
  }
}
