package io.dhcpfailover.node.codec.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dhcpfailover.node.util.Hex;
import io.dhcpfailover.node.util.Ipv4;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The factories build each message exactly as ISC dhcpd 4.4.3 put it on the wire. */
class FailoverMessageFactoryTest {
  private static final long T0 = 1795327497L;

  private static byte[] hba(int split) {
    byte[] hba = new byte[32];
    for (int b = 0; b < split; b++) {
      hba[b >> 3] |= (byte) (1 << (b & 7));
    }
    return hba;
  }

  @Test
  void connectMatchesIscCapture() {
    FailoverMessage m =
        FailoverMessage.connect(T0, 0, "gc-pair", 10, 15, "isc-4.4.3-P1", 30, hba(128));
    assertThat(FailoverEncoder.toBytes(m)).isEqualTo(GoldenHex.bytes("a-001-connect.hex"));
  }

  @Test
  void connectWithSplit131MatchesIscCapture() {
    FailoverMessage m =
        FailoverMessage.connect(1795328045L, 0, "gc-pair", 10, 15, "isc-4.4.3-P1", 30, hba(131));
    assertThat(FailoverEncoder.toBytes(m)).isEqualTo(GoldenHex.bytes("h-001-connect-split131.hex"));
  }

  @Test
  void connectAckMatchesIscCapture() {
    FailoverMessage m = FailoverMessage.connectAck(T0, 0, "gc-pair", 16, 30, "isc-4.4.3-P1", true);
    assertThat(FailoverEncoder.toBytes(m)).isEqualTo(GoldenHex.bytes("a-002-connectack.hex"));
  }

  @Test
  void connectAckWithoutTlsRequestOmitsTlsReply() {
    FailoverMessage m = FailoverMessage.connectAck(T0, 0, "gc-pair", 16, 30, "x", false);
    assertThat(m.has(FailoverOptionCode.TLS_REPLY)).isFalse();
  }

  @Test
  void connectAckRejectCarriesReasonAndMessage() {
    FailoverMessage m =
        FailoverMessage.connectAckReject(
            T0, 7, "gc-pair", 16, 30, "x", false, RejectReason.DUPLICATE_CONNECTION, "dup");
    assertThat(m.rejectReason()).hasValue(RejectReason.DUPLICATE_CONNECTION);
    assertThat(m.message()).hasValue("dup");
    assertThat(m.xid()).isEqualTo(7);
  }

  @Test
  void stateMessagesMatchIscCaptures() {
    assertThat(
            FailoverEncoder.toBytes(
                FailoverMessage.state(T0, 0, ServerState.RECOVER, ServerState.FLAG_STARTUP, T0)))
        .isEqualTo(GoldenHex.bytes("a-003-state-recover-startup.hex"));
    assertThat(
            FailoverEncoder.toBytes(
                FailoverMessage.state(1795327844L, 4, ServerState.RECOVER_WAIT, 0, 1795327844L)))
        .isEqualTo(GoldenHex.bytes("d3-088-state-recover-wait.hex"));
  }

