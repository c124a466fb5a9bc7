package io.dhcpfailover.node.migrate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dhcpfailover.api.v1alpha1.PoolSpec;
import io.dhcpfailover.api.v1alpha1.SubnetSpec;
import io.dhcpfailover.api.validation.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
  private List<IscStatement> top = List.of();
  private final IscOptionTranslator options = new IscOptionTranslator(draft);
  private final IscHostTranslator hosts = new IscHostTranslator(draft);
  private final IscFailoverTranslator failover = new IscFailoverTranslator(draft);
  private final IscClassTranslator classes =
      new IscClassTranslator(draft, options.custom(), this::parameter);

  private IscConfTranslator() {}

  /** Translates {@code text}, a dhcpd.conf. */
  public static ImportResult translate(String text, ImportSettings settings) {
    IscConfTranslator t = new IscConfTranslator();
    List<IscStatement> top = IscConfParser.parse(text, t.draft.notes);
    Scope global = t.parameters(top, new Scope(new SubnetSpec(), false));
    // classes before declarations: a pool may name a class declared further down
    t.top = top;
    top.stream().filter(s -> s.startsWith("class")).forEach(t.classes::declare);
    t.declarations(top, global);
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
        || s.startsWith("pool") || s.startsWith("class") || s.startsWith("subclass");
  }

  /** One parameter statement into {@code target}; anything else is reported. */
  private void parameter(IscStatement s, SubnetSpec target) {
    String keyword = s.word(0) == null ? "" : s.word(0).toLowerCase(Locale.ROOT);
    switch (keyword) {
      case "option" -> options.translate(s, target);
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
          if (!failover.seen() && draft.primaryAddress == null) {
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

  static boolean isAddress(String text) {
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
        hosts.translate(s, scope.template(), scope.useHostDeclNames());
      } else if (s.startsWith("failover", "peer")) {
        failover.translate(s);
      } else if (s.startsWith("class")) {
        if (top.stream().noneMatch(t -> t == s)) {
          draft.note(s.line(), s.summary() + " not translated: classes are read at the top level");
        }
      } else if (s.startsWith("subclass")) {
        draft.note(s.line(), s.summary() + " not translated: subclasses (match on a value list)"
            + " have no counterpart; write a class with match if per value");
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
    List<PoolSpec> pools = new ArrayList<>();
    for (IscStatement inner : s.block()) {
      if (inner.startsWith("range")) {
        range(inner, ranges);
      } else if (inner.startsWith("pool") && inner.isBlock()) {
        pool(inner, ranges, pools);
      } else if (inner.startsWith("host")) {
        hosts.translate(inner, scope.template(), scope.useHostDeclNames());
      } else if (inner.startsWith("group") && inner.isBlock()) {
        Scope g = parameters(inner.block(), scope);
        for (IscStatement h : inner.block()) {
          if (h.startsWith("host")) {
            hosts.translate(h, g.template(), g.useHostDeclNames());
          } else if (h.isBlock() || isDeclaration(h)) {
            draft.note(h.line(), h.summary() + " not translated");
          }
        }
      } else if (inner.isBlock() || inner.startsWith("failover") || inner.startsWith("subnet")) {
        draft.note(inner.line(), inner.summary() + " not translated");
      }
    }
    subnet.setRanges(ranges);
    subnet.setPools(pools);
    if (ranges.isEmpty() && pools.isEmpty() && !hasHostsIn(subnet.getSubnet())) {
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

  /**
   * A {@code pool} block: its ranges open to every client, or, when it restricts its clients
   * ({@code allow members of}, {@code deny members of}) or sets options or boot fields, a pool of
   * the pair file per range.
   */
  private void pool(IscStatement s, List<String> ranges, List<PoolSpec> pools) {
    List<String> own = new ArrayList<>();
    PoolSpec template = new PoolSpec();
    SubnetSpec settings = new SubnetSpec();
    boolean hasSettings = false;
    for (IscStatement inner : s.block()) {
      if (inner.startsWith("range")) {
        range(inner, own);
      } else if (inner.startsWith("failover", "peer")) {
        continue; // the pool is shared with the failover partner, as every range of a pair is
      } else if (inner.startsWith("deny", "dynamic", "bootp", "clients")) {
        continue; // the node answers no BOOTP
      } else if (classes.permission(inner, template)) {
        continue;
      } else if (inner.startsWith("option") || inner.startsWith("filename")
          || inner.startsWith("next-server") || inner.startsWith("server-name")) {
        parameter(inner, settings);
        hasSettings = true;
      } else {
        draft.note(inner.line(), inner.summary() + " not translated: a pool of the pair file has"
            + " classes, notClasses, options and boot fields (the range is kept)");
      }
    }
    if (ScopeSettings.hasMore(settings)) {
      draft.note(s.line(), s.summary() + ": " + ScopeSettings.LEFT_OVER);
    }
    if (template.getClasses() == null && template.getNotClasses() == null && !hasSettings) {
      ranges.addAll(own);
      return;
    }
    for (String range : own) {
      PoolSpec p = new PoolSpec();
      p.setRange(range);
      p.setClasses(template.getClasses());
      p.setNotClasses(template.getNotClasses());
      p.setOptions(settings.getOptions());
      ScopeSettings.copyBoot(settings, p);
      pools.add(p);
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


}
