package io.dhcpfailover.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code kubectl dfp status}: one screen with both nodes side by side (as each node reports itself
 * on {@code /status}, or as the pair's status last recorded it when a node cannot be reached), the
 * pools of each subnet, the upgrade step, the conditions and the pair's recent events.
 */
final class StatusView {
  static final List<String> ROLES = List.of("primary", "secondary");
  static final int EVENTS = 10;

  /**
   * What one node said.
   *
   * @param pod its pod's name
   * @param status its {@code /status} document, or null when it could not be had
   * @param error why not (null when {@code status} is there)
   * @param fallback the node's entry in the pair's status ({@code status.primary}), shown instead
   */
  record Node(String pod, JsonNode status, String error, JsonNode fallback) {}

  private StatusView() {}

  static String render(JsonNode pair, List<Node> nodes, List<JsonNode> events, Instant now) {
    StringBuilder out = new StringBuilder();
    JsonNode meta = pair.path("metadata");
    JsonNode st = pair.path("status");
    out.append("DhcpFailoverPair ").append(meta.path("namespace").asText()).append('/')
        .append(meta.path("name").asText()).append("  mode ").append(pair.path("spec").path("mode").asText("-"))
        .append("  phase ").append(st.path("phase").asText("-"))
        .append("  image ").append(pair.path("spec").path("image").asText("-")).append("\n\n");

    List<String[]> rows = Text.rows();
    String[] head = new String[nodes.size() + 1];
    head[0] = "";
    for (int i = 0; i < nodes.size(); i++) {
      head[i + 1] = ROLES.get(i).toUpperCase() + " (" + nodes.get(i).pod() + ")";
    }
    rows.add(head);
    row(rows, nodes, "state", (n, s) -> s.path("state").asText("-")
        + (s.has("since") ? " since " + Text.when(s.path("since").asText(), now) : ""));
    row(rows, nodes, "partner state", (n, s) -> s.path("partnerState").asText("-"));
    row(rows, nodes, "partner link", (n, s) -> s.path("link").asText("-")
        + (s.has("partner") ? " to " + s.path("partner").asText() : ""));
    row(rows, nodes, "last contact", (n, s) -> Text.age(s.path("lastContact").asText(""), now));
    row(rows, nodes, "unacked updates", (n, s) -> s.has("unackedUpdates")
        ? s.path("unackedUpdates").asText() + " (queued " + s.path("queuedUpdates").asText("0") + ")"
        : "-");
    row(rows, nodes, "serving", (n, s) -> s.has("serving") ? s.path("serving").asText() : "-");
    row(rows, nodes, "version", (n, s) -> s.path("version").asText("-"));
    row(rows, nodes, "config", (n, s) -> s.path("configStatus").asText("-")
        + (s.has("configError") ? ": " + s.path("configError").asText() : ""));
    if (nodes.stream().anyMatch(n -> n.status() != null && n.status().has("recoverWaitEnds"))) {
      row(rows, nodes, "recover-wait ends", (n, s) -> Text.when(s.path("recoverWaitEnds").asText(""), now));
    }
    row(rows, nodes, "reported by", (n, s) -> n.status() != null ? "the node (/status)"
        : "the pair's status; node unreachable: " + n.error());
    out.append(Text.columns(rows)).append('\n');

    out.append(pools(nodes)).append('\n');
    out.append(upgrade(st.path("upgrade"), now)).append('\n');
    out.append(conditions(st.path("conditions"), now)).append('\n');
    out.append(events(events, now));
    return out.toString();
  }

  private interface Cell {
    String of(Node node, JsonNode status);
  }

  private static void row(List<String[]> rows, List<Node> nodes, String label, Cell cell) {
    String[] r = new String[nodes.size() + 1];
    r[0] = label;
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      JsonNode s = n.status() != null ? n.status() : n.fallback();
      r[i + 1] = cell.of(n, s == null ? MissingNode.getInstance() : s);
    }
    rows.add(r);
  }

  static String pools(List<Node> nodes) {
    List<String[]> rows = Text.rows();
    rows.add(new String[] {"POOLS", "node", "free", "backup", "active", "expired", "abandoned", "size",
        "new-client reserve"});
    Set<String> subnets = new LinkedHashSet<>();
    for (Node n : nodes) {
      if (n.status() != null) {
        n.status().path("subnets").forEach(s -> subnets.add(s.path("subnet").asText()));
      }
    }
    for (String subnet : subnets) {
      boolean first = true;
      for (int i = 0; i < nodes.size(); i++) {
        JsonNode s = find(nodes.get(i).status(), subnet);
        if (s == null) {
          continue;
        }
        rows.add(new String[] {first ? subnet : "", ROLES.get(i), s.path("free").asText(),
            s.path("backup").asText(), s.path("active").asText(), s.path("expired").asText(),
            s.path("abandoned").asText(), s.path("size").asText(), reserve(s.path("newClientReserve"))});
        first = false;
      }
    }
    if (subnets.isEmpty()) {
      return "POOLS  no node answered; per-subnet counts come from the nodes themselves\n";
    }
    return Text.columns(rows);
  }

  /** The reserve's size, and "reached" when new clients must send again to be answered. */
  static String reserve(JsonNode r) {
    if (r.isMissingNode() || r.path("percent").asInt() == 0) {
      return r.isMissingNode() ? "-" : "off";
    }
    return r.path("addresses").asText() + (r.path("depleted").asBoolean() ? " reached" : "");
  }

  private static JsonNode find(JsonNode status, String subnet) {
    if (status == null) {
      return null;
    }
    for (JsonNode s : status.path("subnets")) {
      if (subnet.equals(s.path("subnet").asText())) {
        return s;
      }
    }
    return null;
  }

  static String upgrade(JsonNode u, Instant now) {
    if (u.isMissingNode() || u.isNull()) {
      return "UPGRADE  no roll yet\n";
    }
    StringBuilder out = new StringBuilder("UPGRADE  ").append(u.path("phase").asText("Idle"));
    if (u.has("node")) {
      out.append("  node ").append(u.path("node").asText());
    }
    if (u.has("reason")) {
      out.append("  (").append(u.path("reason").asText()).append(')');
    }
    if (u.has("since")) {
      out.append("  since ").append(Text.age(u.path("since").asText(), now));
    }
    if (u.has("deadline")) {
      out.append("  deadline ").append(Text.when(u.path("deadline").asText(), now));
    }
    out.append('\n');
    if (u.has("lastTo")) {
      out.append("         last roll ").append(u.path("lastFrom").asText("?")).append(" -> ")
          .append(u.path("lastTo").asText());
      if (u.has("lastCompleted")) {
        out.append(", finished ").append(Text.age(u.path("lastCompleted").asText(), now));
      }
      out.append('\n');
    }
    return out.toString();
  }

  static String conditions(JsonNode conditions, Instant now) {
    List<String[]> rows = Text.rows();
    rows.add(new String[] {"CONDITIONS", "status", "reason", "since", "message"});
    for (JsonNode c : conditions) {
      rows.add(new String[] {c.path("type").asText(), c.path("status").asText(),
          c.path("reason").asText(), Text.age(c.path("lastTransitionTime").asText(""), now),
          c.path("message").asText()});
    }
    return rows.size() == 1 ? "CONDITIONS  none yet\n" : Text.columns(rows);
  }

  static String events(List<JsonNode> events, Instant now) {
    if (events.isEmpty()) {
      return "EVENTS  none\n";
    }
    List<String[]> rows = Text.rows();
    rows.add(new String[] {"EVENTS (last " + EVENTS + ")", "type", "reason", "message"});
    for (JsonNode e : events.subList(Math.max(0, events.size() - EVENTS), events.size())) {
      String t = e.path("lastTimestamp").asText(e.path("eventTime").asText(""));
      String count = e.path("count").asInt(1) > 1 ? " (x" + e.path("count").asInt() + ")" : "";
      rows.add(new String[] {Text.age(t, now), e.path("type").asText(), e.path("reason").asText(),
          e.path("message").asText() + count});
    }
    return Text.columns(rows);
  }
}