  @Test
  void stateRefusesStartupAndUnknown() {
    assertThatThrownBy(() -> FailoverMessage.state(T0, 0, ServerState.STARTUP, 1, T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FailoverMessage.state(T0, 0, ServerState.UNKNOWN, 0, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bndupdFreeMatchesIscCapture() {
    FailoverBinding b =
        new FailoverBinding(Ipv4.parse("198.19.0.100"), 1, null, null, 0, 0, 0, 0, 0);
    assertThat(FailoverEncoder.toBytes(FailoverMessage.bndupd(T0, 4, b)))
        .isEqualTo(GoldenHex.bytes("a-010-bndupd-free.hex"));
  }

  @Test
  void bndupdActiveWithClientIdMatchesIscCapture() {
    long t = 1795328016L;
    FailoverBinding b =
        new FailoverBinding(
            Ipv4.parse("198.19.0.121"),
            2,
            Hex.parse("01024743000001"),
            Hex.parse("01024743000001"),
            t + 3600,
            t + 5400,
            t,
            t,
            0);
    byte[] golden = GoldenHex.bytes("g-002-bndupd-active-clientid.hex");
    assertThat(FailoverEncoder.toBytes(FailoverMessage.bndupd(t, 77, b))).isEqualTo(golden);
    FailoverMessage decoded =
        FailoverDecoder.decodeFrame(io.netty.buffer.Unpooled.wrappedBuffer(golden));
    assertThat(FailoverBinding.from(decoded)).isEqualTo(b);
  }

  @Test
  void bndupdExpiredAndReleasedMatchIscCaptures() {
    long t = 1795327943L;
    FailoverBinding expired =
        new FailoverBinding(
            Ipv4.parse("198.19.0.127"), 3, null, Hex.parse("01024743000142"), t, 0, t - 30, 0, 0);
    assertThat(FailoverEncoder.toBytes(FailoverMessage.bndupd(t, 19, expired)))
        .isEqualTo(GoldenHex.bytes("f-004-bndupd-expired.hex"));
  }

  @Test
  void bndupdWritesIpFlagsOnlyWhenSet() {
    FailoverBinding none = new FailoverBinding(1, 7, null, null, 0, 0, 0, 0, 0);
    FailoverBinding reserved = new FailoverBinding(1, 7, null, null, 0, 0, 0, 0, 1);
    assertThat(FailoverMessage.bndupd(T0, 1, none).has(FailoverOptionCode.IP_FLAGS)).isFalse();
    FailoverMessage m = FailoverMessage.bndupd(T0, 1, reserved);
    assertThat(m.ipFlags()).hasValue(1);
    assertThat(m.option(FailoverOptionCode.IP_FLAGS)).get().extracting(v -> v.length).isEqualTo(2);
  }

  @Test
  void bndackAcceptAndRejectMatchIscCaptures() {
    int ip = Ipv4.parse("198.19.0.100");
    assertThat(FailoverEncoder.toBytes(FailoverMessage.bndack(T0, 5, ip)))
        .isEqualTo(GoldenHex.bytes("a-047-bndack-accept.hex"));
    assertThat(
            FailoverEncoder.toBytes(
                FailoverMessage.bndackReject(
                    T0,
                    4,
                    ip,
                    RejectReason.LESS_CRITICAL_BINDING_INFORMATION,
                    "incoming update is less critical than outgoing update")))
        .isEqualTo(GoldenHex.bytes("a-037-bndack-reject16.hex"));
  }

  @Test
  void bareMessagesMatchIscCaptures() {
    assertThat(FailoverEncoder.toBytes(FailoverMessage.updreqall(T0, 3)))
        .isEqualTo(GoldenHex.bytes("a-006-updreqall.hex"));
    assertThat(FailoverEncoder.toBytes(FailoverMessage.upddone(T0, 3)))
        .isEqualTo(GoldenHex.bytes("a-161-upddone.hex"));
    assertThat(FailoverEncoder.toBytes(FailoverMessage.contact(1795327504L, 46)))
        .isEqualTo(GoldenHex.bytes("a-217-contact.hex"));
    assertThat(FailoverEncoder.toBytes(FailoverMessage.poolreq(1795327920L, 59)))
        .isEqualTo(GoldenHex.bytes("e-013-poolreq.hex"));
    assertThat(FailoverEncoder.toBytes(FailoverMessage.poolresp(1795327920L, 59, 2)))
        .isEqualTo(GoldenHex.bytes("e-014-poolresp.hex"));
    assertThat(FailoverMessage.updreq(T0, 9).type()).isEqualTo(FailoverMessageType.UPDREQ);
    assertThat(FailoverMessage.updreq(T0, 9).optionCodes()).isEmpty();
  }

  @Test
  void disconnectCarriesReasonThenMessage() {
    FailoverMessage m =
        FailoverMessage.disconnect(T0, 1, RejectReason.INVALID_PARTNER, "who are you");
    assertThat(m.optionCodes())
        .containsExactly(FailoverOptionCode.REJECT_REASON, FailoverOptionCode.MESSAGE);
    assertThat(m.rejectReason()).hasValue(RejectReason.INVALID_PARTNER);
  }

  @Test
  void builderRejectsDuplicateOption() {
    assertThatThrownBy(
            () ->
                FailoverMessage.builder(FailoverMessageType.BNDUPD)
                    .assignedIpAddress(1)
                    .assignedIpAddress(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twice");
  }

  @Test
  void builderRejectsWrongFixedLength() {
    assertThatThrownBy(
            () ->
                FailoverMessage.builder(FailoverMessageType.BNDUPD)
                    .option(FailoverOptionCode.IP_FLAGS, new byte[1]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builderRejectsMessagesOverIscLimit() {
    assertThatThrownBy(
            () ->
                FailoverMessage.builder(FailoverMessageType.DISCONNECT)
                    .message("x".repeat(2048))
                    .build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encoderNeverWritesDdns() {
    FailoverMessage m =
        FailoverMessage.builder(FailoverMessageType.BNDUPD)
            .assignedIpAddress(1)
            .option(FailoverOptionCode.DDNS, new byte[] {0, 1, 0})
            .bindingStatus(1)
            .build();
    byte[] wire = FailoverEncoder.toBytes(m);
    assertThat(wire).hasSize(12 + 8 + 5);
    assertThat(wire[0] << 8 | wire[1]).isEqualTo(25);
  }

  @Test
  void unknownOptionSurvivesDecodeAndEncode() {
    FailoverMessage m =
        FailoverMessage.builder(FailoverMessageType.CONTACT)
            .option(FailoverOptionCode.valueOf(4711), new byte[] {1, 2, 3})
            .build();
    byte[] wire = FailoverEncoder.toBytes(m);
    FailoverMessage back =
        FailoverDecoder.decodeFrame(io.netty.buffer.Unpooled.wrappedBuffer(wire));
    assertThat(back).isEqualTo(m);
    assertThat(back.option(FailoverOptionCode.valueOf(4711))).get().isEqualTo(new byte[] {1, 2, 3});
    assertThat(Arrays.equals(FailoverEncoder.toBytes(back), wire)).isTrue();
  }

  @Test
  void messageTypeIsClosedAndPrintsNameAndCode() {
    assertThat(FailoverMessageType.fromCode(10)).isEqualTo(FailoverMessageType.STATE);
    assertThat(FailoverMessageType.STATE).hasToString("STATE(10)");
    assertThatThrownBy(() -> FailoverMessageType.fromCode(13))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FailoverMessageType.fromCode(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void optionCodeIsOpenAndPrintsNameAndCode() {
    assertThat(FailoverOptionCode.valueOf(24)).isSameAs(FailoverOptionCode.SERVER_STATE);
    assertThat(FailoverOptionCode.SERVER_STATE).hasToString("SERVER_STATE(24)");
    assertThat(FailoverOptionCode.valueOf(300)).hasToString("UNKNOWN(300)");
    assertThat(FailoverOptionCode.valueOf(300)).isEqualTo(FailoverOptionCode.valueOf(300));
    assertThat(FailoverOptionCode.valueOf(300).isKnown()).isFalse();
  }

  @Test
  void serverStateCodesFollowIsc() {
    assertThat(ServerState.fromCode(254)).isEqualTo(ServerState.RECOVER_WAIT);
    assertThat(ServerState.fromCode(11)).isEqualTo(ServerState.CONFLICT_DONE);
    assertThat(ServerState.fromCode(12)).isNull();
    assertThat(ServerState.RECOVER_WAIT).hasToString("RECOVER_WAIT(254)");
    assertThat(RejectReason.fromCode(18)).isEqualTo(RejectReason.HBA_CONFLICT);
    assertThat(RejectReason.fromCode(254)).isEqualTo(RejectReason.UNKNOWN);
    assertThat(RejectReason.fromCode(22)).isNull();
  }
}
