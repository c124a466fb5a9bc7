package io.dhcpfailover.node.migrate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.api.v1alpha1.PeerTls;
import io.dhcpfailover.api.v1alpha1.ReservationSpec;
import io.dhcpfailover.api.v1alpha1.SubnetSpec;
import io.dhcpfailover.api.validation.Ipv4;
import io.dhcpfailover.node.failover.LoadBalanceHash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Translates an ISC dhcpd 4.x {@code dhcpd.conf} into a pair file (dhcpd.conf(5),
 * dhcp-options(5)).
 *
 * <p>Parameters (options, lease times, boot fields) are scoped as dhcpd scopes them: global, then
 * shared-network, group, subnet; a parameter applies to its whole scope wherever it is written.
 * Subnets carry their ranges (also those inside {@code pool} blocks); {@code host} declarations
 * with {@code hardware ethernet} or a client identifier and a {@code fixed-address} become
 * reservations in the subnet holding the address; the first {@code failover peer} gives the nodes'
 * addresses, the timers and the mode ({@code split}/{@code hba}). Everything else is reported with
 * its line: nothing is dropped silently but {@code authoritative}, {@code ddns-update-style none}
 * and {@code ping-check false}, whose meaning the node has anyway.
 */
public final class IscConfTranslator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> SILENT = Set.of("authoritative");

  private final PairDraft draft = new PairDraft();
  private final Map<String, OptionCatalog.Definition> custom = new HashMap<>();
  private boolean failoverSeen;

  private IscConfTranslator() {}

  /** Translates {@code text}, a dhcpd.conf. */
  public static ImportResult translate(String text, ImportSettings settings) {
    IscConfTranslator t = new IscConfTranslator();
    List<IscStatement> top = IscConfParser.parse(text, t.draft.notes);
    Scope global = new Scope(new SubnetSpec(), false);
    t.declarations(top, t.parameters(top, global));
    return t.draft.finish(settings);
  }

  /** The parameters in effect in a scope: a subnet template plus what has no subnet field. */
  private record Scope(SubnetSpec template, boolean useHostDeclNames) {
    Scope copy() {
      return new Scope(JSON.convertValue(template, SubnetSpec.class), useHostDeclNames);
    }
  }

  // ---- parameters ----

  /** Applies this block's parameter statements to a copy of {@code outer}. */
  private Scope parameters(List<IscStatement> block, Scope outer) {
    Scope scope = outer.copy();
    boolean hostNames = scope.useHostDeclNames();
    for (IscStatement s : block) {
      if (s.isBlock() || isDeclaration(s)) {
        continue;
      }
      if (s.startsWith("use-host-decl-names")) {
        hostNames = s.size() > 1 && Set.of("on", "true").contains(s.word(1).toLowerCase(Locale.ROOT));
        continue;
      }
      parameter(s, scope.template());
    }
    return new Scope(scope.template(), hostNames);
  }

  private static boolean isDeclaration(IscStatement s) {
    return s.startsWith("range") || s.startsWith("failover") || s.startsWith("host")
        || s.startsWith("subnet") || s.startsWith("shared-network") || s.startsWith("group")
        || s.startsWith("pool");
  }

  /** One parameter statement into {@code target}; anything else is reported. */
  private void parameter(IscStatement s, SubnetSpec target) {
    String keyword = s.word(0) == null ? "" : s.word(0).toLowerCase(Locale.ROOT);
    switch (keyword) {
      case "option" -> option(s, target);
      case "default-lease-time" -> {
        Long v = seconds(s);
        if (v != null) {
          target.setLeaseTime(Durations.format(v));
        }
      }
      case "max-lease-time", "min-lease-time" ->
          draft.note(s.line(), s.summary() + " not translated: the node gives every client the"
              + " subnet's leaseTime (from default-lease-time), whatever lease time it asks for");
      case "next-server" -> {
        if (s.size() == 2 && isAddress(s.word(1))) {
          target.setNextServer(s.word(1));
        } else {
          draft.note(s.line(), s.summary() + " not translated: next-server must be an IPv4 address");
        }
      }
      case "filename" -> {
        if (s.size() == 2) {
          target.setBootFileName(s.word(1));
        } else {
          draft.note(s.line(), s.summary() + " not translated: expressions are not supported");
        }
      }
      case "server-name" -> {
        if (s.size() == 2) {
          target.setTftpServerName(s.word(1));
        } else {
          draft.note(s.line(), s.summary() + " not translated");
        }
      }
      case "server-identifier", "local-address" -> {
        if (s.size() == 2 && isAddress(s.word(1))) {
          if (!failoverSeen && draft.primaryAddress == null) {
            draft.primaryAddress = s.word(1);
          }
        } else {
          draft.note(s.line(), s.summary() + " not translated: an IPv4 address was expected");
        }
      }
      case "ddns-update-style" -> {
        if (!(s.size() == 2 && s.word(1).equalsIgnoreCase("none"))) {
          draft.note(s.line(), s.summary() + " not translated: the node does no dynamic DNS updates");
        }
      }
      case "ping-check" -> {
        if (!(s.size() == 2 && !OptionCatalog.flag(flagWord(s.word(1))))) {
          draft.note(s.line(), s.summary() + " not translated: the node does not ping an address"
              + " before offering it (a client that finds it in use declines it)");
        }
      }
      default -> {
        if (!(s.size() == 1 && SILENT.contains(keyword))) {
          draft.note(s.line(), s.summary() + " not translated");
        }
      }
    }
  }

  private static String flagWord(String w) {
    return switch (w.toLowerCase(Locale.ROOT)) {
      case "true", "on", "false", "off" -> w;
      default -> "on";
    };
  }

  private void option(IscStatement s, SubnetSpec target) {
    if (s.size() < 2) {
      draft.note(s.line(), s.summary() + " not translated: no option name");
      return;
    }
    String name = s.word(1).toLowerCase(Locale.ROOT);
    if (s.size() > 3 && s.words().get(2).is("code")) {
      define(s);
      return;
    }
    if (name.equals("space") || name.contains(".")) {
      draft.note(s.line(), s.summary() + " not translated: option spaces and vendor options are"
          + " not supported (give the encapsulated bytes as option 43 in hex)");
      return;
    }
    OptionCatalog.Definition d = custom.containsKey(name) ? custom.get(name) : OptionCatalog.byName(name);
    if (d == null) {
      draft.note(s.line(), s.summary() + " not translated: option " + name + " is not known to the"
          + " importer (give it under options by code)");
      return;
    }
    List<String> values = listValues(s, 2);
    if (values == null) {
      draft.note(s.line(), s.summary() + " not translated: only literal values are supported");
      return;
    }
    String problem = OptionCatalog.apply(d, values, target);
    if (problem != null) {
      draft.note(s.line(), s.summary() + " not translated: " + problem);
    }
  }

  /** {@code option NAME code N = TYPE;}: a new option by code, of one of the simple types. */
  private void define(IscStatement s) {
    String name = s.word(1).toLowerCase(Locale.ROOT);
    StringBuilder type = new StringBuilder();
    for (int i = 5; i < s.size(); i++) {
      type.append(i > 5 ? " " : "").append(s.word(i).toLowerCase(Locale.ROOT));
    }
    OptionCatalog.Type t = switch (type.toString()) {
      case "ip-address", "array of ip-address" -> OptionCatalog.Type.ADDRESSES;
      case "text", "string" -> type.toString().equals("text") ? OptionCatalog.Type.TEXT : OptionCatalog.Type.HEX;
      case "unsigned integer 8" -> OptionCatalog.Type.UINT8;
      case "unsigned integer 16" -> OptionCatalog.Type.UINT16;
      case "unsigned integer 32" -> OptionCatalog.Type.UINT32;
      case "integer 32", "signed integer 32" -> OptionCatalog.Type.INT32;
      case "boolean" -> OptionCatalog.Type.FLAG;
      case "domain-list" -> OptionCatalog.Type.DOMAINS;
      default -> null;
    };
    Integer code = null;
    try {
      code = Integer.parseInt(s.word(3));
    } catch (NumberFormatException e) {
      // reported below
    }
    if (t == null || code == null || code < 1 || code > 254 || !s.words().get(4).is("=") || name.contains(".")) {
      draft.note(s.line(), s.summary() + " not translated: only options of a simple type (addresses,"
          + " text, integers, boolean, domain list) in the dhcp space are supported");
      return;
    }
    custom.put(name, new OptionCatalog.Definition(code, name, t));
  }

  /**
   * The comma-separated values from word {@code from}: each one word or string; null when a value
   * is an expression.
   */
  private static List<String> listValues(IscStatement s, int from) {
    List<String> values = new ArrayList<>();
    boolean expectValue = true;
    for (int i = from; i < s.size(); i++) {
      IscToken t = s.words().get(i);
      if (t.kind() == IscToken.Kind.COMMA) {
        if (expectValue) {
          return null;
        }
        expectValue = true;
      } else {
        if (!expectValue || t.is("=")) {
          return null;
        }
        values.add(t.text());
        expectValue = false;
      }
    }
    return values;
  }

  private Long seconds(IscStatement s) {
    try {
      if (s.size() == 2) {
        long v = Long.parseLong(s.word(1));
        if (v >= 0) {
          return v;
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    draft.note(s.line(), s.summary() + " not translated: a number of seconds was expected");
    return null;
  }

  private static boolean isAddress(String text) {
    try {
      Ipv4.parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  // ---- declarations ----

  private void declarations(List<IscStatement> block, Scope scope) {
    for (IscStatement s : block) {
      if (s.startsWith("subnet")) {
        subnet(s, scope);
      } else if (s.startsWith("shared-network")) {
        if (s.isBlock()) {
          draft.note(s.line(), s.summary() + ": its subnets become separate subnets of the pair"
              + " file (no pool is shared across them)");
          declarations(s.block(), parameters(s.block(), scope));
        }
      } else if (s.startsWith("group") && s.isBlock()) {
        declarations(s.block(), parameters(s.block(), scope));
      } else if (s.startsWith("host")) {
        host(s, scope);
      } else if (s.startsWith("failover", "peer")) {
        failover(s);
      } else if (s.startsWith("range") || s.startsWith("pool")) {
        draft.note(s.line(), s.summary() + " not translated: outside a subnet");
      } else if (s.isBlock()) {
        draft.note(s.line(), s.summary() + " not translated (" + s.word(0) + " blocks are not supported)");
      }
    }
  }

  private void subnet(IscStatement s, Scope outer) {
    if (!s.isBlock() || s.size() != 4 || !s.words().get(2).is("netmask")
        || !isAddress(s.word(1)) || !isAddress(s.word(3))) {
      draft.note(s.line(), s.summary() + " not translated: expected subnet ADDRESS netmask MASK { ... }");
      return;
    }
    int mask = Ipv4.parse(s.word(3));
    int length = Integer.bitCount(mask);
    if (mask != Ipv4.mask(length)) {
      draft.note(s.line(), s.summary() + " not translated: the netmask is not contiguous");
      return;
    }
    Scope scope = parameters(s.block(), outer);
    SubnetSpec subnet = scope.copy().template();
    subnet.setSubnet(s.word(1) + "/" + length);
    subnet.setReservations(new ArrayList<>());
    List<String> ranges = new ArrayList<>();
    for (IscStatement inner : s.block()) {
      if (inner.startsWith("range")) {
        range(inner, ranges);
      } else if (inner.startsWith("pool") && inner.isBlock()) {
        pool(inner, ranges);
      } else if (inner.startsWith("host")) {
        host(inner, scope);
      } else if (inner.startsWith("group") && inner.isBlock()) {
        Scope g = parameters(inner.block(), scope);
        for (IscStatement h : inner.block()) {
          if (h.startsWith("host")) {
            host(h, g);
          } else if (h.isBlock() || isDeclaration(h)) {
            draft.note(h.line(), h.summary() + " not translated");
          }
        }
      } else if (inner.isBlock() || inner.startsWith("failover") || inner.startsWith("subnet")) {
        draft.note(inner.line(), inner.summary() + " not translated");
      }
    }
    subnet.setRanges(ranges);
    if (ranges.isEmpty() && !hasHostsIn(subnet.getSubnet())) {
      draft.note(s.line(), "subnet " + subnet.getSubnet() + " has no range and no host: the node"
          + " would give nothing there; left out");
      return;
    }
    draft.subnets.add(subnet);
  }

  private boolean hasHostsIn(String cidr) {
    io.dhcpfailover.api.validation.Prefix p = io.dhcpfailover.api.validation.Prefix.parse(cidr);
    return draft.reservations.stream().anyMatch(r -> isAddress(r.reservation().getAddress())
        && p.contains(Ipv4.parse(r.reservation().getAddress())));
  }

  private void pool(IscStatement s, List<String> ranges) {
    for (IscStatement inner : s.block()) {
      if (inner.startsWith("range")) {
        range(inner, ranges);
      } else if (inner.startsWith("failover", "peer")) {
        continue; // the pool is shared with the failover partner, as every range of a pair is
      } else if (inner.startsWith("deny", "dynamic", "bootp", "clients")) {
        continue; // the node answers no BOOTP
      } else {
        draft.note(inner.line(), inner.summary() + " not translated: the pair file has no pool"
            + " parameters (the range is kept, open to every client)");
      }
    }
  }

  private void range(IscStatement s, List<String> ranges) {
    List<String> words = new ArrayList<>();
    for (int i = 1; i < s.size(); i++) {
      words.add(s.word(i));
    }
    if (!words.isEmpty() && words.get(0).equalsIgnoreCase("dynamic-bootp")) {
      draft.note(s.line(), s.summary() + ": the range is kept, but the node answers no BOOTP clients");
      words.remove(0);
    }
    if (words.size() == 1) {
      words.add(words.get(0));
    }
    if (words.size() != 2 || !isAddress(words.get(0)) || !isAddress(words.get(1))) {
      draft.note(s.line(), s.summary() + " not translated: expected range LOW [HIGH]");
      return;
    }
    int a = Ipv4.parse(words.get(0));
    int b = Ipv4.parse(words.get(1));
    if (Ipv4.compare(a, b) > 0) {
      int t = a;
      a = b;
      b = t;
    }
    ranges.add(Ipv4.format(a) + "-" + Ipv4.format(b));
  }

  private void host(IscStatement s, Scope outer) {
    String hostName = s.size() > 1 ? s.word(1) : "?";
    String where = "host " + hostName;
    if (!s.isBlock()) {
      draft.note(s.line(), s.summary() + " not translated");
      return;
    }
    ReservationSpec r = new ReservationSpec();
    List<String> fixed = new ArrayList<>();
    for (IscStatement h : s.block()) {
      if (h.startsWith("hardware", "ethernet") && h.size() == 3) {
        try {
          r.setHardwareAddress(mac(h.word(2)));
        } catch (IllegalArgumentException e) {
          draft.note(h.line(), where + ": " + h.summary() + " not translated: " + e.getMessage());
        }
      } else if (h.startsWith("hardware")) {
        draft.note(h.line(), where + ": " + h.summary() + " not translated: only Ethernet hardware"
            + " addresses are supported");
      } else if (h.startsWith("fixed-address")) {
        List<String> v = listValues(h, 1);
        if (v != null) {
          fixed.addAll(v);
        }
      } else if (h.startsWith("option", "dhcp-client-identifier")
          || h.startsWith("host-identifier", "option", "dhcp-client-identifier")) {
        IscToken value = h.words().get(h.size() - 1);
        try {
          r.setClientId(value.kind() == IscToken.Kind.STRING
              ? HexFormat.ofDelimiter(":").formatHex(value.bytes())
              : OptionCatalog.hex(value.text()));
        } catch (IllegalArgumentException e) {
          draft.note(h.line(), where + ": " + h.summary() + " not translated: " + e.getMessage());
        }
      } else if (h.startsWith("option", "host-name") && h.size() == 3) {
        r.setHostname(h.word(2));
      } else if (h.startsWith("next-server") && h.size() == 2 && isAddress(h.word(1))) {
        r.setNextServer(h.word(1));
      } else if (h.startsWith("filename") && h.size() == 2) {
        r.setBootFileName(h.word(1));
      } else if (h.startsWith("server-name") && h.size() == 2) {
        r.setTftpServerName(h.word(1));
      } else {
        draft.note(h.line(), where + ": " + h.summary() + " not translated: a reservation carries"
            + " only the client, the address, a host name and boot settings");
      }
    }
    // the enclosing scopes' boot settings (a group's filename, say); those equal to the subnet's
    // are dropped when the reservation is placed
    SubnetSpec inherited = outer.template();
    if (r.getNextServer() == null) {
      r.setNextServer(inherited.getNextServer());
    }
    if (r.getBootFileName() == null) {
      r.setBootFileName(inherited.getBootFileName());
    }
    if (r.getTftpServerName() == null) {
      r.setTftpServerName(inherited.getTftpServerName());
    }
    if (r.getHostname() == null && outer.useHostDeclNames() && s.size() > 1) {
      r.setHostname(hostName);
    }
    if (fixed.isEmpty()) {
      draft.note(s.line(), where + " has no fixed-address: not translated (dynamic clients need"
          + " no declaration)");
      return;
    }
    if (r.getHardwareAddress() == null && r.getClientId() == null) {
      draft.note(s.line(), where + " has neither hardware ethernet nor a client identifier: not"
          + " translated");
      return;
    }
    if (fixed.size() > 1) {
      draft.note(s.line(), where + ": several fixed addresses; the pair file reserves one per"
          + " client: " + fixed.get(0) + " is reserved");
    }
    r.setAddress(fixed.get(0));
    draft.reservations.add(new PairDraft.Placed(s.line(), where, r));
  }

  /** An Ethernet address as the pair file writes it: six two-digit lower-case hex bytes. */
  static String mac(String text) {
    String[] parts = text.split(":");
    if (parts.length != 6) {
      throw new IllegalArgumentException("'" + text + "' is no Ethernet address");
    }
    StringBuilder sb = new StringBuilder();
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 2 || !p.matches("[0-9A-Fa-f]+")) {
        throw new IllegalArgumentException("'" + text + "' is no Ethernet address");
      }
      sb.append(sb.length() > 0 ? ":" : "").append(p.length() == 1 ? "0" : "").append(p.toLowerCase(Locale.ROOT));
    }
    return sb.toString();
  }

  // ---- failover ----

  private void failover(IscStatement s) {
    if (!s.isBlock() || s.size() != 3) {
      if (!(s.size() == 4 && s.words().get(3).is("state"))) {
        draft.note(s.line(), s.summary() + " not translated");
      }
      return;
    }
    if (failoverSeen) {
      draft.note(s.line(), s.summary() + " not translated: a pair file is one failover relationship;"
          + " the first one declared is translated");
      return;
    }
    failoverSeen = true;
    draft.name = s.word(2);
    Boolean primary = null;
    String address = null;
    String peerAddress = null;
    Integer port = null;
    Integer peerPort = null;
    Integer split = null;
    byte[] hba = null;
    boolean hasMclt = false;
    for (IscStatement f : s.block()) {
      try {
        if (f.startsWith("primary") && f.size() == 1) {
          primary = true;
        } else if (f.startsWith("secondary") && f.size() == 1) {
          primary = false;
        } else if (f.startsWith("address") && f.size() == 2) {
          address = OptionCatalog.address(f.word(1));
        } else if (f.startsWith("peer", "address") && f.size() == 3) {
          peerAddress = OptionCatalog.address(f.word(2));
        } else if (f.startsWith("port") && f.size() == 2) {
          port = (int) OptionCatalog.number(f.word(1), 1, 65535);
        } else if (f.startsWith("peer", "port") && f.size() == 3) {
          peerPort = (int) OptionCatalog.number(f.word(2), 1, 65535);
        } else if (f.startsWith("mclt") && f.size() == 2) {
          draft.spec.setMclt(Durations.format(OptionCatalog.number(f.word(1), 1, Integer.MAX_VALUE)));
          hasMclt = true;
        } else if (f.startsWith("max-response-delay") && f.size() == 2) {
          draft.spec.setMaxResponseDelay(Durations.format(OptionCatalog.number(f.word(1), 1, Integer.MAX_VALUE)));
        } else if (f.startsWith("max-unacked-updates") && f.size() == 2) {
          draft.spec.setMaxUnackedUpdates((int) OptionCatalog.number(f.word(1), 1, 1000));
        } else if (f.startsWith("load", "balance", "max", "seconds") && f.size() == 5) {
          draft.spec.setLoadBalanceMaxSeconds((int) OptionCatalog.number(f.word(4), 0, 65535));
        } else if (f.startsWith("auto-partner-down") && f.size() == 2) {
          draft.spec.setAutoPartnerDown(Durations.format(OptionCatalog.number(f.word(1), 0, Integer.MAX_VALUE)));
        } else if (f.startsWith("split") && f.size() == 2) {
          split = (int) OptionCatalog.number(f.word(1), 0, 256);
        } else if (f.startsWith("hba") && f.size() == 2) {
          hba = HexFormat.ofDelimiter(":").parseHex(OptionCatalog.hex(f.word(1)));
          if (hba.length != LoadBalanceHash.HBA_LENGTH) {
            throw new IllegalArgumentException("an hba has 32 bytes");
          }
        } else {
          draft.note(f.line(), "failover peer: " + f.summary() + " not translated");
        }
      } catch (IllegalArgumentException e) {
        draft.note(f.line(), "failover peer: " + f.summary() + " not translated: " + e.getMessage());
      }
    }
    if (primary == null) {
      draft.note(s.line(), s.summary() + ": neither primary nor secondary; read as the primary");
      primary = true;
    }
    if (address != null && peerAddress != null) {
      draft.primaryAddress = primary ? address : peerAddress;
      draft.secondaryAddress = primary ? peerAddress : address;
    } else {
      draft.note(s.line(), s.summary() + ": address or peer address missing: the nodes' addresses"
          + " must be given with --address and --secondary-address");
    }
    if (port != null && peerPort != null && !port.equals(peerPort)) {
      draft.note(s.line(), "failover peer: port " + port + " and peer port " + peerPort + " differ;"
          + " both nodes of a pair listen on spec.failoverPort: " + port + " is used");
    }
    if (port != null || peerPort != null) {
      draft.spec.setFailoverPort(port != null ? port : peerPort);
    }
    if (hba != null) {
      int buckets = 0;
      for (byte b : hba) {
        buckets += Integer.bitCount(b & 0xff);
      }
      if (!Arrays.equals(hba, LoadBalanceHash.hbaForSplit(buckets))) {
        draft.note(s.line(), "failover peer: this hba is no split (the first N buckets of RFC 3074);"
            + " the pair file gives the primary its " + buckets + " buckets as split " + buckets);
      }
      split = buckets;
    }
    if (split != null && split < 256) {
      draft.spec.setMode(Mode.LOAD_BALANCE);
      draft.spec.setSplit(split);
    } else {
      draft.spec.setMode(Mode.HOT_STANDBY);
    }
    if (!primary && !hasMclt && split == null) {
      draft.note(s.line(), "failover peer: this is the secondary's declaration; mclt and split are"
          + " the primary's (defaults written: mclt 1h, HotStandby): import the primary's dhcpd.conf"
          + " to take them over");
    }
    draft.spec.setPeerTLS(PeerTls.DISABLED);
    draft.note(s.line(), "failover peer: spec.peerTLS is Disabled so that a node can pair with the"
        + " ISC dhcpd partner during the migration; set it to Enabled once both nodes are dhcp-node");
  }
}
