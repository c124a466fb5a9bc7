package io.dhcpfailover.operator.upgrade;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.FailoverState;
import io.dhcpfailover.api.v1alpha1.NodeStatus;
import io.dhcpfailover.api.v1alpha1.Role;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The failover states the two nodes last published in {@code status.primary} and {@code
 * status.secondary}.
 *
 * @param primary the primary's entry
 * @param secondary the secondary's entry
 */
public record NodeStates(NodeState primary, NodeState secondary) {

  /**
   * One node's report.
   *
   * @param state failover state, or null when the node reported none
   * @param reportedAt when the node last wrote its entry, or null when unknown
   */
  public record NodeState(FailoverState state, Instant reportedAt) {
    /** A node that reported nothing. */
    public static final NodeState NONE = new NodeState(null, null);

    /** True when the node reports NORMAL. */
    public boolean normal() {
      return state == FailoverState.NORMAL;
    }

    /** True when the node reports PARTNER-DOWN: it serves every client on its own. */
    public boolean partnerDown() {
      return state == FailoverState.PARTNER_DOWN;
    }
  }

  /** Both nodes in the given states, with unknown report times (for tests and tools). */
  public static NodeStates of(FailoverState primary, FailoverState secondary) {
    return new NodeStates(new NodeState(primary, null), new NodeState(secondary, null));
  }

  /** The states found in the pair's status. */
  public static NodeStates of(DhcpFailoverPair pair) {
    if (pair.getStatus() == null) {
      return new NodeStates(NodeState.NONE, NodeState.NONE);
    }
    return new NodeStates(
        from(pair.getStatus().getPrimary()), from(pair.getStatus().getSecondary()));
  }

  /** The entry of one role. */
  public NodeState get(Role role) {
    return role == Role.PRIMARY ? primary : secondary;
  }

  private static NodeState from(NodeStatus node) {
    if (node == null || node.getState() == null) {
      return NodeState.NONE;
    }
    Instant updated = instant(node.getUpdated());
    Instant since = instant(node.getSince());
    Instant at = updated == null ? since : since == null || updated.isAfter(since) ? updated : since;
    return new NodeState(node.getState(), at);
  }

  static Instant instant(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
