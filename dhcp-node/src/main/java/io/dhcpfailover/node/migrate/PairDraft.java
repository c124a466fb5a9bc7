package io.dhcpfailover.node.migrate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairSpec;
import io.dhcpfailover.api.v1alpha1.NodeSpec;
import io.dhcpfailover.api.v1alpha1.PoolSpec;
import io.dhcpfailover.api.v1alpha1.ReservationSpec;
import io.dhcpfailover.api.v1alpha1.SubnetSpec;
import io.dhcpfailover.api.validation.AddressRange;
import io.dhcpfailover.api.validation.ConfigError;
import io.dhcpfailover.api.validation.Ipv4;
import io.dhcpfailover.api.validation.PairValidator;
import io.dhcpfailover.api.validation.Prefix;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an importer gathered, before it is a pair: the failover spec, the subnets, the
 * reservations still to be placed in their subnet, the addresses and the name the source
 * suggests. {@link #finish} places reservations, carves out of the dynamic ranges the addresses
 * the validator keeps out of them (reservations, routers, the nodes' own addresses), as dhcpd
 * and Kea skip them at run time, applies the user's {@link ImportSettings} and validates.
 */
final class PairDraft {
  private static final ObjectMapper JSON = new ObjectMapper();

  final DhcpFailoverPairSpec spec = new DhcpFailoverPairSpec();
  final List<SubnetSpec> subnets = new ArrayList<>();
  final List<Placed> reservations = new ArrayList<>();
  final List<ImportNote> notes = new ArrayList<>();
  String name;
  String primaryAddress;
  String secondaryAddress;
  final Set<String> interfaces = new LinkedHashSet<>();

  /** A reservation and where it was declared (a line, or a JSON path in the message's prefix). */
  record Placed(int line, String where, ReservationSpec reservation) {}

  void note(int line, String message) {
    notes.add(new ImportNote(line, message));
  }

  ImportResult finish(ImportSettings settings) {
    placeReservations();
    List<String> errors = new ArrayList<>();
    String primary = settings.primaryAddress() != null ? settings.primaryAddress() : primaryAddress;
    String secondary =
        settings.secondaryAddress() != null ? settings.secondaryAddress() : secondaryAddress;
    if (primary == null) {
      errors.add(
          "spec.primary.address: the source does not say which address the server serves from;"
              + " give it with --address");
    }
    if (secondary == null) {
      errors.add(
          "spec.secondary.address: the source declares no failover partner; a pair file names"
              + " one (a standalone node never contacts it): give it with --secondary-address");
    }
    List<String> ifs =
        settings.interfaces().isEmpty() ? List.copyOf(interfaces) : settings.interfaces();
    if (ifs.isEmpty()) {
      note(0, "spec.primary.interfaces is empty: the node hears only relayed clients;"
          + " give the interfaces of directly attached clients with --interface");
    }
    for (SubnetSpec s : subnets) {
      carve(s, primary, secondary);
    }
    String pairName = settings.name() != null ? settings.name() : name == null ? "imported" : objectName(name);
    if (settings.name() == null && name != null && !pairName.equals(name)) {
      note(0, "metadata.name: '" + name + "' is no Kubernetes object name; written as '" + pairName
          + "' (the failover relationship name on the wire changes with it)");
    }
    // notes with a line in line order, then those without (stable)
    notes.sort((a, b) -> a.line() == 0 || b.line() == 0
        ? Boolean.compare(a.line() == 0, b.line() == 0)
        : Integer.compare(a.line(), b.line()));
    if (!errors.isEmpty()) {
      return new ImportResult(null, notes, errors);
    }
    spec.setPrimary(node(primary, ifs));
    spec.setSecondary(node(secondary, ifs));
    spec.setSubnets(subnets);
    DhcpFailoverPair pair = new DhcpFailoverPair();
    pair.setMetadata(new ObjectMetaBuilder().withName(pairName).build());
    pair.setSpec(spec);
    for (ConfigError e : PairValidator.validate(pair)) {
      errors.add(e.toString());
    }
    return new ImportResult(errors.isEmpty() ? pair : null, notes, errors);
  }

  private static NodeSpec node(String address, List<String> interfaces) {
    NodeSpec n = new NodeSpec();
    n.setAddress(address);
    n.setInterfaces(new ArrayList<>(interfaces));
    return n;
  }

  /** A DNS-1123 subdomain made of {@code text}: lower case, other characters as '-'. */
  static String objectName(String text) {
    String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    s = s.replaceAll("^[^a-z0-9]+", "").replaceAll("[^a-z0-9]+$", "");
    return s.isEmpty() ? "imported" : s.length() > 253 ? s.substring(0, 253) : s;
  }

  private void placeReservations() {
    for (Placed p : reservations) {
      String address = p.reservation().getAddress();
      SubnetSpec home = null;
      try {
        int a = Ipv4.parse(address);
        for (SubnetSpec s : subnets) {
          if (Prefix.parse(s.getSubnet()).contains(a)) {
            home = s;
            break;
          }
        }
      } catch (IllegalArgumentException e) {
        note(p.line(), p.where() + ": '" + address + "' is no IPv4 address: not reserved");
        continue;
      }
      if (home == null) {
        note(p.line(), p.where() + ": " + address + " lies in no translated subnet: not reserved");
        continue;
      }
      String hw = p.reservation().getHardwareAddress();
      String id = p.reservation().getClientId();
      boolean duplicate =
          home.getReservations().stream()
              .anyMatch(r -> r.getAddress().equals(address)
                  || (hw != null && hw.equalsIgnoreCase(r.getHardwareAddress()))
                  || (id != null && id.equalsIgnoreCase(r.getClientId())));
      if (duplicate) {
        note(p.line(), p.where() + ": a reservation for the same address or client came first:"
            + " not reserved again");
        continue;
      }
      ReservationSpec r = p.reservation();
      if (java.util.Objects.equals(r.getNextServer(), home.getNextServer())) {
        r.setNextServer(null);
      }
      if (java.util.Objects.equals(r.getBootFileName(), home.getBootFileName())) {
        r.setBootFileName(null);
      }
      if (java.util.Objects.equals(r.getTftpServerName(), home.getTftpServerName())) {
        r.setTftpServerName(null);
      }
      home.getReservations().add(r);
    }
  }

  /** Splits the subnet's ranges around addresses the validator keeps out of them. */
  private void carve(SubnetSpec s, String primary, String secondary) {
    List<String[]> holes = new ArrayList<>();
    for (ReservationSpec r : s.getReservations()) {
      holes.add(new String[] {r.getAddress(), "reserved for " + (r.getHardwareAddress() != null ? r.getHardwareAddress() : r.getClientId())});
    }
    for (String r : s.getRouters()) {
      holes.add(new String[] {r, "a router"});
    }
    if (primary != null) {
      holes.add(new String[] {primary, "spec.primary.address"});
    }
    if (secondary != null) {
      holes.add(new String[] {secondary, "spec.secondary.address"});
    }
    for (String[] hole : holes) {
      int a;
      try {
        a = Ipv4.parse(hole[0]);
      } catch (IllegalArgumentException e) {
        continue;
      }
      s.setRanges(split(s.getRanges(), a, s.getSubnet() + ": range ", hole));
      List<PoolSpec> pools = new ArrayList<>();
      for (PoolSpec pool : s.getPools()) {
        for (String range : split(List.of(pool.getRange()), a, s.getSubnet() + ": pool ", hole)) {
          PoolSpec copy = JSON.convertValue(pool, PoolSpec.class);
          copy.setRange(range);
          pools.add(copy);
        }
      }
      s.setPools(pools);
    }
  }

  /** The ranges with address {@code a} taken out, each split that held it noted. */
  private List<String> split(List<String> ranges, int a, String what, String[] hole) {
    List<String> next = new ArrayList<>();
    for (String text : ranges) {
      AddressRange r;
      try {
        r = AddressRange.parse(text);
      } catch (IllegalArgumentException e) {
        next.add(text);
        continue;
      }
      if (!r.contains(a)) {
        next.add(text);
        continue;
      }
      note(0, "subnet " + what + text + " holds " + hole[0] + " (" + hole[1] + "), which the pair"
          + " file keeps out of dynamic ranges: it is split around it");
      if (Integer.compareUnsigned(r.first(), a) < 0) {
        next.add(Ipv4.format(r.first()) + "-" + Ipv4.format(a - 1));
      }
      if (Integer.compareUnsigned(a, r.last()) < 0) {
        next.add(Ipv4.format(a + 1) + "-" + Ipv4.format(r.last()));
      }
    }
    return next;
  }
}
