package io.dhcpfailover.node.codec.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dhcpfailover.node.codec.dhcp.MalformedPacketException.Reason;
import io.dhcpfailover.node.util.Hex;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-built negative packets in {@code golden/dhcpv4/malformed}, one reason each. */
class DhcpDecoderMalformedTest {
  private final DhcpDecoder decoder = new DhcpDecoder();

  @Test
  void rejectsPacketShorterThanTheBootpHeader() {
    assertThat(reasonFor("too-short")).isEqualTo(Reason.TOO_SHORT);
  }

  @Test
  void rejectsWrongMagicCookie() {
    assertThat(reasonFor("bad-cookie")).isEqualTo(Reason.BAD_COOKIE);
  }

  @Test
  void rejectsOptionLengthPastPacketEnd() {
    assertThat(reasonFor("option-length-past-end")).isEqualTo(Reason.OPTION_TRUNCATED);
  }

  @Test
  void readsLength255AsUnsignedAndRejectsItOnShortPacket() {
    assertThat(reasonFor("option-length-255-short-packet")).isEqualTo(Reason.OPTION_TRUNCATED);
  }

  @Test
  void rejectsMoreThanSixteenHops() {
    assertThat(reasonFor("hops-17")).isEqualTo(Reason.TOO_MANY_HOPS);
  }

  @Test
  void rejectsHardwareAddressLongerThanChaddr() {
    assertThat(reasonFor("hlen-17")).isEqualTo(Reason.BAD_HLEN);
  }

  @Test
  void rejectsBootReplyFromClient() {
    assertThat(reasonFor("op2-from-client")).isEqualTo(Reason.NOT_A_REQUEST);
  }

  @Test
  void rejectsCookieWithoutMessageType() {
    assertThat(reasonFor("no-option-53")).isEqualTo(Reason.NO_MESSAGE_TYPE);
  }

  @Test
  void rejectsMessageTypeOutsideOneToEight() {
    assertThat(reasonFor("option-53-value-9")).isEqualTo(Reason.UNKNOWN_MESSAGE_TYPE);
  }

  @Test
  void rejectsMessageTypeOfTwoBytes() {
    assertThat(reasonFor("option-53-length-2")).isEqualTo(Reason.BAD_OPTION_LENGTH);
  }

  @Test
  void rejectsOverloadValueFour() {
    assertThat(reasonFor("option-52-value-4")).isEqualTo(Reason.BAD_OVERLOAD);
  }

  @Test
  void rejectsRequestedAddressOfThreeBytes() {
    assertThat(reasonFor("option-50-length-3")).isEqualTo(Reason.BAD_OPTION_LENGTH);
  }

  @Test
  void readsSubnetMaskBytesFfAsValueNotEnd() throws Exception {
    DhcpMessage m = decoder.decode(GoldenPackets.load("malformed/subnet-mask-ff-not-end"));

    assertThat(codes(m)).containsExactly(53, 1, 55);
    assertThat(m.options().get(1)).isEqualTo(Hex.parse("ffffff00"));
    assertThat(m.options().get(55)).isEqualTo(Hex.parse("011c02030f060c"));
  }

  @Test
  void readsEndCodeInsideClientIdAsValue() throws Exception {
    DhcpMessage m = decoder.decode(GoldenPackets.load("malformed/end-code-inside-value"));

    assertThat(codes(m)).containsExactly(53, 61, 55);
    assertThat(m.options().get(61)).isEqualTo(Hex.parse("ffff00ff01024743000201"));
    assertThat(m.options().get(55)).isEqualTo(Hex.parse("011c02030f060c"));
  }

  private Reason reasonFor(String name) {
    byte[] wire = GoldenPackets.load("malformed/" + name);
    MalformedPacketException e =
        catchThrowableOfType(MalformedPacketException.class, () -> decoder.decode(wire));
    assertThat(e).as("%s must be rejected", name).isNotNull();
    return e.reason();
  }

  private static List<Integer> codes(DhcpMessage m) {
    return m.options().entries().stream().map(e -> e.code().code()).toList();
  }
}
