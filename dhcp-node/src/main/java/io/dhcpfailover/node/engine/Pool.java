package io.dhcpfailover.node.engine;

import java.util.Set;

/**
 * A dynamic range with settings of its own: who may get its addresses and what they are told.
 *
 * @param first the first address
 * @param last the last address (inclusive)
 * @param classes only members of one of these classes get its addresses; null: any client
 * @param notClasses members of any of these classes get none of its addresses; null: none barred
 * @param parameters the options and network-boot fields for the clients it serves
 */
public record Pool(
    int first, int last, Set<String> classes, Set<String> notClasses, Parameters parameters) {

  /** Copies the sets. */
  public Pool {
    classes = classes == null ? null : Set.copyOf(classes);
    notClasses = notClasses == null ? null : Set.copyOf(notClasses);
    parameters = parameters == null ? Parameters.NONE : parameters;
  }

  /** Whether a client in the classes {@code memberOf} may get an address of this pool. */
  public boolean admits(Set<String> memberOf) {
    if (classes != null && classes.stream().noneMatch(memberOf::contains)) {
      return false;
    }
    return notClasses == null || notClasses.stream().noneMatch(memberOf::contains);
  }
}
