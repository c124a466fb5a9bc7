package io.dhcpfailover.node.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.lease.BindingState;
import org.junit.jupiter.api.Test;

/** The pools' shares the new-client reserve is taken of: as the pool balancer splits the range. */
class PoolShareTest {
  private static FailoverServicePolicy policy(Role role, Mode mode) {
    FailoverSettings settings = new FailoverSettings(role, role == Role.PRIMARY ? 0xC6120002 : 0xC6120003,
        role == Role.PRIMARY ? 0xC6120003 : 0xC6120002, 647, "t", mode, 128, 3600, 30, 10, 0, 3, "t", 3600);
    FailoverSnapshot snapshot =
        new FailoverSnapshot(ServerState.NORMAL, 0, ServerState.NORMAL, true, 0, 0, 0, 3600, null, 0, 0, 0);
    return new FailoverServicePolicy(settings, () -> snapshot, lease -> {}, () -> true);
  }

  @Test
  void hotStandbyKeepsTenPercentInBackupLoadBalancingHalf() {
    for (Role role : Role.PAIR) {
      FailoverServicePolicy hot = policy(role, Mode.HOT_STANDBY);
      assertThat(hot.poolSharePercent(BindingState.FREE)).isEqualTo(100 - PoolBalancer.HOT_STANDBY_PERCENT);
      assertThat(hot.poolSharePercent(BindingState.BACKUP)).isEqualTo(PoolBalancer.HOT_STANDBY_PERCENT);
      FailoverServicePolicy lb = policy(role, Mode.LOAD_BALANCE);
      assertThat(lb.poolSharePercent(BindingState.FREE)).isEqualTo(50);
      assertThat(lb.poolSharePercent(BindingState.BACKUP)).isEqualTo(50);
      assertThat(lb.poolSharePercent(BindingState.ACTIVE)).isZero();
    }
  }
}
