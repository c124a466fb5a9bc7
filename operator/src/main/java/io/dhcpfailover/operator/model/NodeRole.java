package io.dhcpfailover.operator.model;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairSpec;
import io.dhcpfailover.api.v1alpha1.NodeSpec;
import java.util.Locale;

/** The two roles of a pair; each runs as its own StatefulSet. */
public enum NodeRole {
  PRIMARY,
  SECONDARY;

  /** The role as it appears in names, labels and the node's {@code --role} argument. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The other role of the pair. */
  public NodeRole partner() {
    return this == PRIMARY ? SECONDARY : PRIMARY;
  }

  /** This role's entry in the spec. */
  public NodeSpec nodeSpec(DhcpFailoverPairSpec spec) {
    return this == PRIMARY ? spec.getPrimary() : spec.getSecondary();
  }
}
