package io.dhcpfailover.node.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records queued with {@link Journal#appendLazily}: no fsync of their own, order kept. */
class JournalLazyTest {
  @TempDir Path dir;

  private static byte[] payload(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private List<String> replay() throws Exception {
    List<String> seen = new ArrayList<>();
    Journal.open(dir, Journal.Options.DEFAULTS, new SimpleMeterRegistry(),
        p -> seen.add(new String(p, StandardCharsets.UTF_8))).close();
    return seen;
  }

  @Test
  void aLazyRecordAloneWaitsForItsDelayThenIsWritten() throws Exception {
    try (Journal journal = Journal.open(dir, Journal.Options.DEFAULTS, new SimpleMeterRegistry(), p -> {})) {
      long start = System.nanoTime();
      CompletableFuture<Void> lazy = journal.appendLazily(payload("ack-1"));
      Thread.sleep(Journal.LAZY_MILLIS / 4);
      assertThat(lazy).isNotDone();
      assertThat(journal.records()).isZero();
      lazy.get(Journal.LAZY_MILLIS * 5, TimeUnit.MILLISECONDS);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Journal.LAZY_MILLIS - 50);
      assertThat(journal.records()).isEqualTo(1);
    }
    assertThat(replay()).containsExactly("ack-1");
  }

  @Test
  void aLazyRecordGoesOutWithTheNextAppendAndBeforeIt() throws Exception {
    try (Journal journal = Journal.open(dir, Journal.Options.DEFAULTS, new SimpleMeterRegistry(), p -> {})) {
      CompletableFuture<Void> lazy = journal.appendLazily(payload("ack-1"));
      CompletableFuture<Void> lease = journal.append(payload("lease-2"));
      lease.get(Journal.LAZY_MILLIS / 2, TimeUnit.MILLISECONDS);
      // durable in order: what was queued before a durable record is durable too
      assertThat(lazy).isCompleted();
      assertThat(journal.records()).isEqualTo(2);
    }
    assertThat(replay()).containsExactly("ack-1", "lease-2");
  }

  @Test
  void closeWritesLazyRecords() throws Exception {
    CompletableFuture<Void> lazy;
    try (Journal journal = Journal.open(dir, Journal.Options.DEFAULTS, new SimpleMeterRegistry(), p -> {})) {
      lazy = journal.appendLazily(payload("ack-1"));
    }
    assertThat(lazy).isCompleted();
    assertThat(replay()).containsExactly("ack-1");
  }
}
