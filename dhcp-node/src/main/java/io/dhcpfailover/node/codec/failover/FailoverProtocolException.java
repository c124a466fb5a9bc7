package io.dhcpfailover.node.codec.failover;

import io.netty.handler.codec.DecoderException;

/**
 * A failover byte stream that breaks the framing or option rules ISC dhcpd enforces (digest §A.2,
 * §A.3). ISC drops the TCP connection on each of these; so does our channel handler. It extends
 * Netty's {@link DecoderException} so that {@code ByteToMessageDecoder} passes it on unwrapped.
 */
public final class FailoverProtocolException extends DecoderException {
  private static final long serialVersionUID = 1L;

  /** What was wrong; {@link #label()} is a metric label. */
  public enum Reason {
    /** The length field is below 12 (header size) or above 2048 (ISC's limit). */
    BAD_MESSAGE_LENGTH,
    /** The payload offset is below 12 or past the end of the message. */
    BAD_PAYLOAD_OFFSET,
    /** An option header or value runs past the end of the message. */
    OPTION_TRUNCATED,
    /** The same option code twice in one message. */
    DUPLICATE_OPTION,
    /** A fixed-size option with another length. */
    BAD_OPTION_LENGTH,
    /** A message type outside 1..12 that carries options. */
    UNKNOWN_TYPE_WITH_OPTIONS;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Reason reason;

  public FailoverProtocolException(Reason reason, String detail) {
    super(reason.label() + ": " + detail);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
