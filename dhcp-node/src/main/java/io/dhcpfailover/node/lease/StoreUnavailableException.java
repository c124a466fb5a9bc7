package io.dhcpfailover.node.lease;

/** The lease store cannot make a binding durable (disk full, I/O error, closed). */
public final class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
