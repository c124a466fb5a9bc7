package io.dhcpfailover.node.config;

import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.engine.BootParameters;
import io.dhcpfailover.node.util.Hex;
import io.dhcpfailover.node.util.Ipv4;
import java.util.Arrays;
import java.util.Objects;

/**
 * A fixed address for one client. Byte arrays are copied in and out.
 *
 * @param hardware the client's hardware address as {@code htype} 1 (Ethernet) followed by the six
 *     MAC bytes, 7 bytes in all; null when the reservation is by client id only
 * @param clientId the client identifier (option 61) as sent, type byte first; null when the
 *     reservation is by hardware address only
 * @param address the reserved address
 * @param hostname the host name to give (option 12), or null
 * @param boot network-boot settings that override the subnet's, its pool's and its classes'
 * @param options options that override the subnet's, its pool's and its classes'
 */
public record ReservationConfig(
    byte[] hardware,
    byte[] clientId,
    int address,
    String hostname,
    BootParameters boot,
    DhcpOptions options) {

  /** A reservation without network-boot settings of its own. */
  public ReservationConfig(byte[] hardware, byte[] clientId, int address, String hostname) {
    this(hardware, clientId, address, hostname, BootParameters.NONE);
  }

  /** A reservation without options of its own. */
  public ReservationConfig(
      byte[] hardware, byte[] clientId, int address, String hostname, BootParameters boot) {
    this(hardware, clientId, address, hostname, boot, DhcpOptions.empty());
  }

  /** Copies the arrays; at least one of them is required. */
  public ReservationConfig {
    if (hardware == null && clientId == null) {
      throw new IllegalArgumentException("a reservation needs a hardware address or a client id");
    }
    hardware = hardware == null ? null : hardware.clone();
    clientId = clientId == null ? null : clientId.clone();
    boot = boot == null ? BootParameters.NONE : boot;
    options = options == null ? DhcpOptions.empty() : options;
  }

  @Override
  public byte[] hardware() {
    return hardware == null ? null : hardware.clone();
  }

  @Override
  public byte[] clientId() {
    return clientId == null ? null : clientId.clone();
  }

  /**
   * Whether this reservation is for the client with {@code clientId} (may be null) or, when the
   * reservation has a hardware address, with {@code htype} and {@code chaddr}.
   */
  public boolean matches(byte[] clientId, int htype, byte[] chaddr) {
    if (this.clientId != null && clientId != null && Arrays.equals(this.clientId, clientId)) {
      return true;
    }
    return hardware != null
        && chaddr != null
        && htype == (hardware[0] & 0xff)
        && chaddr.length >= hardware.length - 1
        && Arrays.equals(hardware, 1, hardware.length, chaddr, 0, hardware.length - 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReservationConfig r
        && r.address == address
        && Arrays.equals(r.hardware, hardware)
        && Arrays.equals(r.clientId, clientId)
        && Objects.equals(r.hostname, hostname)
        && r.boot.equals(boot)
        && r.options.equals(options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(hardware), Arrays.hashCode(clientId), address, hostname, boot, options);
  }

  @Override
  public String toString() {
    return "ReservationConfig[hardware="
        + Hex.colon(hardware)
        + ", clientId="
        + Hex.colon(clientId)
        + ", address="
        + Ipv4.format(address)
        + ", hostname="
        + hostname
        + ", boot="
        + boot
        + ", options="
        + options
        + "]";
  }
}
