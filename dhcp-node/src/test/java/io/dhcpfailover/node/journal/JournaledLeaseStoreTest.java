package io.dhcpfailover.node.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.StoreUnavailableException;
import io.dhcpfailover.node.lease.LeaseStore;
import io.dhcpfailover.node.journal.Journal;
import io.dhcpfailover.node.journal.JournalCorruptException;
import io.dhcpfailover.node.journal.LeaseRecordCodec;
import io.dhcpfailover.node.util.Ipv4;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournaledLeaseStoreTest {
  private static final int BASE = Ipv4.parse("10.0.0.0");

  @TempDir Path dir;

  static Lease active(int host, long cltt) {
    byte[] mac = {1, 2, 0, 0, (byte) (host >>> 8), (byte) host, (byte) cltt};
    return new Lease(
        BASE + host,
        BindingState.ACTIVE,
        null,
        mac,
        "host-" + host,
        cltt,
        cltt + 3600,
        cltt,
        cltt + 5400,
        cltt + 1800,
        Lease.FLAG_UNACKED);
  }

  private JournaledLeaseStore open(Journal.Options options) throws IOException {
    return JournaledLeaseStore.open(dir, new SimpleMeterRegistry(), options);
  }

  private static Map<Integer, Lease> byAddress(LeaseStore store) {
    Map<Integer, Lease> map = new HashMap<>();
    store.all().forEach(l -> map.put(l.address(), l));
    return map;
  }

  @Test
  void showsAPutAtOnceAndCompletesItOnceDurable() throws IOException {
    try (JournaledLeaseStore store = open(Journal.Options.DEFAULTS)) {
      Lease lease = active(1, 100);
      CompletableFuture<Void> durable = store.put(lease);
      assertThat(store.get(BASE + 1)).isEqualTo(lease);
      assertThat(durable).succeedsWithin(Duration.ofSeconds(5));
      assertThat(store.unavailableReason()).isNull();
      assertThat(store.journalRecords()).isEqualTo(1);
      assertThat(store.journalBytes()).isPositive();
    }
  }

  @Test
  void replaysExactlyWhatWasPutWithLaterPutsWinning() throws IOException {
    Map<Integer, Lease> want = new HashMap<>();
    try (JournaledLeaseStore store = open(Journal.Options.DEFAULTS)) {
      for (int i = 0; i < 300; i++) {
        Lease lease =
            i % 7 == 0 ? Lease.available(BASE + i % 50, BindingState.FREE, i) : active(i % 50, i);
        store.put(lease).join();
        want.put(lease.address(), lease);
      }
    }
    try (JournaledLeaseStore store = open(Journal.Options.DEFAULTS)) {
      assertThat(byAddress(store)).isEqualTo(want);
      assertThat(store.get(BASE + 999)).isNull();
      assertThat(store.journalRecords()).isEqualTo(300);
    }
  }

  @Test
  void concurrentPutsDuringRepeatedCompactionsReplayToTheLastVersions() throws Exception {
    Journal.Options options = Journal.Options.DEFAULTS.withCompaction(100, 2);
    int threads = 4;
    Map<Integer, Lease> memory;
    try (JournaledLeaseStore store = open(options)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<List<CompletableFuture<Void>>>> submitted = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        submitted.add(
            pool.submit(
                () -> {
                  List<CompletableFuture<Void>> futures = new ArrayList<>();
                  for (int i = 0; i < 1000; i++) {
                    futures.add(store.put(active((i * 7 + thread) % 120, thread * 10_000L + i)));
                  }
                  return futures;
                }));
      }
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (var s : submitted) {
        all.addAll(s.get(30, TimeUnit.SECONDS));
      }
      pool.shutdown();
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      store.compact().get(10, TimeUnit.SECONDS);
      assertThat(store.journalRecords()).isLessThan(4000);
      memory = byAddress(store);
    }
    assertThat(memory).hasSize(120);
    try (JournaledLeaseStore store = open(options)) {
      assertThat(byAddress(store)).isEqualTo(memory);
    }
  }

  @Test
  void failsPutsAfterClose() throws IOException {
    JournaledLeaseStore store = open(Journal.Options.DEFAULTS);
    store.close();
    assertThat(store.put(active(1, 1)))
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(StoreUnavailableException.class)
        .withMessageContaining("closed");
  }

  @Test
  void refusesToOpenAJournalHoldingSomethingOtherThanLeases() throws IOException {
    try (Journal journal =
        Journal.open(dir, Journal.Options.DEFAULTS, new SimpleMeterRegistry(), p -> {})) {
      journal.append(LeaseRecordCodec.encode(active(1, 1))).join();
      journal.append(new byte[] {1, 2, 3}).join();
      journal.append(LeaseRecordCodec.encode(active(2, 1))).join();
    }
    assertThatThrownBy(() -> open(Journal.Options.DEFAULTS))
        .isInstanceOf(JournalCorruptException.class)
        .hasMessageContaining(dir.resolve(Journal.FILE_NAME).toString())
        .hasMessageContaining("undecodable payload");
    try (JournaledLeaseStore store = open(Journal.Options.DEFAULTS.withMaxSkippedRecords(1))) {
      assertThat(byAddress(store)).containsOnlyKeys(BASE + 1, BASE + 2);
    }
  }

  @Test
  void createsTheDataDirectory() throws IOException {
    Path nested = dir.resolve("a/b");
    try (JournaledLeaseStore store =
        JournaledLeaseStore.open(nested, new SimpleMeterRegistry(), Journal.Options.DEFAULTS)) {
      store.put(active(3, 3)).join();
    }
    assertThat(Files.size(nested.resolve(Journal.FILE_NAME))).isPositive();
  }
}
