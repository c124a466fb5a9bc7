package io.dhcpfailover.node.config;

import io.dhcpfailover.api.validation.ConfigError;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A pair file that cannot be used: it does not parse, is not a {@code DhcpFailoverPair}, or is
 * invalid. Carries every problem found; the message lists them one per line, each as {@code path:
 * problem (value '...')}.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigError> errors;

  /** An exception for the given problems (at least one). */
  public ConfigException(List<ConfigError> errors) {
    super(format(errors));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one error");
    }
    this.errors = List.copyOf(errors);
  }

  /** An exception for one problem. */
  public ConfigException(ConfigError error) {
    this(List.of(error));
  }

  /** An exception for one problem with its cause. */
  public ConfigException(ConfigError error, Throwable cause) {
    super(format(List.of(error)), cause);
    this.errors = List.of(error);
  }

  /** Every problem found, in the order of the file. */
  public List<ConfigError> errors() {
    return errors;
  }

  private static String format(List<ConfigError> errors) {
    return errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n"));
  }
}
