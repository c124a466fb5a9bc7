package io.dhcpfailover.kubectl;

/** A failure the user can act on: its message is printed as it is, without a stack trace. */
final class PluginException extends RuntimeException {
  PluginException(String message) {
    super(message);
  }
}
