package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Locale;

/**
 * The part a node plays in its pair: on the command line ({@code --role}), in the failover
 * protocol (draft-ietf-dhc-failover-12 §5.1), in resource names and labels, and as the key of its
 * status entry. Written in lower case everywhere ({@code primary}, {@code secondary}, {@code
 * standalone}).
 */
public enum Role {
  /** Serves from {@code spec.primary}; its partner is {@code spec.secondary}. */
  @JsonProperty("primary")
  PRIMARY,
  /** Serves from {@code spec.secondary}; its partner is {@code spec.primary}. */
  @JsonProperty("secondary")
  SECONDARY,
  /** Serves alone from {@code spec.primary}'s address and interfaces, with no partner. */
  @JsonProperty("standalone")
  STANDALONE;

  /** The two roles of a failover pair, primary first; each runs as its own StatefulSet. */
  public static final List<Role> PAIR = List.of(PRIMARY, SECONDARY);

  /** The role as written in names, labels, status keys and the node's {@code --role}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The spec field this role serves from: {@code primary} or {@code secondary}. */
  public String specField() {
    return this == SECONDARY ? "secondary" : "primary";
  }

  /** Whether this role has a failover partner. */
  public boolean hasPeer() {
    return this != STANDALONE;
  }

  /**
   * The other role of the pair.
   *
   * @throws IllegalStateException for {@link #STANDALONE}, which has no partner
   */
  public Role partner() {
    return switch (this) {
      case PRIMARY -> SECONDARY;
      case SECONDARY -> PRIMARY;
      case STANDALONE -> throw new IllegalStateException("a standalone node has no partner");
    };
  }

  /** This role's entry in the spec ({@code spec.primary} for a standalone node). */
  public NodeSpec nodeSpec(DhcpFailoverPairSpec spec) {
    return this == SECONDARY ? spec.getSecondary() : spec.getPrimary();
  }

  /** What this role's node reported in the pair's status, or null. */
  public NodeStatus nodeStatus(DhcpFailoverPairStatus status) {
    if (status == null) {
      return null;
    }
    return this == SECONDARY ? status.getSecondary() : status.getPrimary();
  }

  /**
   * Parses a role as written ({@code primary}, {@code secondary}, {@code standalone}; case does
   * not matter).
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

  /** The lower-case name, as {@link #id()}. */
  @Override
  public String toString() {
    return id();
  }
}
