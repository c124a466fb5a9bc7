package io.dhcpfailover.api.validation;

import java.util.Objects;

/**
 * One problem with a pair file: the field it is in, as a path such as {@code
 * spec.subnets[0].ranges[1]}, and what is wrong with it, including the offending value.
 *
 * @param path where the problem is, in the dotted notation of {@code kubectl explain}
 * @param message what is wrong, usually ending in {@code (value '...')}
 */
public record ConfigError(String path, String message) {

  /** Creates an error; both parts are required. */
  public ConfigError {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** An error whose message names the offending value: {@code problem (value 'v')}. */
  public static ConfigError of(String path, String problem, Object value) {
    return new ConfigError(path, problem + " (value '" + value + "')");
  }

  /** {@code path: message}, the form printed to users. */
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
