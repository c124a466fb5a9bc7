package io.dhcpfailover.node.config;

import java.util.Locale;

/** The part a node plays in its pair. */
public enum Role {
  /** Serves from {@code spec.primary}; its partner is {@code spec.secondary}. */
  PRIMARY,
  /** Serves from {@code spec.secondary}; its partner is {@code spec.primary}. */
  SECONDARY,
  /** Serves alone from {@code spec.primary}'s address and interfaces, with no partner. */
  STANDALONE;

  /** The spec field this role serves from: {@code primary} or {@code secondary}. */
  public String specField() {
    return this == SECONDARY ? "secondary" : "primary";
  }

  /** Whether this role has a failover partner. */
  public boolean hasPeer() {
    return this != STANDALONE;
  }

  /**
   * Parses a role as given on the command line ({@code primary}, {@code secondary}, {@code
   * standalone}; case does not matter).
   *
   * @throws IllegalArgumentException naming the text and the choices
   */
  public static Role parse(String text) {
    if (text != null) {
      for (Role r : values()) {
        if (r.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
          return r;
        }
      }
    }
    throw new IllegalArgumentException(
        "'" + text + "' is no role; expected primary, secondary or standalone");
  }

  /** The lower-case name used on the command line and in status. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
