package io.dhcpfailover.api.tls;

import java.security.cert.CertificateException;

/**
 * A peer's certificate is refused: it does not chain to the pair's authority, is outside its
 * validity, is an authority itself, or does not name the partner. A {@link CertificateException}
 * so that a TLS trust manager can throw it as it is; the message is the reason that gets logged.
 */
public final class PeerCertificateException extends CertificateException {
  private static final long serialVersionUID = 1L;

  public PeerCertificateException(String reason) {
    super(reason);
  }

  public PeerCertificateException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
