package io.dhcpfailover.node.codec.failover;

/**
 * A failover option code (draft-ietf-dhc-failover-12 §12, numbering as in ISC dhcpd 4.4.3; digest
 * §C). An open type: {@link #valueOf(int)} never throws for a 16-bit code, and options nobody here
 * knows survive decode and encode unchanged (digest §A.3: unknown codes are skipped, not errors).
 *
 * <p>{@link #fixedLength()} is the exact value length ISC insists on; a known fixed-size option
 * with another length is a protocol error that drops the connection (digest §A.3).
 */
public final class FailoverOptionCode implements Comparable<FailoverOptionCode> {
  /** Marks a variable-length option in {@link #fixedLength()}. */
  public static final int VARIABLE = -1;

  private static final FailoverOptionCode[] KNOWN = new FailoverOptionCode[30];

  public static final FailoverOptionCode ADDRESSES_TRANSFERRED =
      known(1, "ADDRESSES_TRANSFERRED", 4);
  public static final FailoverOptionCode ASSIGNED_IP_ADDRESS = known(2, "ASSIGNED_IP_ADDRESS", 4);
  public static final FailoverOptionCode BINDING_STATUS = known(3, "BINDING_STATUS", 1);
  public static final FailoverOptionCode CLIENT_IDENTIFIER =
      known(4, "CLIENT_IDENTIFIER", VARIABLE);
  public static final FailoverOptionCode CLIENT_HARDWARE_ADDRESS =
      known(5, "CLIENT_HARDWARE_ADDRESS", VARIABLE);
  public static final FailoverOptionCode CLIENT_LAST_TRANSACTION_TIME = known(6, "CLTT", 4);
  public static final FailoverOptionCode CLIENT_REPLY_OPTIONS =
      known(7, "CLIENT_REPLY_OPTIONS", VARIABLE);
  public static final FailoverOptionCode CLIENT_REQUEST_OPTIONS =
      known(8, "CLIENT_REQUEST_OPTIONS", VARIABLE);

  /**
   * DDNS. ISC's table declares it fixed-size 0, so ISC kills the link on any non-empty DDNS option
   * (digest §A.3); we never send it and, being lenient on receipt, accept any length.
   */
  public static final FailoverOptionCode DDNS = known(9, "DDNS", VARIABLE);

  public static final FailoverOptionCode DELAYED_SERVICE_PARAMETER =
      known(10, "DELAYED_SERVICE_PARAMETER", 1);

  /**
   * Hash-bucket assignment. Its 32-byte size is checked by the CONNECT handling (reject reason 18,
   * digest §B), not by the framing, so the codec treats it as variable.
   */
  public static final FailoverOptionCode HASH_BUCKET_ASSIGNMENT =
      known(11, "HASH_BUCKET_ASSIGNMENT", VARIABLE);

  /** IP-flags: two bytes in ISC and draft-12 text (the draft's figure shows one; digest §C). */
  public static final FailoverOptionCode IP_FLAGS = known(12, "IP_FLAGS", 2);

  public static final FailoverOptionCode LEASE_EXPIRATION_TIME =
      known(13, "LEASE_EXPIRATION_TIME", 4);
  public static final FailoverOptionCode MAX_UNACKED_BNDUPD = known(14, "MAX_UNACKED_BNDUPD", 4);
  public static final FailoverOptionCode MCLT = known(15, "MCLT", 4);
  public static final FailoverOptionCode MESSAGE = known(16, "MESSAGE", VARIABLE);
  public static final FailoverOptionCode MESSAGE_DIGEST = known(17, "MESSAGE_DIGEST", VARIABLE);
  public static final FailoverOptionCode POTENTIAL_EXPIRATION_TIME =
      known(18, "POTENTIAL_EXPIRATION_TIME", 4);
  public static final FailoverOptionCode RECEIVE_TIMER = known(19, "RECEIVE_TIMER", 4);
  public static final FailoverOptionCode PROTOCOL_VERSION = known(20, "PROTOCOL_VERSION", 1);
  public static final FailoverOptionCode REJECT_REASON = known(21, "REJECT_REASON", 1);
  public static final FailoverOptionCode RELATIONSHIP_NAME =
      known(22, "RELATIONSHIP_NAME", VARIABLE);
  public static final FailoverOptionCode SERVER_FLAGS = known(23, "SERVER_FLAGS", 1);
  public static final FailoverOptionCode SERVER_STATE = known(24, "SERVER_STATE", 1);
  public static final FailoverOptionCode START_TIME_OF_STATE = known(25, "START_TIME_OF_STATE", 4);
  public static final FailoverOptionCode TLS_REPLY = known(26, "TLS_REPLY", 1);
  public static final FailoverOptionCode TLS_REQUEST = known(27, "TLS_REQUEST", 1);
  public static final FailoverOptionCode VENDOR_CLASS_IDENTIFIER =
      known(28, "VENDOR_CLASS_IDENTIFIER", VARIABLE);
  public static final FailoverOptionCode VENDOR_SPECIFIC_OPTIONS =
      known(29, "VENDOR_SPECIFIC_OPTIONS", VARIABLE);

  private final int code;
  private final String name;
  private final int fixedLength;

  private FailoverOptionCode(int code, String name, int fixedLength) {
    this.code = code;
    this.name = name;
    this.fixedLength = fixedLength;
  }

  private static FailoverOptionCode known(int code, String name, int fixedLength) {
    FailoverOptionCode c = new FailoverOptionCode(code, name, fixedLength);
    KNOWN[code] = c;
    return c;
  }

  /**
   * The code for a 16-bit value. Never throws for 0..65535; unknown codes get the name UNKNOWN.
   *
   * @throws IllegalArgumentException only for values outside 16 bits
   */
  public static FailoverOptionCode valueOf(int code) {
    if (code < 0 || code > 0xffff) {
      throw new IllegalArgumentException("option code out of range: " + code);
    }
    if (code < KNOWN.length && KNOWN[code] != null) {
      return KNOWN[code];
    }
    return new FailoverOptionCode(code, "UNKNOWN", VARIABLE);
  }

  public int code() {
    return code;
  }

  public String name() {
    return name;
  }

  /** The exact value length ISC requires, or {@link #VARIABLE}. */
  public int fixedLength() {
    return fixedLength;
  }

  /** Whether this is one of the options of draft-12 §12 (codes 1..29). */
  public boolean isKnown() {
    return code < KNOWN.length && KNOWN[code] != null;
  }

  @Override
  public int compareTo(FailoverOptionCode o) {
    return Integer.compare(code, o.code);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FailoverOptionCode c && c.code == code;
  }

  @Override
  public int hashCode() {
    return code;
  }

  @Override
  public String toString() {
    return name + "(" + code + ")";
  }
}
