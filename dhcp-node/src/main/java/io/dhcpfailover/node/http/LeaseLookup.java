package io.dhcpfailover.node.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.lease.LeaseStore;
import io.dhcpfailover.node.util.Hex;
import io.dhcpfailover.node.util.Ipv4;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code GET /leases?mac=02:00:00:00:00:01} or {@code GET /leases?ip=198.18.0.100}: the bindings
 * this node holds for one client or one address, as JSON (read-only). A MAC matches a binding's
 * hardware address (Ethernet chaddr) or a client identifier of type 1 made of it. Exactly one of
 * {@code mac} and {@code ip}; anything else is answered 400 with the reason.
 */
public final class LeaseLookup {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern MAC =
      Pattern.compile("\\p{XDigit}{2}([:-])\\p{XDigit}{2}(\\1\\p{XDigit}{2}){4}");
  private static final Pattern IP = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final String role;
  private final Supplier<LeaseStore> store;
  private final LongSupplier nowSeconds;

  /**
   * @param role this node's role, named in every answer (primary, secondary or standalone)
   * @param store the node's lease store
   * @param nowSeconds the node's clock, Unix seconds
   */
  public LeaseLookup(String role, Supplier<LeaseStore> store, LongSupplier nowSeconds) {
    this.role = role;
    this.store = store;
    this.nowSeconds = nowSeconds;
  }

  /** The answer to a request with the raw query string {@code query} (null when there is none). */
  public HttpEndpoint.Reply answer(String query) {
    String mac = null;
    String ip = null;
    for (String param : query == null || query.isEmpty() ? new String[0] : query.split("&")) {
      int eq = param.indexOf('=');
      String key = eq < 0 ? param : param.substring(0, eq);
      String value = eq < 0 ? "" : URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8);
      switch (key) {
        case "mac" -> mac = value;
        case "ip" -> ip = value;
        default -> {
          return badRequest("unknown parameter '" + key + "'");
        }
      }
    }
    if ((mac == null) == (ip == null)) {
      return badRequest("give exactly one of mac=<aa:bb:cc:dd:ee:ff> and ip=<a.b.c.d>");
    }
    List<Lease> found;
    if (mac != null) {
      if (!MAC.matcher(mac).matches()) {
        return badRequest("mac must be six hex octets such as 02:00:00:00:00:01, got '" + mac + "'");
      }
      byte[] chaddr = Hex.parse(mac.replace('-', ':'));
      found = store.get().all().stream().filter(l -> matches(l, chaddr))
          .sorted(Comparator.comparing(Lease::address, Ipv4::compare)).toList();
    } else {
      int address;
      try {
        if (!IP.matcher(ip).matches()) {
          throw new IllegalArgumentException();
        }
        address = Ipv4.parse(ip);
      } catch (RuntimeException e) {
        return badRequest("ip must be an IPv4 address such as 198.18.0.100, got '" + ip + "'");
      }
      Lease lease = store.get().get(address);
      found = lease == null ? List.of() : List.of(lease);
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("role", role);
    root.put("now", Instant.ofEpochSecond(nowSeconds.getAsLong()).toString());
    root.put("query", mac != null ? "mac=" + mac : "ip=" + ip);
    ArrayNode leases = root.putArray("leases");
    found.forEach(l -> describe(leases.addObject(), l));
    return new HttpEndpoint.Reply(200, "application/json", root.toPrettyString() + "\n");
  }

  /** The chaddr of an Ethernet hardware address, or a client identifier 01 + MAC. */
  static boolean matches(Lease lease, byte[] mac) {
    byte[] hw = lease.hardware();
    if (hw != null && hw.length == mac.length + 1 && hw[0] == 1
        && Arrays.equals(hw, 1, hw.length, mac, 0, mac.length)) {
      return true;
    }
    byte[] id = lease.clientId();
    return id != null && id.length == mac.length + 1 && id[0] == 1
        && Arrays.equals(id, 1, id.length, mac, 0, mac.length);
  }

  private static void describe(ObjectNode n, Lease l) {
    n.put("address", Ipv4.format(l.address()));
    n.put("state", l.state().name());
    byte[] hw = l.hardware();
    if (hw != null && hw.length > 1) {
      n.put("mac", Hex.colon(Arrays.copyOfRange(hw, 1, hw.length)));
    }
    if (l.clientId() != null) {
      n.put("clientId", Hex.colon(l.clientId()));
    }
    if (l.hostname() != null) {
      n.put("hostname", l.hostname());
    }
    time(n, "start", l.start());
    time(n, "expires", l.end());
    time(n, "cltt", l.cltt());
    time(n, "petSent", l.tstp());
    time(n, "petAcked", l.tsfp());
    ArrayNode flags = n.putArray("flags");
    if (l.hasFlag(Lease.FLAG_RESERVED)) {
      flags.add("reserved");
    }
    if (l.hasFlag(Lease.FLAG_BOOTP)) {
      flags.add("bootp");
    }
    if (l.hasFlag(Lease.FLAG_UNACKED)) {
      flags.add("unacked");
    }
    if (l.hasFlag(Lease.FLAG_FENCED)) {
      flags.add("fenced");
    }
    if (l.hasFlag(Lease.FLAG_PARTNER)) {
      flags.add("from-partner");
    }
  }

  private static void time(ObjectNode n, String field, long seconds) {
    if (seconds > 0) {
      n.put(field, Instant.ofEpochSecond(seconds).toString());
    }
  }

  private static HttpEndpoint.Reply badRequest(String message) {
    return new HttpEndpoint.Reply(400, "text/plain", message + "\n");
  }
}
