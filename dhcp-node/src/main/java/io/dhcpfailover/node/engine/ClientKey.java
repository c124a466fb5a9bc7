package io.dhcpfailover.node.engine;

import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpOptionCode;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.util.Hex;
import java.util.Arrays;

/**
 * How a client is known (RFC 2131 §4.2, dhcpv4-server digest §6): the client identifier (option 61)
 * when the client sent one, else its hardware type and address.
 */
public final class ClientKey {
  /**
   * Per-process seed of the hash: client identifiers and hardware addresses come off the wire, so a
   * sender who could predict their hashes could pile its clients into one bucket of every map keyed
   * by client.
   */
  private static final long SEED = new java.security.SecureRandom().nextLong();

  private final byte[] bytes;
  private final boolean clientId;
  private final int hash;

  private ClientKey(byte[] bytes, boolean clientId) {
    this.bytes = bytes;
    this.clientId = clientId;
    this.hash = hash(bytes, clientId);
  }

  /**
   * A well-mixed hash of the key: FNV-1a over the bytes from a random seed, then a 64-bit
   * finalizer. {@code Arrays.hashCode} is a polynomial in 31 whose values for hardware addresses
   * that differ in their last bytes collide by the dozen (b·31 + c repeats every 31 steps), which
   * turned the lease maps' buckets into trees under a perfdhcp load.
   */
  static int hash(byte[] bytes, boolean clientId) {
    long h = SEED ^ (clientId ? 0x9E3779B97F4A7C15L : 0);
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= 0x100000001B3L;
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return (int) h;
  }

  /** The key of the client that sent {@code request}; null when it has neither id nor address. */
  public static ClientKey of(DhcpMessage request) {
    byte[] id = request.options().get(DhcpOptionCode.CLIENT_ID.code());
    if (id != null && id.length > 0) {
      return new ClientKey(id, true);
    }
    byte[] hw = hardware(request);
    return hw == null ? null : new ClientKey(hw, false);
  }

  /** htype followed by chaddr[0..hlen), the failover client-hardware-address form; or null. */
  public static byte[] hardware(DhcpMessage request) {
    int hlen = request.hlen();
    if (hlen <= 0 || hlen > 16 || request.htype() == 0) {
      return null;
    }
    byte[] chaddr = request.chaddr();
    byte[] hw = new byte[hlen + 1];
    hw[0] = (byte) request.htype();
    System.arraycopy(chaddr, 0, hw, 1, hlen);
    return hw;
  }

  /** The key of the client {@code lease} is bound to; null when it names none. */
  public static ClientKey of(Lease lease) {
    if (lease.clientId() != null) {
      return ofClientId(lease.clientId());
    }
    return lease.hardware() == null ? null : ofHardware(lease.hardware());
  }

  public static ClientKey ofClientId(byte[] id) {
    return new ClientKey(id.clone(), true);
  }

  public static ClientKey ofHardware(byte[] htypeAndChaddr) {
    return new ClientKey(htypeAndChaddr.clone(), false);
  }

  public boolean isClientId() {
    return clientId;
  }

  /** The identifying bytes (option 61 value, or htype + chaddr). */
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientKey k && k.clientId == clientId && Arrays.equals(k.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return (clientId ? "id:" : "hw:") + Hex.colon(bytes);
  }
}
