package io.dhcpfailover.node.failover;

import io.dhcpfailover.node.codec.failover.ServerState;
import java.util.List;

/**
 * The outcome of one event given to {@link FailoverStateMachine}: the local state before and after
 * and the actions to perform, in order.
 */
public record Transition(ServerState from, ServerState to, List<FailoverAction> actions) {

  public Transition {
    actions = List.copyOf(actions);
  }

  public boolean changed() {
    return from != to;
  }

  /** Whether an action of this class is among the actions. */
  public boolean has(Class<? extends FailoverAction> kind) {
    return actions.stream().anyMatch(kind::isInstance);
  }

  /** The actions of this class, in order. */
  public <T extends FailoverAction> List<T> all(Class<T> kind) {
    return actions.stream().filter(kind::isInstance).map(kind::cast).toList();
  }
}
