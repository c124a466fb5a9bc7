package io.dhcpfailover.node.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dhcpfailover.node.lease.StoreUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  private static final Journal.Options OPTIONS = Journal.Options.DEFAULTS;

  @TempDir Path dir;

  private final MeterRegistry registry = new SimpleMeterRegistry();

  private static byte[] payload(int i) {
    return ("record-" + i).getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> texts(List<byte[]> payloads) {
    return payloads.stream().map(p -> new String(p, StandardCharsets.UTF_8)).toList();
  }

  private static List<String> expected(int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add("record-" + i);
    }
    return out;
  }

  /** Writes records 0..n-1 and returns the byte offset where each starts, plus the file end. */
  private long[] writeRecords(Path dataDir, int n) throws IOException {
    long[] offsets = new long[n + 1];
    try (Journal journal = Journal.open(dataDir, OPTIONS, registry, p -> {})) {
      List<CompletableFuture<Void>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        offsets[i + 1] = offsets[i] + RecordFormat.HEADER_BYTES + payload(i).length;
        futures.add(journal.append(payload(i)));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    }
    return offsets;
  }

  private List<byte[]> replay(Path dataDir, Journal.Options options) throws IOException {
    List<byte[]> seen = new ArrayList<>();
    Journal.open(dataDir, options, new SimpleMeterRegistry(), seen::add).close();
    return seen;
  }

  private static void patch(Path file, long offset, byte[] bytes) throws IOException {
    byte[] content = Files.readAllBytes(file);
    System.arraycopy(bytes, 0, content, (int) offset, bytes.length);
    Files.write(file, content);
  }

  private static void flip(Path file, long offset) throws IOException {
    byte[] content = Files.readAllBytes(file);
    content[(int) offset] ^= 0x40;
    Files.write(file, content);
  }

  @Test
  void replaysEveryRecordInOrder() throws IOException {
    writeRecords(dir, 50);
    assertThat(texts(replay(dir, OPTIONS))).isEqualTo(expected(0, 50));
  }

  @Test
  void appendsAfterReopenFollowTheReplayedRecords() throws IOException {
    writeRecords(dir, 3);
    try (Journal journal = Journal.open(dir, OPTIONS, registry, p -> {})) {
      assertThat(journal.records()).isEqualTo(3);
      journal.append(payload(3)).join();
      assertThat(journal.records()).isEqualTo(4);
    }
    assertThat(texts(replay(dir, OPTIONS))).isEqualTo(expected(0, 4));
  }

  @Test
  void truncatesATornLastRecordAtEveryCutOffset() throws IOException {
    Path source = dir.resolve("source");
    long[] offsets = writeRecords(source, 5);
    byte[] full = Files.readAllBytes(source.resolve(Journal.FILE_NAME));
    assertThat((long) full.length).isEqualTo(offsets[5]);
    for (long cut = offsets[4] + 1; cut < offsets[5]; cut++) {
      Path copy = dir.resolve("cut-" + cut);
      Files.createDirectories(copy);
      Files.write(copy.resolve(Journal.FILE_NAME), Arrays.copyOf(full, (int) cut));

      assertThat(texts(replay(copy, OPTIONS))).as("cut at %d", cut).isEqualTo(expected(0, 4));
      assertThat(Files.size(copy.resolve(Journal.FILE_NAME))).isEqualTo(offsets[4]);
    }
  }

  @Test
  void truncatesALastRecordWithABadCrc() throws IOException {
    long[] offsets = writeRecords(dir, 5);
    flip(dir.resolve(Journal.FILE_NAME), offsets[5] - 1);

    assertThat(texts(replay(dir, OPTIONS))).isEqualTo(expected(0, 4));
    assertThat(Files.size(dir.resolve(Journal.FILE_NAME))).isEqualTo(offsets[4]);
  }

  @Test
  void truncatesGarbageAfterTheLastRecord() throws IOException {
    long[] offsets = writeRecords(dir, 5);
    Files.write(dir.resolve(Journal.FILE_NAME), new byte[100], StandardOpenOption.APPEND);

    assertThat(texts(replay(dir, OPTIONS))).isEqualTo(expected(0, 5));
    assertThat(Files.size(dir.resolve(Journal.FILE_NAME))).isEqualTo(offsets[5]);
  }

  @Test
  void keepsAppendingAfterTruncatingATornTail() throws IOException {
    long[] offsets = writeRecords(dir, 5);
    Path file = dir.resolve(Journal.FILE_NAME);
    Files.write(file, Arrays.copyOf(Files.readAllBytes(file), (int) offsets[5] - 3));
    try (Journal journal = Journal.open(dir, OPTIONS, registry, p -> {})) {
      journal.append(payload(4)).join();
      journal.append(payload(5)).join();
    }
    assertThat(texts(replay(dir, OPTIONS))).isEqualTo(expected(0, 6));
  }

  @Test
  void refusesToStartOnAFlippedByteMidFile() throws IOException {
    long[] offsets = writeRecords(dir, 10);
    Path file = dir.resolve(Journal.FILE_NAME);
    flip(file, offsets[3] + RecordFormat.HEADER_BYTES + 2);

    assertThatThrownBy(() -> replay(dir, OPTIONS))
        .isInstanceOf(JournalCorruptException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("offset " + offsets[3])
        .hasMessageContaining("bad CRC")
        .satisfies(e -> assertThat(((JournalCorruptException) e).offset()).isEqualTo(offsets[3]));
    assertThat(Files.size(file)).as("a corrupt file is left alone").isEqualTo(offsets[10]);
  }

  @Test
  void skipsACorruptRecordWhenAllowedAndCountsIt() throws IOException {
    long[] offsets = writeRecords(dir, 10);
    flip(dir.resolve(Journal.FILE_NAME), offsets[3] + RecordFormat.HEADER_BYTES + 2);

    List<byte[]> seen = new ArrayList<>();
    try (Journal journal =
        Journal.open(dir, OPTIONS.withMaxSkippedRecords(1), registry, seen::add)) {
      assertThat(journal.skippedRecords()).isEqualTo(1);
      assertThat(journal.records()).isEqualTo(9);
    }
    List<String> want = expected(0, 10);
    want.remove("record-3");
    assertThat(texts(seen)).isEqualTo(want);
  }

  @Test
  void refusesMoreCorruptRecordsThanAllowed() throws IOException {
    long[] offsets = writeRecords(dir, 10);
    flip(dir.resolve(Journal.FILE_NAME), offsets[2] + RecordFormat.HEADER_BYTES);
    flip(dir.resolve(Journal.FILE_NAME), offsets[6] + RecordFormat.HEADER_BYTES);

    assertThatThrownBy(() -> replay(dir, OPTIONS.withMaxSkippedRecords(1)))
        .isInstanceOf(JournalCorruptException.class)
        .hasMessageContaining("offset " + offsets[6]);
  }

  @Test
  void treatsAnOversizeLengthMidFileAsCorruption() throws IOException {
    long[] offsets = writeRecords(dir, 10);
    patch(
        dir.resolve(Journal.FILE_NAME),
        offsets[4] + 2,
        ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array());

    assertThatThrownBy(() -> replay(dir, OPTIONS))
        .isInstanceOf(JournalCorruptException.class)
        .hasMessageContaining("offset " + offsets[4])
        .hasMessageContaining("bad length " + Integer.MAX_VALUE);
  }

  @Test
  void truncatesAnOversizeLengthInTheLastRecord() throws IOException {
    long[] offsets = writeRecords(dir, 5);
    patch(
        dir.resolve(Journal.FILE_NAME),
        offsets[4] + 2,
        ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array());

    assertThat(texts(replay(dir, OPTIONS))).isEqualTo(expected(0, 4));
  }

  @Test
  void treatsAnUndecodablePayloadAsCorruption() throws IOException {
    long[] offsets = writeRecords(dir, 5);

    assertThatThrownBy(
            () ->
                Journal.open(
                    dir,
                    OPTIONS,
                    registry,
                    p -> {
                      if (Arrays.equals(p, payload(2))) {
                        throw new LeaseRecordException("not a lease");
                      }
                    }))
        .isInstanceOf(JournalCorruptException.class)
        .hasMessageContaining("offset " + offsets[2])
        .hasMessageContaining("not a lease");
  }

  @Test
  void aLoneRecordCompletesAfterOneFsync() throws IOException {
    try (Journal journal = Journal.open(dir, OPTIONS, registry, p -> {})) {
      journal.append(payload(0)).orTimeout(5, TimeUnit.SECONDS).join();
      assertThat(registry.get("dhcp_journal_fsync_seconds").timer().count()).isEqualTo(1);
      assertThat(registry.get("dhcp_journal_batch_records").summary().totalAmount()).isEqualTo(1);
    }
  }

  @Test
  void groupCommitsConcurrentAppendsIntoFewerFsyncsThanRecords() throws Exception {
    int threads = 8;
    int perThread = 250;
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    try (Journal journal = Journal.open(dir, OPTIONS, registry, p -> {})) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<CompletableFuture<Void>>>> submitted = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        submitted.add(
            pool.submit(
                () -> {
                  start.await();
                  List<CompletableFuture<Void>> mine = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    mine.add(journal.append(payload(base + i)));
                  }
                  return mine;
                }));
      }
      start.countDown();
      for (var s : submitted) {
        futures.addAll(s.get(30, TimeUnit.SECONDS));
      }
      pool.shutdown();
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

      long fsyncs = registry.get("dhcp_journal_fsync_seconds").timer().count();
      var batches = registry.get("dhcp_journal_batch_records").summary();
      assertThat(batches.totalAmount()).isEqualTo(threads * perThread);
      assertThat(batches.count()).isEqualTo(fsyncs).isLessThan(threads * perThread);
    }
    List<String> replayed = texts(replay(dir, OPTIONS));
    assertThat(replayed).containsExactlyInAnyOrderElementsOf(expected(0, threads * perThread));
  }

  @Test
  void failsAppendsAfterClose() throws IOException {
    Journal journal = Journal.open(dir, OPTIONS, registry, p -> {});
    journal.close();
    assertThat(journal.append(payload(0)))
        .failsWithin(Duration.ofSeconds(5))
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void rejectsAPayloadLongerThanTheRecordBound() throws IOException {
    try (Journal journal = Journal.open(dir, OPTIONS, registry, p -> {})) {
      assertThatThrownBy(() -> journal.append(new byte[OPTIONS.maxRecordBytes() + 1]))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void deletesALeftoverCompactFileAtOpen() throws IOException {
    writeRecords(dir, 3);
    Files.write(dir.resolve(Journal.COMPACT_FILE_NAME), new byte[] {1, 2, 3});

    assertThat(texts(replay(dir, OPTIONS))).isEqualTo(expected(0, 3));
    assertThat(dir.resolve(Journal.COMPACT_FILE_NAME)).doesNotExist();
  }

  /** A key-value model of live state: payload "key=value", later wins. */
  private static final class Model implements Journal.SnapshotSource {
    final Map<String, String> live = new ConcurrentHashMap<>();
    volatile CountDownLatch snapshotTaken = new CountDownLatch(0);
    volatile CountDownLatch release = new CountDownLatch(0);

    static byte[] entry(String key, String value) {
      return (key + "=" + value).getBytes(StandardCharsets.UTF_8);
    }

    static void apply(Map<String, String> into, byte[] payload) {
      String[] kv = new String(payload, StandardCharsets.UTF_8).split("=", 2);
      into.put(kv[0], kv[1]);
    }

    CompletableFuture<Void> put(Journal journal, String key, String value) {
      synchronized (this) {
        live.put(key, value);
        return journal.append(entry(key, value));
      }
    }

    @Override
    public int liveCount() {
      return live.size();
    }

    @Override
    public List<byte[]> snapshot() {
      List<byte[]> out = new ArrayList<>();
      live.forEach((k, v) -> out.add(entry(k, v)));
      snapshotTaken.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return out;
    }
  }

  private Map<String, String> replayModel(Path dataDir) throws IOException {
    Map<String, String> state = new HashMap<>();
    Journal.open(dataDir, OPTIONS, new SimpleMeterRegistry(), p -> Model.apply(state, p)).close();
    return state;
  }

  @Test
  void compactionKeepsLiveStateAndAppendsMadeWhileItRuns() throws Exception {
    Model model = new Model();
    try (Journal journal = Journal.open(dir, OPTIONS, registry, p -> {})) {
      journal.setSnapshotSource(model);
      for (int i = 0; i < 200; i++) {
        model.put(journal, "k" + (i % 20), "v" + i).join();
      }
      long before = Files.size(dir.resolve(Journal.FILE_NAME));
      model.snapshotTaken = new CountDownLatch(1);
      model.release = new CountDownLatch(1);

      CompletableFuture<Void> compaction = journal.compact();
      assertThat(model.snapshotTaken.await(10, TimeUnit.SECONDS)).isTrue();
      List<CompletableFuture<Void>> during = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        during.add(model.put(journal, "k" + (i % 25), "during" + i));
      }
      CompletableFuture.allOf(during.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      assertThat(compaction).as("compaction waits for its snapshot").isNotDone();
      model.release.countDown();
      compaction.get(10, TimeUnit.SECONDS);

      assertThat(dir.resolve(Journal.COMPACT_FILE_NAME)).doesNotExist();
      assertThat(journal.records()).isEqualTo(20 + 30);
      assertThat(journal.bytes()).isLessThan(before);
      model.put(journal, "after", "compaction").join();
    }
    assertThat(replayModel(dir)).isEqualTo(model.live);
  }

  @Test
  void compactsByItselfOnceTheFileOutgrowsTheLiveState() throws Exception {
    Model model = new Model();
    Journal.Options small = OPTIONS.withCompaction(50, 2);
    try (Journal journal = Journal.open(dir, small, registry, p -> {})) {
      journal.setSnapshotSource(model);
      for (int i = 0; i < 500; i++) {
        model.put(journal, "k" + (i % 10), "v" + i).join();
      }
      assertThat(journal.records()).isLessThanOrEqualTo(51);
    }
    assertThat(replayModel(dir)).isEqualTo(model.live);
  }

  @Test
  void compactionAfterSkippingRewritesACleanFile() throws Exception {
    long[] offsets = writeRecords(dir, 10);
    flip(dir.resolve(Journal.FILE_NAME), offsets[3] + RecordFormat.HEADER_BYTES + 2);
    Map<String, String> state = new ConcurrentHashMap<>();
    Model model = new Model();
    try (Journal journal =
        Journal.open(
            dir,
            OPTIONS.withMaxSkippedRecords(1),
            registry,
            p -> model.live.put(new String(p, StandardCharsets.UTF_8), "x"))) {
      journal.setSnapshotSource(model);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> journal.records() == 9 && journal.bytes() < offsets[10]);
    }
    Journal.open(dir, OPTIONS, registry, p -> Model.apply(state, p)).close();
    assertThat(state).hasSize(9).doesNotContainKey("record-3");
  }
}
