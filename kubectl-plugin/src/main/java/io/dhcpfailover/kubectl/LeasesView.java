package io.dhcpfailover.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code kubectl dfp leases}: the bindings both nodes hold for one MAC or address, side by side per
 * address, with the fields where the two nodes disagree (state, client, host name) named below
 * each block.
 */
final class LeasesView {
  /**
   * One node's answer to {@code GET /leases}.
   *
   * @param role primary or secondary
   * @param pod its pod's name
   * @param answer the node's JSON, or null
   * @param error why there is none (null with an answer)
   */
  record Answer(String role, String pod, JsonNode answer, String error) {}

  private static final String[][] FIELDS = {
    {"state", "state"}, {"mac", "mac"}, {"clientId", "client id"}, {"hostname", "hostname"},
    {"start", "start"}, {"expires", "expires"}, {"cltt", "client last seen"},
    {"petSent", "PET sent"}, {"petAcked", "PET acked"}, {"flags", "flags"},
  };

  /** Fields the two nodes must agree on; times differ by the seconds an update takes. */
  private static final java.util.Set<String> IDENTITY = java.util.Set.of("state", "mac", "clientId", "hostname");

  private LeasesView() {}

  static String render(String pair, String query, List<Answer> answers, Instant now) {
    StringBuilder out = new StringBuilder("Bindings for " + query + " in " + pair + "\n");
    // address -> role index -> lease
    Map<Long, JsonNode[]> byAddress = new TreeMap<>();
    Map<Long, String> names = new LinkedHashMap<>();
    for (int i = 0; i < answers.size(); i++) {
      JsonNode a = answers.get(i).answer();
      if (a == null) {
        continue;
      }
      for (JsonNode lease : a.path("leases")) {
        String address = lease.path("address").asText();
        long key = sortKey(address);
        names.put(key, address);
        byAddress.computeIfAbsent(key, k -> new JsonNode[answers.size()])[i] = lease;
      }
    }
    for (Answer a : answers) {
      if (a.answer() == null) {
        out.append(a.role()).append(" (").append(a.pod()).append("): ").append(a.error()).append('\n');
      }
    }
    if (byAddress.isEmpty()) {
      out.append("\nno binding for ").append(query).append(" on ")
          .append(answers.stream().allMatch(a -> a.answer() != null) ? "either node" : "the nodes that answered")
          .append('\n');
      return out.toString();
    }
    for (Map.Entry<Long, JsonNode[]> e : byAddress.entrySet()) {
      out.append('\n');
      List<String[]> rows = Text.rows();
      String[] head = new String[answers.size() + 1];
      head[0] = names.get(e.getKey());
      for (int i = 0; i < answers.size(); i++) {
        head[i + 1] = answers.get(i).role().toUpperCase() + " (" + answers.get(i).pod() + ")";
      }
      rows.add(head);
      List<String> differ = new ArrayList<>();
      for (String[] f : FIELDS) {
        String[] r = new String[answers.size() + 1];
        r[0] = f[1];
        for (int i = 0; i < answers.size(); i++) {
          r[i + 1] = cell(answers.get(i), e.getValue()[i], f[0], now);
        }
        rows.add(r);
        if (answers.size() == 2 && e.getValue()[0] != null && e.getValue()[1] != null
            && !r[1].equals(r[2]) && IDENTITY.contains(f[0])) {
          differ.add(f[1]);
        }
      }
      out.append(Text.columns(rows));
      if (!differ.isEmpty()) {
        out.append("the nodes disagree on: ").append(String.join(", ", differ))
            .append(" (an update not yet sent or acknowledged, or one node serving alone)\n");
      }
    }
    return out.toString();
  }

  private static String cell(Answer a, JsonNode lease, String field, Instant now) {
    if (a.answer() == null) {
      return field.equals("state") ? "(no answer)" : "";
    }
    if (lease == null) {
      return field.equals("state") ? "(no binding)" : "";
    }
    JsonNode v = lease.path(field);
    if (field.equals("flags")) {
      List<String> flags = new ArrayList<>();
      v.forEach(x -> flags.add(x.asText()));
      return flags.isEmpty() ? "-" : String.join(",", flags);
    }
    if (v.isMissingNode() || v.isNull()) {
      return "-";
    }
    return switch (field) {
      case "start", "expires", "cltt", "petSent", "petAcked" -> Text.when(v.asText(), now);
      default -> v.asText();
    };
  }

  private static long sortKey(String address) {
    String[] p = address.split("\\.");
    if (p.length != 4) {
      return Long.MAX_VALUE - address.hashCode();
    }
    long key = 0;
    for (String octet : p) {
      try {
        key = key * 256 + Integer.parseInt(octet);
      } catch (NumberFormatException e) {
        return Long.MAX_VALUE - address.hashCode();
      }
    }
    return key;
  }
}
