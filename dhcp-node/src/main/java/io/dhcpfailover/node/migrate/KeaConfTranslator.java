package io.dhcpfailover.node.migrate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.dhcpfailover.api.v1alpha1.PoolSpec;
import io.dhcpfailover.api.v1alpha1.ReservationSpec;
import io.dhcpfailover.api.v1alpha1.SubnetSpec;
import io.dhcpfailover.api.validation.Ipv4;
import io.dhcpfailover.api.validation.Prefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates a Kea DHCPv4 configuration ({@code kea-dhcp4.conf}, JSON with {@code //}, {@code #}
 * and C comments) into a pair file: {@code subnet4} (also inside {@code shared-networks}) with
 * {@code pools}, {@code option-data}, lifetimes, timers, boot fields and {@code reservations}
 * (subnet and global), {@code interfaces-config}, and the parameters of the High Availability hook
 * ({@code libdhcp_ha.so}): mode, this server's and its partner's address from the peers' URLs,
 * {@code max-response-delay}. Every other key is reported with its JSON path; a few keys with no
 * meaning for the pair file (logging, control socket, lease database) are named once.
 *
 * <p>Kea's subnet {@code id}s are kept in {@link #subnetIds()} so that the memfile's
 * {@code subnet_id} column can be checked against the subnets.
 */
public final class KeaConfTranslator {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonParser.Feature.ALLOW_COMMENTS)
          .enable(JsonParser.Feature.ALLOW_YAML_COMMENTS)
          .build();

  /** Keys that only say how Kea itself runs: named once as not translated, never an error. */
  private static final Set<String> RUNTIME =
      Set.of("lease-database", "hosts-database", "hosts-databases", "control-socket", "loggers",
          "expired-leases-processing", "dhcp-ddns", "sanity-checks", "multi-threading",
          "server-tag", "config-control", "dhcp-queue-control", "decline-probation-period",
          "echo-client-id", "match-client-id", "authoritative", "calculate-tee-times",
          "t1-percent", "t2-percent", "reservation-mode", "reservations-global",
          "reservations-in-subnet", "reservations-out-of-pool", "host-reservation-identifiers",
          "statistic-default-sample-count", "statistic-default-sample-age", "parked-packet-limit",
          "cache-threshold", "cache-max-age", "early-global-reservations-lookup",
          "ip-reservations-unique", "reservations-lookup-first", "compatibility",
          "store-extended-info", "lease-checks");

  private final PairDraft draft = new PairDraft();
  private final Map<Long, String> subnetIds = new HashMap<>();
  private final KeaOptionTranslator options = new KeaOptionTranslator(draft);
  private final KeaClassTranslator classes =
      new KeaClassTranslator(draft, options::byName, this::parameter);

  private KeaConfTranslator() {}

  /** Translates {@code text}, a Kea DHCPv4 configuration. */
  public static ImportResult translate(String text, ImportSettings settings) {
    return translateWithIds(text, settings).result();
  }

  /**
   * The translation and Kea's subnet ids (id to the subnet's CIDR), for reading a memfile.
   *
   * @param result the translation
   * @param subnetIds Kea's {@code id} of each translated subnet
   */
  public record Translation(ImportResult result, Map<Long, String> subnetIds) {}

  /** Like {@link #translate}, keeping the subnet ids. */
  public static Translation translateWithIds(String text, ImportSettings settings) {
    KeaConfTranslator t = new KeaConfTranslator();
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return new Translation(
          new ImportResult(null, List.of(), List.of("not a Kea configuration: " + e.getOriginalMessage()
              + " (line " + e.getLocation().getLineNr() + ")")), Map.of());
    }
    if (text.contains("<?include")) {
      t.draft.note(0, "<?include ...?> directives are not followed: import a configuration with the"
          + " included files expanded");
    }
    JsonNode dhcp4 = root == null ? null : root.get("Dhcp4");
    if (dhcp4 == null || !dhcp4.isObject()) {
      return new Translation(
          new ImportResult(null, List.of(), List.of("not a Kea DHCPv4 configuration: no Dhcp4 object")),
          Map.of());
    }
    t.dhcp4(dhcp4);
    return new Translation(t.draft.finish(settings), Map.copyOf(t.subnetIds));
  }

  /** Kea's subnet ids of the last translation. */
  Map<Long, String> subnetIds() {
    return subnetIds;
  }

  private void dhcp4(JsonNode d) {
    SubnetSpec global = new SubnetSpec();
    List<String> runtime = new ArrayList<>();
    // parameters first: they apply to every subnet, wherever they are written
    Iterator<Map.Entry<String, JsonNode>> fields = d.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String key = f.getKey();
      String path = "Dhcp4." + key;
      switch (key) {
        case "subnet4", "shared-networks", "reservations" -> { }
        case "interfaces-config" -> interfaces(f.getValue(), path);
        case "hooks-libraries" -> new KeaHaTranslator(draft).hooks(f.getValue(), path);
        case "option-def" -> options.definitions(f.getValue(), path);
        case "client-classes" -> classes.declare(f.getValue(), path);
        default -> {
          if (RUNTIME.contains(key)) {
            runtime.add(key);
          } else {
            parameter(key, f.getValue(), global, path);
          }
        }
      }
    }
    if (!runtime.isEmpty()) {
      draft.note(0, "Dhcp4: " + String.join(", ", runtime) + " not translated (how Kea runs; the"
          + " node has its own settings or behaviour for these)");
    }
    for (JsonNode s : iterable(d.get("subnet4"))) {
      subnet(s, global, "Dhcp4.subnet4[" + s.path("id").asText("?") + "]");
    }
    int n = 0;
    for (JsonNode net : iterable(d.get("shared-networks"))) {
      String path = "Dhcp4.shared-networks[" + n++ + "]";
      draft.note(0, path + " (" + net.path("name").asText() + "): its subnets become separate"
          + " subnets of the pair file (no pool is shared across them)");
      SubnetSpec scope = copy(global);
      Iterator<Map.Entry<String, JsonNode>> nf = net.fields();
      while (nf.hasNext()) {
        Map.Entry<String, JsonNode> f = nf.next();
        if (!f.getKey().equals("subnet4") && !f.getKey().equals("name") && !f.getKey().equals("interface")) {
          parameter(f.getKey(), f.getValue(), scope, path + "." + f.getKey());
        }
      }
      for (JsonNode s : iterable(net.get("subnet4"))) {
        subnet(s, scope, path + ".subnet4[" + s.path("id").asText("?") + "]");
      }
    }
    int r = 0;
    for (JsonNode res : iterable(d.get("reservations"))) {
      reservation(res, "Dhcp4.reservations[" + r++ + "]");
    }
  }

  private static Iterable<JsonNode> iterable(JsonNode array) {
    return array != null && array.isArray() ? array : List.of();
  }

  private static SubnetSpec copy(SubnetSpec s) {
    return JSON.convertValue(s, SubnetSpec.class);
  }

  /** A parameter of the global, shared-network or subnet scope. */
  private void parameter(String key, JsonNode v, SubnetSpec target, String path) {
    try {
      switch (key) {
        case "valid-lifetime" -> target.setLeaseTime(Durations.format(seconds(v)));
        case "renew-timer" -> target.setRenewalTime(Durations.format(seconds(v)));
        case "rebind-timer" -> target.setRebindingTime(Durations.format(seconds(v)));
        case "min-valid-lifetime", "max-valid-lifetime" ->
            draft.note(0, path + " not translated: the node gives every client valid-lifetime,"
                + " whatever lease time it asks for");
        case "option-data" -> {
          int i = 0;
          for (JsonNode o : iterable(v)) {
            options.translate(o, target, path + "[" + i++ + "]");
          }
        }
        case "next-server" -> {
          if (!v.asText().equals("0.0.0.0")) {
            target.setNextServer(OptionCatalog.address(v.asText()));
          }
        }
        case "boot-file-name" -> target.setBootFileName(emptyToNull(v.asText()));
        case "server-hostname" -> target.setTftpServerName(emptyToNull(v.asText()));
        case "comment", "user-context" -> { }
        default -> draft.note(0, path + " not translated");
      }
    } catch (IllegalArgumentException e) {
      draft.note(0, path + " not translated: " + e.getMessage());
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static long seconds(JsonNode v) {
    if (!v.canConvertToLong() || v.asLong() < 0) {
      throw new IllegalArgumentException("a number of seconds was expected");
    }
    return v.asLong();
  }

  private void subnet(JsonNode s, SubnetSpec outer, String path) {
    SubnetSpec subnet = copy(outer);
    subnet.setReservations(new ArrayList<>());
    String cidr = s.path("subnet").asText("");
    try {
      Prefix p = Prefix.parse(cidr);
      subnet.setSubnet(p.toString());
    } catch (IllegalArgumentException e) {
      draft.note(0, path + ": subnet '" + cidr + "' is no IPv4 prefix: left out");
      return;
    }
    List<String> ranges = new ArrayList<>();
    List<PoolSpec> pools = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = s.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String p = path + "." + f.getKey();
      switch (f.getKey()) {
        case "id", "subnet" -> { }
        case "pools" -> {
          int i = 0;
          for (JsonNode pool : iterable(f.getValue())) {
            pool(pool, ranges, pools, p + "[" + i++ + "]");
          }
        }
        case "reservations" -> {
          int i = 0;
          for (JsonNode r : iterable(f.getValue())) {
            reservation(r, p + "[" + i++ + "]");
          }
        }
        case "interface" -> draft.interfaces.add(f.getValue().asText());
        case "relay" -> draft.note(0, p + " not translated: the node chooses a relayed client's"
            + " subnet by giaddr inside the subnet");
        case "client-class", "require-client-classes", "evaluate-additional-classes" ->
            draft.note(0, p + " not translated: a subnet of the pair file serves every client"
                + " (restrict its pools instead)");
        default -> parameter(f.getKey(), f.getValue(), subnet, p);
      }
    }
    subnet.setRanges(ranges);
    subnet.setPools(pools);
    if (s.has("id")) {
      subnetIds.put(s.get("id").asLong(), subnet.getSubnet());
    }
    draft.subnets.add(subnet);
  }

  /**
   * One pool: its range open to every client, or, when it names classes ({@code client-class},
   * {@code client-classes}) or sets options or boot fields, a pool of the pair file.
   */
  private void pool(JsonNode pool, List<String> ranges, List<PoolSpec> pools, String path) {
    String text = pool.path("pool").asText("").trim();
    List<String> names = new ArrayList<>();
    SubnetSpec settings = new SubnetSpec();
    boolean hasSettings = false;
    Iterator<Map.Entry<String, JsonNode>> fields = pool.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String k = f.getKey();
      switch (k) {
        case "pool", "comment", "user-context" -> { }
        case "client-class" -> names.add(f.getValue().asText());
        case "client-classes" -> f.getValue().forEach(n -> names.add(n.asText()));
        case "option-data", "next-server", "boot-file-name", "server-hostname" -> {
          parameter(k, f.getValue(), settings, path + "." + k);
          hasSettings = true;
        }
        default -> draft.note(0, path + "." + k + " not translated: a pool of the pair file has"
            + " classes, options and boot fields (the range is kept)");
      }
    }
    if (ScopeSettings.hasMore(settings)) {
      draft.note(0, path + ": " + ScopeSettings.LEFT_OVER);
    }
    List<String> allowed = new ArrayList<>();
    for (String n : names) {
      if (classes.name(n) == null) {
        draft.note(0, path + ": client class '" + n + "' is not translated: the pool is open to"
            + " every client");
      } else {
        allowed.add(classes.name(n));
      }
    }
    List<String> own = new ArrayList<>();
    try {
      if (text.contains("/")) {
        Prefix p = Prefix.parse(text);
        own.add(Ipv4.format(p.first()) + "-" + Ipv4.format(p.last()));
      } else {
        int dash = text.indexOf('-');
        if (dash < 0) {
          throw new IllegalArgumentException("no range");
        }
        int a = Ipv4.parse(text.substring(0, dash).trim());
        int b = Ipv4.parse(text.substring(dash + 1).trim());
        own.add(Ipv4.format(a) + "-" + Ipv4.format(b));
      }
    } catch (IllegalArgumentException e) {
      draft.note(0, path + ": pool '" + text + "' is neither FIRST - LAST nor a prefix: left out");
    }
    if (allowed.isEmpty() && !hasSettings) {
      ranges.addAll(own);
      return;
    }
    for (String range : own) {
      PoolSpec p = new PoolSpec();
      p.setRange(range);
      p.setClasses(allowed.isEmpty() ? null : allowed);
      p.setOptions(settings.getOptions());
      ScopeSettings.copyBoot(settings, p);
      pools.add(p);
    }
  }

  private void reservation(JsonNode r, String path) {
    ReservationSpec spec = new ReservationSpec();
    String where = path;
    Iterator<Map.Entry<String, JsonNode>> fields = r.fields();
    try {
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        String v = f.getValue().asText();
        switch (f.getKey()) {
          case "hw-address" -> spec.setHardwareAddress(IscHostTranslator.mac(v));
          case "client-id" -> spec.setClientId(OptionCatalog.hex(v));
          case "ip-address" -> spec.setAddress(v);
          case "hostname" -> spec.setHostname(emptyToNull(v));
          case "next-server" -> spec.setNextServer(v.equals("0.0.0.0") ? null : OptionCatalog.address(v));
          case "boot-file-name" -> spec.setBootFileName(emptyToNull(v));
          case "server-hostname" -> spec.setTftpServerName(emptyToNull(v));
          case "comment", "user-context" -> { }
          default -> draft.note(0, path + "." + f.getKey() + " not translated: a reservation"
              + " carries only the client, the address, a host name and boot settings");
        }
      }
    } catch (IllegalArgumentException e) {
      draft.note(0, path + " not translated: " + e.getMessage());
      return;
    }
    if (spec.getAddress() == null) {
      draft.note(0, path + " has no ip-address: not translated (the pair file reserves addresses"
          + " only)");
      return;
    }
    if (spec.getHardwareAddress() == null && spec.getClientId() == null) {
      draft.note(0, path + " names the client neither by hw-address nor by client-id: not"
          + " translated");
      return;
    }
    draft.reservations.add(new PairDraft.Placed(0, where, spec));
  }

  private void interfaces(JsonNode cfg, String path) {
    for (JsonNode i : iterable(cfg.get("interfaces"))) {
      String text = i.asText();
      if (text.equals("*")) {
        draft.note(0, path + ".interfaces: '*' (every interface) not translated: name the"
            + " interfaces with --interface");
        continue;
      }
      int slash = text.indexOf('/');
      if (slash > 0) {
        String address = text.substring(slash + 1);
        if (draft.primaryAddress == null) {
          draft.primaryAddress = address;
        }
        text = text.substring(0, slash);
      }
      draft.interfaces.add(text);
    }
  }
}
