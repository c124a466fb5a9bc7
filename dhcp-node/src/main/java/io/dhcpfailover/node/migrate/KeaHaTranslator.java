package io.dhcpfailover.node.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.api.validation.Ipv4;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Kea's High Availability hook ({@code libdhcp_ha.so}): the mode and the two servers' addresses
 * from the peers' URLs, and {@code max-response-delay}; its other timers are reported.
 */
final class KeaHaTranslator {
  private final PairDraft draft;

  KeaHaTranslator(PairDraft draft) {
    this.draft = draft;
  }

  private static Iterable<JsonNode> iterable(JsonNode array) {
    return array != null && array.isArray() ? array : List.of();
  }

  /** {@code hooks-libraries}: the HA hook is translated, the lease commands hook ignored. */
  void hooks(JsonNode hooks, String path) {
    int i = 0;
    for (JsonNode h : iterable(hooks)) {
      String p = path + "[" + i++ + "]";
      String library = h.path("library").asText();
      if (library.endsWith("libdhcp_ha.so")) {
        ha(h.path("parameters").path("high-availability"), p + ".parameters.high-availability");
      } else if (!library.endsWith("libdhcp_lease_cmds.so")) {
        draft.note(0, p + " (" + library + ") not translated: hook libraries have no counterpart");
      }
    }
  }

  /** The High Availability hook: hot-standby or load-balancing between a primary and a partner. */
  private void ha(JsonNode array, String path) {
    if (!array.isArray() || array.isEmpty()) {
      draft.note(0, path + " missing: the HA hook is not translated");
      return;
    }
    if (array.size() > 1) {
      draft.note(0, path + ": " + array.size() + " relationships; the first is translated");
    }
    JsonNode ha = array.get(0);
    String mode = ha.path("mode").asText("");
    switch (mode) {
      case "hot-standby" -> draft.spec.setMode(Mode.HOT_STANDBY);
      case "load-balancing" -> {
        draft.spec.setMode(Mode.LOAD_BALANCE);
        draft.spec.setSplit(128);
      }
      default -> draft.note(0, path + "[0].mode '" + mode + "' not translated: the pair has"
          + " HotStandby and LoadBalance only (written as HotStandby)");
    }
    String primary = null;
    String secondary = null;
    int n = 0;
    for (JsonNode peer : iterable(ha.get("peers"))) {
      String p = path + "[0].peers[" + n++ + "]";
      String role = peer.path("role").asText();
      String host;
      try {
        host = URI.create(peer.path("url").asText()).getHost();
        Ipv4.parse(host);
      } catch (IllegalArgumentException | NullPointerException e) {
        draft.note(0, p + ".url '" + peer.path("url").asText() + "' names no IPv4 address: the"
            + " node's address must be given with --address / --secondary-address");
        continue;
      }
      switch (role) {
        case "primary" -> primary = host;
        case "secondary", "standby" -> secondary = host;
        default -> draft.note(0, p + " (role " + role + ") not translated: a pair has a primary and"
            + " a secondary only");
      }
    }
    if (primary != null && secondary != null) {
      draft.primaryAddress = primary;
      draft.secondaryAddress = secondary;
    }
    if (ha.has("max-response-delay")) {
      long ms = ha.get("max-response-delay").asLong();
      draft.spec.setMaxResponseDelay(Durations.format(Math.max(1, (ms + 999) / 1000)));
    }
    List<String> skipped = new ArrayList<>();
    Iterator<String> keys = ha.fieldNames();
    while (keys.hasNext()) {
      String k = keys.next();
      if (!Set.of("mode", "peers", "this-server-name", "max-response-delay").contains(k)) {
        skipped.add(k);
      }
    }
    if (!skipped.isEmpty()) {
      draft.note(0, path + "[0]: " + String.join(", ", skipped) + " not translated: the pair"
          + " speaks the DHCP failover protocol, not Kea's HA; its timers are mclt ("
          + draft.spec.getMclt() + "), maxResponseDelay and maxUnackedUpdates");
    }
    draft.note(0, path + ": Kea's HA protocol and the pair's failover protocol do not talk to each"
        + " other: replace both Kea servers, not one");
  }
}
