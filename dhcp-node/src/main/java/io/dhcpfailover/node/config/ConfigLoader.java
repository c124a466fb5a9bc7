package io.dhcpfailover.node.config;

import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.api.validation.ConfigError;
import io.dhcpfailover.api.validation.PairValidator;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way a node gets its configuration: read the pair file strictly ({@link PairFileLoader}),
 * validate it ({@link PairValidator}), check it against this host ({@link LocalAddressCheck}) and
 * translate it for the node's role ({@link NodeConfig#from}). Any problem stops the load with a
 * {@link ConfigException} that lists all of them.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /**
   * Loads the configuration of the node playing {@code role}.
   *
   * @param file the pair file
   * @param role the part this node plays
   * @param ifaces the host's interfaces, usually {@link LocalInterfaces#system()}
   * @throws ConfigException listing every problem, one per line
   */
  public static NodeConfig load(Path file, Role role, LocalInterfaces ifaces)
      throws ConfigException {
    DhcpFailoverPair pair = PairFileLoader.load(file);
    List<ConfigError> errors = new ArrayList<>(PairValidator.validate(pair));
    errors.addAll(LocalAddressCheck.check(pair, role, ifaces));
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return NodeConfig.from(pair, role);
  }

  /**
   * Reads and validates a pair file without looking at the host, e.g. to check a file before it is
   * deployed.
   *
   * @throws ConfigException listing every problem, one per line
   */
  public static DhcpFailoverPair loadValid(Path file) throws ConfigException {
    DhcpFailoverPair pair = PairFileLoader.load(file);
    List<ConfigError> errors = PairValidator.validate(pair);
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return pair;
  }
}
