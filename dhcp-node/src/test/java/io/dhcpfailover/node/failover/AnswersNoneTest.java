package io.dhcpfailover.node.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.codec.failover.ServerState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server drops a request right after decoding when {@link FailoverServicePolicy#answersNone}
 * says so: that must never drop one that {@link FailoverServicePolicy#mayAnswer} would answer.
 */
class AnswersNoneTest {
  private static final int PRIMARY = 0xC6120002;
  private static final int SECONDARY = 0xC6120003;

  private static FailoverServicePolicy policy(Role role, Mode mode, ServerState mine, ServerState partner) {
    FailoverSettings settings = new FailoverSettings(role, role == Role.PRIMARY ? PRIMARY : SECONDARY,
        role == Role.PRIMARY ? SECONDARY : PRIMARY, 647, "t", mode, 128, 3600, 30, 10, 0, 3, "t", 3600);
    FailoverSnapshot snapshot = new FailoverSnapshot(mine, 0, partner, true, 0, 0, 0, 3600, null, 0, 0, 0);
    return new FailoverServicePolicy(settings, () -> snapshot, lease -> {}, () -> true);
  }

  private static List<DhcpMessage> requests() {
    List<DhcpMessage> out = new ArrayList<>();
    for (int mac = 0; mac < 64; mac++) {
      byte[] chaddr = new byte[16];
      chaddr[0] = 2;
      chaddr[5] = (byte) mac;
      for (DhcpMessageType type : DhcpMessageType.values()) {
        DhcpOptions.Builder o = DhcpOptions.builder().addByte(53, type.code());
        out.add(new DhcpMessage(1, 1, 6, 1, mac, 0, 0, 0, 0, 0, 0, chaddr, null, null, true, o.build(), 0));
        if (type == DhcpMessageType.REQUEST) {
          o.addIpv4(54, PRIMARY);
          out.add(new DhcpMessage(1, 1, 6, 1, mac, 0, 0, 0, 0, 0, 0, chaddr, null, null, true, o.build(), 0));
        }
      }
    }
    return out;
  }

  @Test
  void neverDropsWhatThePolicyWouldAnswer() {
    int dropped = 0;
    for (Role role : List.of(Role.PRIMARY, Role.SECONDARY)) {
      for (Mode mode : Mode.values()) {
        for (ServerState mine : ServerState.values()) {
          for (ServerState partner : ServerState.values()) {
            FailoverServicePolicy p = policy(role, mode, mine, partner);
            for (DhcpMessage m : requests()) {
              if (p.answersNone(m.messageType())) {
                dropped++;
                assertThat(p.mayAnswer(m)).as("%s %s %s/%s %s", role, mode, mine, partner, m.messageType()).isFalse();
              }
            }
          }
        }
      }
    }
    assertThat(dropped).isPositive();
  }

  @Test
  void theHotStandbySecondaryInNormalLeavesDiscoversAndRequestsToThePrimary() {
    FailoverServicePolicy secondary = policy(Role.SECONDARY, Mode.HOT_STANDBY, ServerState.NORMAL, ServerState.NORMAL);
    assertThat(secondary.answersNone(DhcpMessageType.DISCOVER)).isTrue();
    assertThat(secondary.answersNone(DhcpMessageType.REQUEST)).isTrue();
    assertThat(secondary.answersNone(DhcpMessageType.RELEASE)).isFalse();
    assertThat(secondary.answersNone(DhcpMessageType.INFORM)).isFalse();
    FailoverServicePolicy primary = policy(Role.PRIMARY, Mode.HOT_STANDBY, ServerState.NORMAL, ServerState.NORMAL);
    assertThat(primary.answersNone(DhcpMessageType.DISCOVER)).isFalse();
    FailoverServicePolicy alone = policy(Role.SECONDARY, Mode.HOT_STANDBY, ServerState.COMMUNICATIONS_INTERRUPTED, ServerState.NORMAL);
    assertThat(alone.answersNone(DhcpMessageType.DISCOVER)).isFalse();
  }
}
