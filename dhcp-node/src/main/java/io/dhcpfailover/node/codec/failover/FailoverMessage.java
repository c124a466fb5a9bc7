package io.dhcpfailover.node.codec.failover;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One failover message as an immutable value: the 12-byte header fields (draft-ietf-dhc-failover-12
 * §6.1; digest §A.2) and the options in wire order, each code at most once (digest §A.3). Times and
 * the xid are unsigned 32-bit values held in a {@code long}.
 *
 * <p>The static factories build each message type with the options, in the order, that ISC dhcpd
 * 4.4.3 sends (digest §B, confirmed by the captures' README "Framing, xids, options").
 */
public final class FailoverMessage {
  /** The payload offset we always send; the draft's "8" is a draft error (digest §A.2). */
  public static final int HEADER_LENGTH = 12;

  /** ISC's receive limit for the whole message, length field included (digest §A.2). */
  public static final int MAX_LENGTH = 2048;

  /** The protocol-version option value (draft-12 §12.19). */
  public static final int PROTOCOL_VERSION = 1;

  private final FailoverMessageType type;
  private final long time;
  private final long xid;
  private final int payloadOffset;
  private final Map<FailoverOptionCode, byte[]> options;

  private FailoverMessage(Builder b) {
    this.type = b.type;
    this.time = b.time;
    this.xid = b.xid;
    this.payloadOffset = b.payloadOffset;
    this.options = Collections.unmodifiableMap(new LinkedHashMap<>(b.options));
  }

  public static Builder builder(FailoverMessageType type) {
    return new Builder(type);
  }

  public FailoverMessageType type() {
    return type;
  }

  /** The sender's Unix time in seconds (header offset 4). */
  public long time() {
    return time;
  }

  public long xid() {
    return xid;
  }

  /** The payload offset as received; {@value #HEADER_LENGTH} for messages built here. */
  public int payloadOffset() {
    return payloadOffset;
  }

  /** The option codes in wire order. */
  public List<FailoverOptionCode> optionCodes() {
    return List.copyOf(options.keySet());
  }

  /** A copy of the value of option {@code code}, if present. */
  public Optional<byte[]> option(FailoverOptionCode code) {
    byte[] v = options.get(code);
    return v == null ? Optional.empty() : Optional.of(v.clone());
  }

  public boolean has(FailoverOptionCode code) {
    return options.containsKey(code);
  }

  /** The number of option bytes (headers included) this message occupies on the wire. */
  int optionsLength() {
    int n = 0;
    for (byte[] v : options.values()) {
      n += 4 + v.length;
    }
    return n;
  }

  /** The options in wire order, values not copied; for the encoder only. */
  Map<FailoverOptionCode, byte[]> rawOptions() {
    return options;
  }

  // ---- typed getters, one per option of draft-12 §12 / digest §C ----

  /** addresses-transferred (1), POOLRESP. */
  public OptionalLong addressesTransferred() {
    return uint(FailoverOptionCode.ADDRESSES_TRANSFERRED);
  }

  /** assigned-IP-address (2) as an int in network order (see {@code util.Ipv4}). */
  public OptionalInt assignedIpAddress() {
    byte[] v = options.get(FailoverOptionCode.ASSIGNED_IP_ADDRESS);
    return v == null ? OptionalInt.empty() : OptionalInt.of((int) be(v));
  }

  /** binding-status (3) code, 1 FREE .. 7 BACKUP (draft-12 §12.3). */
  public OptionalInt bindingStatus() {
    return ubyte(FailoverOptionCode.BINDING_STATUS);
  }

  /** client-identifier (4): the raw DHCP option 61 value, type byte first. */
  public Optional<byte[]> clientIdentifier() {
    return option(FailoverOptionCode.CLIENT_IDENTIFIER);
  }

  /** client-hardware-address (5): htype byte, then chaddr (digest §C). */
  public Optional<byte[]> clientHardwareAddress() {
    return option(FailoverOptionCode.CLIENT_HARDWARE_ADDRESS);
  }

  /** client-last-transaction-time (6). */
  public OptionalLong clientLastTransactionTime() {
    return uint(FailoverOptionCode.CLIENT_LAST_TRANSACTION_TIME);
  }

  /** delayed-service-parameter (10), ignored by ISC. */
  public OptionalInt delayedServiceParameter() {
    return ubyte(FailoverOptionCode.DELAYED_SERVICE_PARAMETER);
  }

  /** hash-bucket-assignment (11), normally 32 bytes (digest §H). */
  public Optional<byte[]> hashBucketAssignment() {
    return option(FailoverOptionCode.HASH_BUCKET_ASSIGNMENT);
  }

  /** IP-flags (12), 2 bytes: 0x0001 reserved, 0x0002 BOOTP (draft-12 §12.12). */
  public OptionalInt ipFlags() {
    byte[] v = options.get(FailoverOptionCode.IP_FLAGS);
    return v == null ? OptionalInt.empty() : OptionalInt.of((int) be(v));
  }

  /** lease-expiration-time (13). */
  public OptionalLong leaseExpirationTime() {
    return uint(FailoverOptionCode.LEASE_EXPIRATION_TIME);
  }

  /** max-unacked-bndupd (14). */
  public OptionalLong maxUnackedBndupd() {
    return uint(FailoverOptionCode.MAX_UNACKED_BNDUPD);
  }

  /** MCLT (15), seconds. */
  public OptionalLong mclt() {
    return uint(FailoverOptionCode.MCLT);
  }

  /** message (16), UTF-8 text without NUL. */
  public Optional<String> message() {
    return text(FailoverOptionCode.MESSAGE, StandardCharsets.UTF_8);
  }

  /** potential-expiration-time (18). */
  public OptionalLong potentialExpirationTime() {
    return uint(FailoverOptionCode.POTENTIAL_EXPIRATION_TIME);
  }

  /** receive-timer (19), seconds. */
  public OptionalLong receiveTimer() {
    return uint(FailoverOptionCode.RECEIVE_TIMER);
  }

  /** protocol-version (20). */
  public OptionalInt protocolVersion() {
    return ubyte(FailoverOptionCode.PROTOCOL_VERSION);
  }

  /** reject-reason (21) wire code, also for values {@link RejectReason} does not name. */
  public OptionalInt rejectReasonCode() {
    return ubyte(FailoverOptionCode.REJECT_REASON);
  }

  /** reject-reason (21), empty when absent or unassigned. */
  public Optional<RejectReason> rejectReason() {
    OptionalInt c = rejectReasonCode();
    return c.isEmpty()
        ? Optional.empty()
        : Optional.ofNullable(RejectReason.fromCode(c.getAsInt()));
  }

  /** relationship-name (22): the failover peer name, compared byte for byte (digest §J.6). */
  public Optional<String> relationshipName() {
    return text(FailoverOptionCode.RELATIONSHIP_NAME, StandardCharsets.ISO_8859_1);
  }

  /** server-flags (23); see {@link ServerState#FLAG_STARTUP}. */
  public OptionalInt serverFlags() {
    return ubyte(FailoverOptionCode.SERVER_FLAGS);
  }

  /** server-state (24) wire code, also for values ISC would call invalid. */
  public OptionalInt serverStateCode() {
    return ubyte(FailoverOptionCode.SERVER_STATE);
  }

  /** server-state (24), empty when absent or not a known state. */
  public Optional<ServerState> serverState() {
    OptionalInt c = serverStateCode();
    return c.isEmpty() ? Optional.empty() : Optional.ofNullable(ServerState.fromCode(c.getAsInt()));
  }

  /** start-time-of-state (25); in BNDUPD ISC puts the lease start here (digest §C). */
  public OptionalLong startTimeOfState() {
    return uint(FailoverOptionCode.START_TIME_OF_STATE);
  }

  /** TLS-reply (26). */
  public OptionalInt tlsReply() {
    return ubyte(FailoverOptionCode.TLS_REPLY);
  }

  /** TLS-request (27). */
  public OptionalInt tlsRequest() {
    return ubyte(FailoverOptionCode.TLS_REQUEST);
  }

  /** vendor-class-identifier (28). */
  public Optional<String> vendorClassIdentifier() {
    return text(FailoverOptionCode.VENDOR_CLASS_IDENTIFIER, StandardCharsets.ISO_8859_1);
  }

  private OptionalLong uint(FailoverOptionCode code) {
    byte[] v = options.get(code);
    return v == null ? OptionalLong.empty() : OptionalLong.of(be(v));
  }

  private OptionalInt ubyte(FailoverOptionCode code) {
    byte[] v = options.get(code);
    return v == null ? OptionalInt.empty() : OptionalInt.of(v[0] & 0xff);
  }

  private Optional<String> text(FailoverOptionCode code, java.nio.charset.Charset cs) {
    byte[] v = options.get(code);
    return v == null ? Optional.empty() : Optional.of(new String(v, cs));
  }

  private static long be(byte[] v) {
    long n = 0;
    for (byte b : v) {
      n = (n << 8) | (b & 0xff);
    }
    return n;
  }

  // ---- factories: each message type as ISC dhcpd 4.4.3 sends it (digest §B) ----

  /**
   * CONNECT, sent by the primary on every new connection (digest §A.1). Options in ISC's order: 22,
   * 14, 19, 28, 20, 27 (0 = no TLS), 15, 11. ISC's secondary rejects a CONNECT without a 32-byte
   * HBA (reason 18), so {@code hba} should always be given; null omits it.
   */
  public static FailoverMessage connect(
      long time,
      long xid,
      String relationshipName,
      long maxUnackedBndupd,
      long receiveTimer,
      String vendorClass,
      long mclt,
      byte[] hba) {
    Builder b =
        builder(FailoverMessageType.CONNECT)
            .time(time)
            .xid(xid)
            .relationshipName(relationshipName)
            .maxUnackedBndupd(maxUnackedBndupd)
            .receiveTimer(receiveTimer)
            .vendorClassIdentifier(vendorClass)
            .protocolVersion(PROTOCOL_VERSION)
            .tlsRequest(0)
            .mclt(mclt);
    if (hba != null) {
      b.hashBucketAssignment(hba);
    }
    return b.build();
  }

  /**
   * An accepting CONNECTACK (xid copied from the CONNECT). Options in ISC's order: 22, 14, 19, 28,
   * 20, then TLS-reply 0 only if the CONNECT carried TLS-request (digest §B).
   */
  public static FailoverMessage connectAck(
      long time,
      long xid,
      String relationshipName,
      long maxUnackedBndupd,
      long receiveTimer,
      String vendorClass,
      boolean tlsReply) {
    return connectAckBuilder(
            time, xid, relationshipName, maxUnackedBndupd, receiveTimer, vendorClass, tlsReply)
        .build();
  }

  /** A rejecting CONNECTACK: the accepting options plus reject-reason and message (digest §B). */
  public static FailoverMessage connectAckReject(
      long time,
      long xid,
      String relationshipName,
      long maxUnackedBndupd,
      long receiveTimer,
      String vendorClass,
      boolean tlsReply,
      RejectReason reason,
      String message) {
    return connectAckBuilder(
            time, xid, relationshipName, maxUnackedBndupd, receiveTimer, vendorClass, tlsReply)
        .rejectReason(reason)
        .message(message)
        .build();
  }

  private static Builder connectAckBuilder(
      long time,
      long xid,
      String relationshipName,
      long maxUnackedBndupd,
      long receiveTimer,
      String vendorClass,
      boolean tlsReply) {
    Builder b =
        builder(FailoverMessageType.CONNECTACK)
            .time(time)
            .xid(xid)
            .relationshipName(relationshipName)
            .maxUnackedBndupd(maxUnackedBndupd)
            .receiveTimer(receiveTimer)
            .vendorClassIdentifier(vendorClass)
            .protocolVersion(PROTOCOL_VERSION);
    if (tlsReply) {
      b.tlsReply(0);
    }
    return b;
  }

  /**
   * STATE: server-state, server-flags, start-time-of-state in ISC's order (digest §B). In STARTUP
   * the state is the saved one and {@code flags} carries {@link ServerState#FLAG_STARTUP} (§D.2).
   */
  public static FailoverMessage state(
      long time, long xid, ServerState state, int flags, long startTimeOfState) {
    if (state == ServerState.UNKNOWN || state == ServerState.STARTUP) {
      throw new IllegalArgumentException(state + " is never sent in STATE (digest §C)");
    }
    return builder(FailoverMessageType.STATE)
        .time(time)
        .xid(xid)
        .serverState(state)
        .serverFlags(flags)
        .startTimeOfState(startTimeOfState)
        .build();
  }

  /** BNDUPD for exactly one binding: ISC rejects batches (duplicate options, digest §A.3). */
  public static FailoverMessage bndupd(long time, long xid, FailoverBinding binding) {
    return binding.appendTo(builder(FailoverMessageType.BNDUPD).time(time).xid(xid)).build();
  }

  /** An accepting BNDACK: the xid of the BNDUPD and assigned-IP-address only (digest §F.2.3). */
  public static FailoverMessage bndack(long time, long xid, int address) {
    return builder(FailoverMessageType.BNDACK)
        .time(time)
        .xid(xid)
        .assignedIpAddress(address)
        .build();
  }

  /**
   * A rejecting BNDACK: assigned-IP-address, reject-reason, message (ISC's order, capture a-037).
   */
  public static FailoverMessage bndackReject(
      long time, long xid, int address, RejectReason reason, String message) {
    return builder(FailoverMessageType.BNDACK)
        .time(time)
        .xid(xid)
        .assignedIpAddress(address)
        .rejectReason(reason)
        .message(message)
        .build();
  }

  /** UPDREQ: no options (digest §B). */
  public static FailoverMessage updreq(long time, long xid) {
    return bare(FailoverMessageType.UPDREQ, time, xid);
  }

  /** UPDREQALL: no options (digest §B). */
  public static FailoverMessage updreqall(long time, long xid) {
    return bare(FailoverMessageType.UPDREQALL, time, xid);
  }

  /** UPDDONE: no options; the xid is the one of the latest UPDREQ(ALL) answered (digest §F.4). */
  public static FailoverMessage upddone(long time, long xid) {
    return bare(FailoverMessageType.UPDDONE, time, xid);
  }

  /** POOLREQ: no options (digest §G). */
  public static FailoverMessage poolreq(long time, long xid) {
    return bare(FailoverMessageType.POOLREQ, time, xid);
  }

  /** POOLRESP with the POOLREQ's xid and addresses-transferred (digest §G). */
  public static FailoverMessage poolresp(long time, long xid, long addressesTransferred) {
    return builder(FailoverMessageType.POOLRESP)
        .time(time)
        .xid(xid)
        .addressesTransferred(addressesTransferred)
        .build();
  }

  /** CONTACT: no options; keeps the partner's receive timer alive (digest §D.5). */
  public static FailoverMessage contact(long time, long xid) {
    return bare(FailoverMessageType.CONTACT, time, xid);
  }

  /** DISCONNECT: reject-reason and message (digest §B). */
  public static FailoverMessage disconnect(
      long time, long xid, RejectReason reason, String message) {
    return builder(FailoverMessageType.DISCONNECT)
        .time(time)
        .xid(xid)
        .rejectReason(reason)
        .message(message)
        .build();
  }

  private static FailoverMessage bare(FailoverMessageType type, long time, long xid) {
    return builder(type).time(time).xid(xid).build();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FailoverMessage m)) {
      return false;
    }
    if (m.type != type
        || m.time != time
        || m.xid != xid
        || m.payloadOffset != payloadOffset
        || !m.optionCodes().equals(optionCodes())) {
      return false;
    }
    for (Map.Entry<FailoverOptionCode, byte[]> e : options.entrySet()) {
      if (!java.util.Arrays.equals(e.getValue(), m.options.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, time, xid, options.keySet());
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(type).append(" xid=").append(xid).append(" time=").append(time);
    if (payloadOffset != HEADER_LENGTH) {
      sb.append(" payoff=").append(payloadOffset);
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<FailoverOptionCode, byte[]> e : options.entrySet()) {
      parts.add(e.getKey() + "=" + HexFormat.of().formatHex(e.getValue()));
    }
    return sb.append(' ').append(parts).toString();
  }

  /**
   * Builds a message. Rejects a second value for one option code and a fixed-size option with the
   * wrong length, the two things that make ISC drop the link (digest §A.3).
   */
  public static final class Builder {
    private final FailoverMessageType type;
    private long time;
    private long xid;
    private int payloadOffset = HEADER_LENGTH;
    private final LinkedHashMap<FailoverOptionCode, byte[]> options = new LinkedHashMap<>();

    private Builder(FailoverMessageType type) {
      this.type = Objects.requireNonNull(type, "type");
    }

    public Builder time(long time) {
      this.time = checkUint32("time", time);
      return this;
    }

    public Builder xid(long xid) {
      this.xid = checkUint32("xid", xid);
      return this;
    }

    /** Only the decoder records another offset; the encoder always sends 12 (digest §A.2). */
    Builder payloadOffset(int payloadOffset) {
      this.payloadOffset = payloadOffset;
      return this;
    }

    /** Adds an option with a raw value (copied). */
    public Builder option(FailoverOptionCode code, byte[] value) {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(value, "value");
      if (options.containsKey(code)) {
        throw new IllegalArgumentException("option " + code + " given twice");
      }
      if (code.fixedLength() != FailoverOptionCode.VARIABLE && value.length != code.fixedLength()) {
        throw new IllegalArgumentException(
            "option " + code + " must be " + code.fixedLength() + " bytes, got " + value.length);
      }
      if (value.length > 0xffff) {
        throw new IllegalArgumentException("option " + code + " longer than 65535 bytes");
      }
      options.put(code, value.clone());
      return this;
    }

    public Builder addressesTransferred(long n) {
      return uint32(FailoverOptionCode.ADDRESSES_TRANSFERRED, n);
    }

    public Builder assignedIpAddress(int address) {
      return uint32(FailoverOptionCode.ASSIGNED_IP_ADDRESS, address & 0xffffffffL);
    }

    public Builder bindingStatus(int status) {
      return uint8(FailoverOptionCode.BINDING_STATUS, status);
    }

    public Builder clientIdentifier(byte[] clientId) {
      return option(FailoverOptionCode.CLIENT_IDENTIFIER, clientId);
    }

    /** htype followed by chaddr[0..hlen). */
    public Builder clientHardwareAddress(byte[] hardware) {
      return option(FailoverOptionCode.CLIENT_HARDWARE_ADDRESS, hardware);
    }

    public Builder clientLastTransactionTime(long cltt) {
      return uint32(FailoverOptionCode.CLIENT_LAST_TRANSACTION_TIME, cltt);
    }

    public Builder delayedServiceParameter(int seconds) {
      return uint8(FailoverOptionCode.DELAYED_SERVICE_PARAMETER, seconds);
    }

    public Builder hashBucketAssignment(byte[] hba) {
      return option(FailoverOptionCode.HASH_BUCKET_ASSIGNMENT, hba);
    }

    public Builder ipFlags(int flags) {
      if (flags < 0 || flags > 0xffff) {
        throw new IllegalArgumentException("IP-flags out of range: " + flags);
      }
      return option(FailoverOptionCode.IP_FLAGS, new byte[] {(byte) (flags >>> 8), (byte) flags});
    }

    public Builder leaseExpirationTime(long t) {
      return uint32(FailoverOptionCode.LEASE_EXPIRATION_TIME, t);
    }

    public Builder maxUnackedBndupd(long n) {
      return uint32(FailoverOptionCode.MAX_UNACKED_BNDUPD, n);
    }

    public Builder mclt(long seconds) {
      return uint32(FailoverOptionCode.MCLT, seconds);
    }

    public Builder message(String text) {
      return option(FailoverOptionCode.MESSAGE, text.getBytes(StandardCharsets.UTF_8));
    }

    public Builder potentialExpirationTime(long t) {
      return uint32(FailoverOptionCode.POTENTIAL_EXPIRATION_TIME, t);
    }

    public Builder receiveTimer(long seconds) {
      return uint32(FailoverOptionCode.RECEIVE_TIMER, seconds);
    }

    public Builder protocolVersion(int version) {
      return uint8(FailoverOptionCode.PROTOCOL_VERSION, version);
    }

    public Builder rejectReason(RejectReason reason) {
      return uint8(FailoverOptionCode.REJECT_REASON, reason.code());
    }

    public Builder relationshipName(String name) {
      return option(
          FailoverOptionCode.RELATIONSHIP_NAME, name.getBytes(StandardCharsets.ISO_8859_1));
    }

    public Builder serverFlags(int flags) {
      return uint8(FailoverOptionCode.SERVER_FLAGS, flags);
    }

    public Builder serverState(ServerState state) {
      return uint8(FailoverOptionCode.SERVER_STATE, state.code());
    }

    public Builder startTimeOfState(long t) {
      return uint32(FailoverOptionCode.START_TIME_OF_STATE, t);
    }

    public Builder tlsReply(int value) {
      return uint8(FailoverOptionCode.TLS_REPLY, value);
    }

    public Builder tlsRequest(int value) {
      return uint8(FailoverOptionCode.TLS_REQUEST, value);
    }

    public Builder vendorClassIdentifier(String vendorClass) {
      return option(
          FailoverOptionCode.VENDOR_CLASS_IDENTIFIER,
          vendorClass.getBytes(StandardCharsets.ISO_8859_1));
    }

    private Builder uint8(FailoverOptionCode code, int v) {
      if (v < 0 || v > 0xff) {
        throw new IllegalArgumentException(code + " out of range: " + v);
      }
      return option(code, new byte[] {(byte) v});
    }

    private Builder uint32(FailoverOptionCode code, long v) {
      checkUint32(code.toString(), v);
      return option(
          code, new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    private static long checkUint32(String what, long v) {
      if (v < 0 || v > 0xffffffffL) {
        throw new IllegalArgumentException(what + " out of unsigned 32-bit range: " + v);
      }
      return v;
    }

    /**
     * The message.
     *
     * @throws IllegalArgumentException if it would exceed ISC's {@value #MAX_LENGTH}-byte limit
     */
    public FailoverMessage build() {
      FailoverMessage m = new FailoverMessage(this);
      if (payloadOffset + m.optionsLength() > MAX_LENGTH) {
        throw new IllegalArgumentException(
            type
                + " would be "
                + (payloadOffset + m.optionsLength())
                + " bytes, over "
                + MAX_LENGTH);
      }
      return m;
    }
  }
}
