package io.dhcpfailover.node.journal;

/** A journal payload is not a lease record this version understands (truncated, bad field). */
public final class LeaseRecordException extends RuntimeException {
  public LeaseRecordException(String message) {
    super(message);
  }
}
