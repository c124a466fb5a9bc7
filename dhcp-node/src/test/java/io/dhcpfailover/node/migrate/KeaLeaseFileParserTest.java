package io.dhcpfailover.node.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.util.Hex;
import io.dhcpfailover.node.util.Ipv4;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeaLeaseFileParserTest {
  final List<ImportNote> notes = new ArrayList<>();

  ImportedLease at(List<ImportedLease> leases, String address) {
    return leases.stream().filter(l -> l.address() == Ipv4.parse(address)).findFirst().orElse(null);
  }

  @Test
  void readsLeasesByTheHeadersColumnNames() {
    List<ImportedLease> leases = KeaLeaseFileParser.parse(Resources.read("kea-leases4.csv"), notes);
    ImportedLease a = at(leases, "198.18.0.100");
    assertThat(a.state()).isEqualTo(BindingState.ACTIVE);
    assertThat(a.end()).isEqualTo(1893557200L);
    assertThat(a.start()).isEqualTo(1893557200L - 4000);
    assertThat(Hex.colon(a.hardware())).isEqualTo("01:02:00:00:00:01:01");
    assertThat(Hex.colon(a.clientId())).isEqualTo("01:02:00:00:00:01:01");
    assertThat(a.hostname()).isEqualTo("alpha");
    assertThat(at(leases, "198.18.0.102").hostname()).isEqualTo("host,with comma");
    assertThat(notes).isEmpty();
  }

  @Test
  void aRowWithLifetimeZeroDeletesTheLease() {
    assertThat(at(KeaLeaseFileParser.parse(Resources.read("kea-leases4.csv"), notes), "198.18.0.101")).isNull();
  }

  @Test
  void mapsDeclinedAndReclaimedStates() {
    List<ImportedLease> leases = KeaLeaseFileParser.parse(Resources.read("kea-leases4.csv"), notes);
    assertThat(at(leases, "198.18.0.103").state()).isEqualTo(BindingState.EXPIRED);
    assertThat(at(leases, "198.18.0.104").state()).isEqualTo(BindingState.ABANDONED);
  }

  @Test
  void columnsMayComeInAnotherOrderAndMore() {
    List<ImportedLease> leases = KeaLeaseFileParser.parse("""
        address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context,pool_id
        198.18.0.5,02:00:00:00:00:05,,600,1893553800,1,0,0,,0,,0
        """, notes);
    assertThat(leases).hasSize(1);
  }

  @Test
  void reportsRowsItCannotRead() {
    KeaLeaseFileParser.parse("""
        address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state
        198.18.0.300,02:00:00:00:00:05,,600,1893553800,1,0,0,,0
        """, notes);
    assertThat(notes).hasSize(1);
    assertThat(notes.get(0).line()).isEqualTo(2);
  }

  @Test
  void aFileWithoutTheHeaderIsNoLeaseFile() {
    assertThat(KeaLeaseFileParser.parse("1,2,3\n", notes)).isEmpty();
    assertThat(notes.get(0).message()).contains("not a Kea DHCPv4 lease file");
  }
}
