package io.dhcpfailover.node.config;

import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.api.validation.ConfigError;
import io.dhcpfailover.api.validation.PairValidator;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.NodeSpec;
import io.dhcpfailover.node.util.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The checks only the host a node runs on can make: the address the role serves from is configured
 * on one of its interfaces, and every interface the role listens on exists. Run after {@link
 * PairValidator}; fields that are invalid anyway are skipped.
 */
public final class LocalAddressCheck {
  private LocalAddressCheck() {}

  /** Checks the node spec {@code role} serves from against {@code ifaces}; empty when fine. */
  public static List<ConfigError> check(DhcpFailoverPair pair, Role role, LocalInterfaces ifaces) {
    List<ConfigError> errors = new ArrayList<>();
    if (pair.getSpec() == null) {
      return errors;
    }
    String path = "spec." + role.specField();
    NodeSpec node =
        role == Role.SECONDARY ? pair.getSpec().getSecondary() : pair.getSpec().getPrimary();
    if (node == null) {
      return errors;
    }
    if (node.getAddress() != null) {
      try {
        int address = Ipv4.parse(node.getAddress());
        if (!ifaces.addresses().contains(address)) {
          errors.add(
              new ConfigError(
                  path + ".address", Ipv4.format(address) + " is on no local interface"));
        }
      } catch (IllegalArgumentException e) {
        // reported by PairValidator
      }
    }
    Set<String> names = ifaces.names();
    for (int i = 0; i < node.getInterfaces().size(); i++) {
      String name = node.getInterfaces().get(i);
      if (name != null && !names.contains(name)) {
        errors.add(
            ConfigError.of(
                path + ".interfaces[" + i + "]",
                "no such interface on this host (it has "
                    + String.join(", ", names.stream().sorted().toList())
                    + ")",
                name));
      }
    }
    return errors;
  }
}
