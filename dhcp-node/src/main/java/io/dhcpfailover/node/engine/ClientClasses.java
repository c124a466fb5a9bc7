package io.dhcpfailover.node.engine;

import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpOptionCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Sorts a request into the pair's client classes. Pure: it reads the request only. A class
 * matches when every criterion it gives holds; a criterion on an option the request lacks does not
 * hold. The criteria:
 *
 * <ul>
 *   <li>vendor class identifier, option 60 (RFC 2132 §9.13), equal to or starting with a text;
 *       PXE clients send {@code PXEClient:Arch:xxxxx:UNDI:yyyzzz} (RFC 4578 §2.1 and the PXE
 *       specification);
 *   <li>user class, option 77 (RFC 3004): the whole value equal to a text, as iPXE sends it (its
 *       name without the RFC 3004 length byte), or one of the value's RFC 3004 instances equal to
 *       it;
 *   <li>client system architecture, option 93 (RFC 4578 §2.1): one of the 16-bit types listed;
 *   <li>relay agent information, option 82 (RFC 3046 §2.0): the circuit id (sub-option 1) or the
 *       remote id (sub-option 2) equal to given bytes;
 *   <li>an Ethernet hardware address (htype 1) starting with one of the prefixes given.
 * </ul>
 */
public final class ClientClasses {
  /** No classes: every client is in none. */
  public static final ClientClasses NONE = new ClientClasses(List.of());

  private static final int USER_CLASS = 77;
  private static final int ARCHITECTURE = 93;
  private static final int CIRCUIT_ID = 1;
  private static final int REMOTE_ID = 2;

  private final List<ClientClass> classes;

  /** @param classes the pair's classes, in its order (the first listed wins) */
  public ClientClasses(List<ClientClass> classes) {
    this.classes = List.copyOf(classes);
  }

  public List<ClientClass> all() {
    return classes;
  }

  /** The classes {@code request} is a member of, in the pair's order. */
  public List<ClientClass> of(DhcpMessage request) {
    if (classes.isEmpty()) {
      return List.of();
    }
    List<ClientClass> out = new ArrayList<>();
    for (ClientClass c : classes) {
      if (matches(c, request)) {
        out.add(c);
      }
    }
    return out;
  }

  /** The names of {@link #of}. */
  public static Set<String> names(List<ClientClass> members) {
    Set<String> names = new LinkedHashSet<>();
    members.forEach(c -> names.add(c.name()));
    return names;
  }

  /** Whether {@code request} is a member of {@code c}. */
  public static boolean matches(ClientClass c, DhcpMessage request) {
    byte[] vendor = request.options().get(DhcpOptionCode.VENDOR_CLASS_ID.code());
    if (c.vendorClass() != null && (vendor == null || !text(vendor).equals(c.vendorClass()))) {
      return false;
    }
    if (c.vendorClassPrefix() != null
        && (vendor == null || !text(vendor).startsWith(c.vendorClassPrefix()))) {
      return false;
    }
    if (c.userClass() != null && !userClassMatches(request.options().get(USER_CLASS), c.userClass())) {
      return false;
    }
    if (c.architectures() != null
        && !architectureMatches(request.options().get(ARCHITECTURE), c.architectures())) {
      return false;
    }
    byte[] relay = request.options().get(DhcpOptionCode.RELAY_AGENT_INFO.code());
    if (c.circuitId() != null && !c.circuitId().equals(hex(subOption(relay, CIRCUIT_ID)))) {
      return false;
    }
    if (c.remoteId() != null && !c.remoteId().equals(hex(subOption(relay, REMOTE_ID)))) {
      return false;
    }
    return c.hardwarePrefixes() == null || hardwareMatches(request, c.hardwarePrefixes());
  }

  private static boolean userClassMatches(byte[] value, String wanted) {
    if (value == null) {
      return false;
    }
    if (text(value).equals(wanted)) {
      return true;
    }
    // RFC 3004 §4: instances of UC_Len_i followed by that many bytes
    int i = 0;
    while (i < value.length) {
      int len = value[i] & 0xff;
      if (len == 0 || i + 1 + len > value.length) {
        return false;
      }
      if (text(Arrays.copyOfRange(value, i + 1, i + 1 + len)).equals(wanted)) {
        return true;
      }
      i += 1 + len;
    }
    return false;
  }

  private static boolean architectureMatches(byte[] value, Set<Integer> wanted) {
    if (value == null || value.length < 2 || value.length % 2 != 0) {
      return false;
    }
    for (int i = 0; i < value.length; i += 2) {
      if (wanted.contains(((value[i] & 0xff) << 8) | (value[i + 1] & 0xff))) {
        return true;
      }
    }
    return false;
  }

  /** Sub-option {@code code} of relay agent information, or null (RFC 3046 §2.0). */
  static byte[] subOption(byte[] relay, int code) {
    if (relay == null) {
      return null;
    }
    int i = 0;
    while (i + 2 <= relay.length) {
      int c = relay[i] & 0xff;
      int len = relay[i + 1] & 0xff;
      if (i + 2 + len > relay.length) {
        return null;
      }
      if (c == code) {
        return Arrays.copyOfRange(relay, i + 2, i + 2 + len);
      }
      i += 2 + len;
    }
    return null;
  }

  private static boolean hardwareMatches(DhcpMessage request, List<String> prefixes) {
    if (request.htype() != 1 || request.hlen() != 6) {
      return false;
    }
    String mac = hex(Arrays.copyOf(request.chaddr(), 6));
    for (String p : prefixes) {
      if (mac.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  private static String hex(byte[] b) {
    return b == null ? null : HexFormat.of().formatHex(b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientClasses other && other.classes.equals(classes);
  }

  @Override
  public int hashCode() {
    return classes.hashCode();
  }

  @Override
  public String toString() {
    return "ClientClasses" + classes.stream().map(ClientClass::name).toList();
  }
}
