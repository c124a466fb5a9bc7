package io.dhcpfailover.api.tls;

/**
 * The peer channel's certificate material cannot be used: a file is missing or unreadable, a PEM
 * block is corrupt, the key does not belong to the certificate, or the certificate is not one this
 * pair's authority issued. The message names the file and what is wrong with it.
 */
public final class PeerTlsException extends Exception {
  private static final long serialVersionUID = 1L;

  public PeerTlsException(String message) {
    super(message);
  }

  public PeerTlsException(String message, Throwable cause) {
    super(message, cause);
  }
}
