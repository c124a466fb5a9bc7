package io.dhcpfailover.node.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.util.Ipv4;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LeaseRecordCodecTest {

  private static Lease full() {
    return new Lease(
        Ipv4.parse("10.1.2.3"),
        BindingState.ACTIVE,
        new byte[] {1, 2, 0, 0, 0, 0, 1},
        new byte[] {1, 2, 0, 0, 0, 0, 1},
        "printer-ü",
        1_700_000_000L,
        1_700_003_600L,
        1_700_000_001L,
        1_700_005_400L,
        1_700_004_000L,
        Lease.FLAG_BOOTP | Lease.FLAG_UNACKED);
  }

  @Test
  void roundTripsEveryField() {
    Lease lease = full();
    Lease decoded = LeaseRecordCodec.decode(LeaseRecordCodec.encode(lease));
    assertThat(decoded).isEqualTo(lease);
    assertThat(decoded.hostname()).isEqualTo("printer-ü");
    assertThat(decoded.flags()).isEqualTo(Lease.FLAG_BOOTP | Lease.FLAG_UNACKED);
  }

  @Test
  void roundTripsNullFieldsAsNull() {
    Lease lease = Lease.available(Ipv4.parse("192.168.0.1"), BindingState.BACKUP, 42);
    Lease decoded = LeaseRecordCodec.decode(LeaseRecordCodec.encode(lease));
    assertThat(decoded).isEqualTo(lease);
    assertThat(decoded.clientId()).isNull();
    assertThat(decoded.hardware()).isNull();
    assertThat(decoded.hostname()).isNull();
  }

  @Test
  void keepsEmptyFieldsDistinctFromNull() {
    Lease lease = new Lease(1, BindingState.ACTIVE, new byte[0], null, "", 1, 2, 3, 4, 5, 0);
    Lease decoded = LeaseRecordCodec.decode(LeaseRecordCodec.encode(lease));
    assertThat(decoded.clientId()).isEmpty();
    assertThat(decoded.hostname()).isEmpty();
  }

  @Test
  void rejectsEveryTruncation() {
    byte[] payload = LeaseRecordCodec.encode(full());
    for (int length = 0; length < payload.length; length++) {
      byte[] cut = Arrays.copyOf(payload, length);
      assertThatThrownBy(() -> LeaseRecordCodec.decode(cut))
          .as("cut at %d", length)
          .isInstanceOf(LeaseRecordException.class);
    }
  }

  @Test
  void rejectsTrailingBytes() {
    byte[] payload = LeaseRecordCodec.encode(full());
    byte[] longer = Arrays.copyOf(payload, payload.length + 1);
    assertThatThrownBy(() -> LeaseRecordCodec.decode(longer))
        .isInstanceOf(LeaseRecordException.class)
        .hasMessageContaining("trailing");
  }

  @Test
  void rejectsUnknownVersion() {
    byte[] payload = LeaseRecordCodec.encode(full());
    payload[0] = 9;
    assertThatThrownBy(() -> LeaseRecordCodec.decode(payload))
        .isInstanceOf(LeaseRecordException.class)
        .hasMessageContaining("version 9");
  }

  @Test
  void rejectsUnknownBindingState() {
    byte[] payload = LeaseRecordCodec.encode(full());
    payload[5] = 0;
    assertThatThrownBy(() -> LeaseRecordCodec.decode(payload))
        .isInstanceOf(LeaseRecordException.class)
        .hasMessageContaining("binding state 0");
  }

  @Test
  void rejectsFieldLengthPastPayloadEnd() {
    byte[] payload = LeaseRecordCodec.encode(full());
    payload[6] = (byte) 0xFF;
    payload[7] = (byte) 0xFE;
    assertThatThrownBy(() -> LeaseRecordCodec.decode(payload))
        .isInstanceOf(LeaseRecordException.class)
        .hasMessageContaining("clientId");
  }

  @Test
  void rejectsHostnameThatIsNotUtf8() {
    Lease lease = new Lease(1, BindingState.ACTIVE, null, null, "ab", 0, 0, 0, 0, 0, 0);
    byte[] payload = LeaseRecordCodec.encode(lease);
    int hostnameAt = 1 + 4 + 1 + 2 + 2 + 2;
    payload[hostnameAt] = (byte) 0xC3;
    payload[hostnameAt + 1] = (byte) 0x28;
    assertThatThrownBy(() -> LeaseRecordCodec.decode(payload))
        .isInstanceOf(LeaseRecordException.class)
        .hasMessageContaining("UTF-8");
  }
}
