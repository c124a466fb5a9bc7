package io.dhcpfailover.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.it.ChaosSchedule.Fault;
import io.dhcpfailover.node.it.ChaosSchedule.Kind;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ChaosScheduleTest {
  static final ChaosSchedule.Limits LIMITS = new ChaosSchedule.Limits(20_000, 2, 5, 5_000, 20);

  private static List<ChaosSchedule> many() {
    return LongStream.range(0, 300).mapToObj(s -> ChaosSchedule.generate(s, LIMITS)).toList();
  }

  @Test
  void theSameSeedGivesTheSameSchedule() {
    assertThat(ChaosSchedule.generate(42, LIMITS)).isEqualTo(ChaosSchedule.generate(42, LIMITS));
    assertThat(ChaosSchedule.generate(42, LIMITS).toString())
        .isEqualTo(ChaosSchedule.generate(42, LIMITS).toString());
  }

  @Test
  void differentSeedsGiveDifferentSchedules() {
    assertThat(many().stream().map(ChaosSchedule::faults).distinct().count()).isGreaterThan(290);
  }

  @Test
  void everyKindOfFaultHitsBothNodesAcrossSeeds() {
    Set<Kind> kinds = EnumSet.noneOf(Kind.class);
    Set<String> targets = new java.util.HashSet<>();
    for (ChaosSchedule s : many()) {
      s.faults().forEach(f -> {
        kinds.add(f.kind());
        targets.add(f.kind() + "/" + f.target());
      });
    }
    assertThat(kinds).containsExactlyInAnyOrder(Kind.values());
    assertThat(targets).hasSize(Kind.values().length * 2);
  }

  @Test
  void faultCountsStayWithinTheLimits() {
    for (ChaosSchedule s : many()) {
      assertThat(s.faults()).as(s.toString()).hasSizeLessThanOrEqualTo(5).isNotEmpty();
      assertThat(s.faults()).allMatch(f -> f.atMs() >= 0 && f.atMs() < 20_000);
      assertThat(s.lengthMs()).isEqualTo(s.faults().stream().mapToLong(Fault::endMs).max().orElseThrow());
    }
  }

  @Test
  void processFaultsOnOneNodeNeverOverlap() {
    for (ChaosSchedule s : many()) {
      List<Fault> proc = s.faults().stream().filter(f -> f.kind().actsOnProcess()).toList();
      for (int i = 0; i < proc.size(); i++) {
        for (int j = i + 1; j < proc.size(); j++) {
          Fault a = proc.get(i);
          Fault b = proc.get(j);
          if (a.target().equals(b.target())) {
            assertThat(b.atMs() >= a.endMs() || a.atMs() >= b.endMs()).as(s.toString()).isTrue();
          }
        }
      }
    }
  }

  @Test
  void atMostOneDataDirectoryIsWipedPerSchedule() {
    assertThat(many()).allMatch(s -> s.faults().stream().filter(f -> f.kind() == Kind.WIPE).count() <= 1);
  }

  @Test
  void aStopOutlastsMaxResponseDelayAndClockOffsetsStayTolerable() {
    for (ChaosSchedule s : many()) {
      for (Fault f : s.faults()) {
        if (f.kind() == Kind.STOP) {
          assertThat(f.durationMs()).isGreaterThan(5_000);
        }
        if (f.kind() == Kind.CLOCK) {
          assertThat(Math.abs(f.param())).isBetween(2, 20);
        } else {
          assertThat(f.param()).isZero();
        }
      }
    }
  }

  @Test
  void faultsAreInTimeOrder() {
    for (ChaosSchedule s : many()) {
      assertThat(s.faults()).isSortedAccordingTo(java.util.Comparator.comparingLong(Fault::atMs));
    }
  }
}
