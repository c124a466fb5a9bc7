package io.dhcpfailover.node.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.util.Hex;
import io.dhcpfailover.node.util.Ipv4;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IscLeaseFileParserTest {
  final List<ImportNote> notes = new ArrayList<>();

  ImportedLease at(List<ImportedLease> leases, String address) {
    return leases.stream().filter(l -> l.address() == Ipv4.parse(address)).findFirst().orElse(null);
  }

  @Test
  void readsActiveLeasesWithTimesHardwareUidAndHostname() {
    List<ImportedLease> leases = IscLeaseFileParser.parse(Resources.read("isc-dhcpd.leases"), notes);
    ImportedLease a = at(leases, "198.18.10.100");
    assertThat(a.state()).isEqualTo(BindingState.ACTIVE);
    assertThat(a.start()).isEqualTo(1893553200L); // 2030-01-02T03:00:00Z
    assertThat(a.end()).isEqualTo(1893553800L);
    assertThat(a.cltt()).isEqualTo(1893553200L);
    assertThat(Hex.colon(a.hardware())).isEqualTo("01:02:00:00:00:01:01");
    assertThat(Hex.colon(a.clientId())).isEqualTo("01:02:00:00:00:01:01");
    assertThat(a.hostname()).isEqualTo("alpha");
  }

  @Test
  void readsEpochTimesAndHexUids() {
    ImportedLease c = at(IscLeaseFileParser.parse(Resources.read("isc-dhcpd.leases"), notes), "198.18.10.102");
    assertThat(c.start()).isEqualTo(1893553200L);
    assertThat(c.end()).isEqualTo(1893553800L);
    assertThat(Hex.colon(c.clientId())).isEqualTo("01:02:00:00:00:01:03");
  }

  @Test
  void aLaterBlockOverridesAnEarlierOne() {
    List<ImportedLease> leases = IscLeaseFileParser.parse(Resources.read("isc-dhcpd.leases"), notes);
    assertThat(at(leases, "198.18.10.101")).as("freed by the later block").isNull();
  }

  @Test
  void keepsExpiredAndAbandonedBindings() {
    List<ImportedLease> leases = IscLeaseFileParser.parse(Resources.read("isc-dhcpd.leases"), notes);
    assertThat(at(leases, "198.18.10.103").state()).isEqualTo(BindingState.EXPIRED);
    ImportedLease abandoned = at(leases, "198.18.10.104");
    assertThat(abandoned.state()).isEqualTo(BindingState.ABANDONED);
    assertThat(abandoned.end()).isZero();
    assertThat(notes).isEmpty();
  }

  @Test
  void reportsUnreadableStatementsWithTheirLine() {
    List<ImportedLease> leases = IscLeaseFileParser.parse("""
        lease 198.18.0.5 {
          starts 3 2030/13/45 03:00:00;
          binding state active;
          hardware ethernet 02:00:00:00:00:05;
        }
        lease 198.18.0.6 {
          binding state sleepy;
        }
        """, notes);
    assertThat(leases).hasSize(1);
    assertThat(notes).extracting(ImportNote::toString).containsExactly(
        "line 2: lease 198.18.0.5: starts 3 2030/13/45 03:00:00; not read: '2030/13/45 03:00:00' is no time",
        "line 6: lease 198.18.0.6: binding state 'sleepy' not known: skipped");
  }

  @Test
  void readsTheFileARealDhcpdWrote() {
    List<ImportedLease> leases =
        IscLeaseFileParser.parse(Resources.read("isc-dhcpd-4.4.3-written.leases"), notes);
    assertThat(notes).isEmpty();
    assertThat(leases).isNotEmpty().allSatisfy(l -> {
      assertThat(l.state()).isEqualTo(BindingState.ACTIVE);
      assertThat(l.end() - l.start()).isEqualTo(60);
      assertThat(l.hardware()).hasSize(7).startsWith((byte) 1);
    });
  }
}
