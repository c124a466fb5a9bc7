package io.dhcpfailover.node.journal;

import io.dhcpfailover.node.lease.StoreUnavailableException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only, checksummed record file ({@code leases.journal}) with group commit and online
 * compaction, after the memfile discipline of ISC Kea's lease files.
 *
 * <p><b>Record.</b> {@code magic:u8 (0xDC), version:u8 (1), length:i32, sequence:i64, crc:u32,
 * payload}; the CRC32C covers sequence and payload, sequences strictly increase within a file, and
 * a payload is at most {@link Options#maxRecordBytes()} long.
 *
 * <p><b>Replay</b> ({@link #open}) hands every valid record to a consumer in file order, so later
 * records win. Damage with no valid record after it is a torn tail from a crash mid-write: it is
 * truncated and logged as {@code JOURNAL_TRUNCATED}. Damage that valid records follow is
 * corruption: start-up fails with {@link JournalCorruptException} naming file and offset, unless
 * {@link Options#maxSkippedRecords()} allows skipping it (each skip is logged as {@code
 * JOURNAL_RECORD_SKIPPED}, and a compaction is scheduled to rewrite a clean file).
 *
 * <p><b>Fsync policy.</b> {@link #append} only queues; a single writer thread takes everything
 * queued so far, writes it with one positional write, calls {@code FileChannel.force(false)} once
 * and then completes the futures of that batch. A lone record therefore waits for exactly one fsync
 * and never for a timer; under load many records share an fsync. Futures complete on the writer
 * thread, so their callbacks should be short. A record queued with {@link #appendLazily} does not
 * wake the writer: it goes out with the next batch that has a record from {@link #append}, or
 * {@link #LAZY_MILLIS} ms after it was queued at the latest.
 *
 * <p><b>I/O failure.</b> When a write or fsync fails, the file is truncated back to the end of the
 * last durable batch (so no record of the failed batch can replay), the futures of the batch fail
 * with {@link StoreUnavailableException} ("disk full: ..." or "I/O error: ..."), and {@link
 * #unavailableReason()} reports it until a later batch succeeds.
 *
 * <p><b>Compaction.</b> When the file holds more than {@code max(compactMinRecords, compactFactor ×
 * live)} records (live from the {@link SnapshotSource}), a background thread writes a snapshot to
 * {@code leases.journal.compact} and fsyncs it while appends continue to the old file. The writer
 * keeps the records it appended meanwhile; between two batches it appends them to the new file,
 * fsyncs it, renames it over {@code leases.journal} with {@code ATOMIC_MOVE}, fsyncs the directory
 * and continues on the new file ({@code JOURNAL_COMPACTED}). A {@code .compact} file found at open
 * is the remnant of a crash during compaction and is deleted.
 */
public final class Journal implements AutoCloseable {
  /** The journal's file name inside the data directory. */
  public static final String FILE_NAME = "leases.journal";

  /** The name of the snapshot being written during compaction. */
  public static final String COMPACT_FILE_NAME = FILE_NAME + ".compact";

  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

  /** The longest a record from {@link #appendLazily} waits for a batch to join. */
  public static final long LAZY_MILLIS = 1000;

  /**
   * Tuning of a journal.
   *
   * @param maxSkippedRecords how many damaged regions replay may skip before refusing to start
   * @param maxRecordBytes the largest payload; a longer length field is corruption
   * @param compactMinRecords compaction never starts below this many records in the file
   * @param compactFactor compaction starts beyond this many records per live binding
   */
  public record Options(
      int maxSkippedRecords, int maxRecordBytes, long compactMinRecords, int compactFactor) {
    /** 64 KiB records, no skipping, compaction beyond max(100 000, 4 × live). */
    public static final Options DEFAULTS = new Options(0, 64 * 1024, 100_000, 4);

    public Options {
      if (maxSkippedRecords < 0
          || maxRecordBytes <= 0
          || compactMinRecords < 1
          || compactFactor < 1) {
        throw new IllegalArgumentException(
            "journal options out of range: skipped="
                + maxSkippedRecords
                + " recordBytes="
                + maxRecordBytes
                + " compactMinRecords="
                + compactMinRecords
                + " compactFactor="
                + compactFactor);
      }
    }

    public Options withMaxSkippedRecords(int n) {
      return new Options(n, maxRecordBytes, compactMinRecords, compactFactor);
    }

    public Options withCompaction(long minRecords, int factor) {
      return new Options(maxSkippedRecords, maxRecordBytes, minRecords, factor);
    }
  }

  /** Receives the payload of each valid record during replay. */
  @FunctionalInterface
  public interface RecordConsumer {
    /**
     * Applies one payload.
     *
     * @throws LeaseRecordException when the payload is not understood; replay then treats the
     *     record as corrupt
     */
    void accept(byte[] payload);
  }

  /** The live state that compaction writes as a snapshot. */
  public interface SnapshotSource {
    /** How many bindings are live now (cheap; called after every batch). */
    int liveCount();

    /** The payloads of every live binding now; later appends may or may not be reflected. */
    List<byte[]> snapshot();
  }

  private record Pending(byte[] payload, CompletableFuture<Void> future) {}

  /** What the background compaction produced: a fsync'd snapshot, or why it failed. */
  private record Snapshot(
      FileChannel channel,
      long position,
      long nextSequence,
      long records,
      long startNanos,
      Exception failure) {}

  private final Path dir;
  private final Path file;
  private final Path compactFile;
  private final Options options;
  private final Timer fsyncTimer;
  private final DistributionSummary batchRecords;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private List<Pending> pending = new ArrayList<>();
  /** Records in {@link #pending} that want their fsync now (not from {@link #appendLazily}). */
  private int urgent;
  /** When the oldest lazy record of {@link #pending} was queued (nanoTime). */
  private long lazySince;
  private boolean closed;
  private boolean compactionRequested;
  private List<CompletableFuture<Void>> compactionWaiters = new ArrayList<>();
  private Snapshot snapshotReady;
  private SnapshotSource source;

  // Owned by the writer thread.
  private FileChannel channel;
  private long goodOffset;
  private long nextSequence;
  private boolean needsRepair;
  private List<byte[]> captured;
  private List<CompletableFuture<Void>> runningWaiters = List.of();
  private long compactionBackoffRecords;

  private volatile long records;
  private volatile long bytes;
  private volatile String unavailableReason;
  private final int skippedRecords;
  private final Thread writer;
  private final ExecutorService compactor;

  private Journal(
      Path dir,
      Options options,
      MeterRegistry registry,
      FileChannel channel,
      JournalReader.Result replayed) {
    this.dir = dir;
    this.file = dir.resolve(FILE_NAME);
    this.compactFile = dir.resolve(COMPACT_FILE_NAME);
    this.options = options;
    this.channel = channel;
    this.goodOffset = replayed.goodOffset();
    this.nextSequence = replayed.lastSequence() + 1;
    this.records = replayed.records();
    this.bytes = replayed.goodOffset();
    this.skippedRecords = replayed.skipped();
    this.compactionRequested = replayed.skipped() > 0;
    this.fsyncTimer =
        Timer.builder("dhcp_journal_fsync_seconds")
            .description("Time of one fsync of the lease journal")
            .register(registry);
    this.batchRecords =
        DistributionSummary.builder("dhcp_journal_batch_records")
            .description("Records written per fsync of the lease journal")
            .register(registry);
    this.compactor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "journal-compactor");
              t.setDaemon(true);
              return t;
            });
    this.writer = new Thread(this::writeLoop, "journal-writer");
    this.writer.setDaemon(true);
  }

  /**
   * Opens (creating if needed) the journal in {@code dataDir}, replays it into {@code consumer} and
   * starts the writer.
   *
   * @throws JournalCorruptException when damage is followed by valid records beyond the skip budget
   * @throws IOException when the directory or file cannot be read or created
   */
  public static Journal open(
      Path dataDir, Options options, MeterRegistry registry, RecordConsumer consumer)
      throws IOException {
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve(FILE_NAME);
    Path compact = dataDir.resolve(COMPACT_FILE_NAME);
    if (Files.deleteIfExists(compact)) {
      LOG.warn("JOURNAL_COMPACT_REMNANT_DELETED file={}", compact);
    }
    boolean created = !Files.exists(file);
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    JournalReader.Result result;
    long startNanos = System.nanoTime();
    try {
      if (created) {
        JournalFiles.fsyncDirectory(dataDir);
      }
      result =
          new JournalReader(channel, file, options.maxRecordBytes())
              .replay(consumer, options.maxSkippedRecords());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    LOG.info(
        "JOURNAL_REPLAYED file={} records={} bytes={} skipped={} truncated={} ms={}",
        file,
        result.records(),
        result.goodOffset(),
        result.skipped(),
        result.truncated(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    Journal journal = new Journal(dataDir, options, registry, channel, result);
    journal.writer.start();
    return journal;
  }

  /**
   * Queues {@code payload} (which must not change afterwards) and returns at once. The future
   * completes after the record is fsync'd, or exceptionally with {@link StoreUnavailableException}.
   *
   * @throws IllegalArgumentException when the payload is longer than the record bound
   */
  public CompletableFuture<Void> append(byte[] payload) {
    return queue(payload, false);
  }

  /**
   * Queues {@code payload} like {@link #append}, but asks for no fsync of its own: it is written
   * with the next batch that holds a record from {@link #append}, and at the latest {@link
   * #LAZY_MILLIS} ms from now. Records stay in order, so a record appended after it is durable
   * only once it is. For bookkeeping a crash may lose (it is redone after a restart).
   */
  public CompletableFuture<Void> appendLazily(byte[] payload) {
    return queue(payload, true);
  }

  private CompletableFuture<Void> queue(byte[] payload, boolean lazy) {
    if (payload.length > options.maxRecordBytes()) {
      throw new IllegalArgumentException(
          "journal record of " + payload.length + " bytes exceeds " + options.maxRecordBytes());
    }
    CompletableFuture<Void> future = new CompletableFuture<>();
    lock.lock();
    try {
      if (closed) {
        future.completeExceptionally(new StoreUnavailableException("journal closed", null));
        return future;
      }
      if (lazy) {
        if (pending.isEmpty()) {
          lazySince = System.nanoTime();
          wake.signal(); // an idle writer starts its timed wait
        }
      } else {
        urgent++;
        wake.signal();
      }
      pending.add(new Pending(payload, future));
    } finally {
      lock.unlock();
    }
    return future;
  }

  /**
   * Sets where compaction takes its snapshot from; without one the journal never compacts. If
   * replay skipped damaged records, this starts a compaction to rewrite a clean file.
   */
  public void setSnapshotSource(SnapshotSource snapshotSource) {
    lock.lock();
    try {
      this.source = snapshotSource;
      wake.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Compacts now (unless a compaction is running, in which case one more follows it). Completes
   * when the compacted file is in place, exceptionally when compaction failed.
   */
  public CompletableFuture<Void> compact() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    lock.lock();
    try {
      if (closed) {
        done.completeExceptionally(new StoreUnavailableException("journal closed", null));
      } else if (source == null) {
        done.completeExceptionally(new IllegalStateException("no snapshot source set"));
      } else {
        compactionRequested = true;
        compactionWaiters.add(done);
        wake.signal();
      }
    } finally {
      lock.unlock();
    }
    return done;
  }

  /** Null while appends succeed, else why the last one failed ("disk full: ..."). */
  public String unavailableReason() {
    return unavailableReason;
  }

  /** Records in the current file (after replay, appends and compactions). */
  public long records() {
    return records;
  }

  /** Bytes of valid records in the current file. */
  public long bytes() {
    return bytes;
  }

  /** How many damaged regions replay skipped at open. */
  public int skippedRecords() {
    return skippedRecords;
  }

  /** The journal file. */
  public Path file() {
    return file;
  }

  /**
   * Writes everything queued, abandons a running compaction, stops the threads and closes the file.
   * Later appends fail with {@link StoreUnavailableException}.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    boolean interrupted = false;
    try {
      writer.join();
    } catch (InterruptedException e) {
      interrupted = true;
    }
    compactor.shutdownNow();
    try {
      if (!compactor.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("JOURNAL_COMPACTOR_STUCK file={}", compactFile);
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    lock.lock();
    try {
      if (snapshotReady != null) {
        JournalFiles.closeQuietly(snapshotReady.channel());
        snapshotReady = null;
      }
    } finally {
      lock.unlock();
    }
    try {
      Files.deleteIfExists(compactFile);
    } catch (IOException e) {
      LOG.warn("JOURNAL_CLOSE_FAILED file={} error={}", compactFile, e.toString());
    }
    JournalFiles.closeQuietly(channel);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeLoop() {
    while (true) {
      List<Pending> batch;
      Snapshot snapshot;
      boolean stop;
      lock.lock();
      try {
        while (!closed && snapshotReady == null && !compactionDue()) {
          if (pending.isEmpty()) {
            wake.awaitUninterruptibly();
            continue;
          }
          long left = urgent > 0 ? 0 : lazySince + TimeUnit.MILLISECONDS.toNanos(LAZY_MILLIS) - System.nanoTime();
          if (left <= 0) {
            break;
          }
          try {
            wake.awaitNanos(left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
        batch = pending;
        pending = new ArrayList<>();
        urgent = 0;
        snapshot = closed ? null : snapshotReady;
        if (snapshot != null) {
          snapshotReady = null;
        }
        stop = closed && batch.isEmpty();
      } finally {
        lock.unlock();
      }
      if (!batch.isEmpty()) {
        writeBatch(batch);
      }
      if (snapshot != null) {
        finishCompaction(snapshot);
      }
      if (stop) {
        failWaiters(runningWaiters, new StoreUnavailableException("journal closed", null));
        lock.lock();
        try {
          failWaiters(compactionWaiters, new StoreUnavailableException("journal closed", null));
        } finally {
          lock.unlock();
        }
        return;
      }
      maybeStartCompaction();
    }
  }

  /** Called under the lock: whether the writer should wake to start a compaction. */
  private boolean compactionDue() {
    return compactionRequested && source != null && captured == null;
  }

  private void writeBatch(List<Pending> batch) {
    int size = 0;
    for (Pending p : batch) {
      size += RecordFormat.size(p.payload());
    }
    long firstSequence = nextSequence;
    ByteBuffer buf = ByteBuffer.allocate(size);
    for (Pending p : batch) {
      RecordFormat.put(buf, nextSequence++, p.payload());
    }
    buf.flip();
    try {
      if (needsRepair) {
        channel.truncate(goodOffset);
        needsRepair = false;
      }
      long position = goodOffset;
      while (buf.hasRemaining()) {
        position += channel.write(buf, position);
      }
      long start = System.nanoTime();
      channel.force(false);
      fsyncTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    } catch (IOException e) {
      nextSequence = firstSequence;
      repairAfterFailure();
      StoreUnavailableException failure = markUnavailable(e);
      for (Pending p : batch) {
        p.future().completeExceptionally(failure);
      }
      return;
    }
    goodOffset += size;
    records += batch.size();
    bytes = goodOffset;
    batchRecords.record(batch.size());
    if (captured != null) {
      for (Pending p : batch) {
        captured.add(p.payload());
      }
    }
    markAvailable();
    for (Pending p : batch) {
      p.future().complete(null);
    }
  }

  /** Cuts a partly written batch off so it cannot replay; retried before the next write. */
  private void repairAfterFailure() {
    needsRepair = true;
    try {
      channel.truncate(goodOffset);
      channel.force(false);
      needsRepair = false;
    } catch (IOException e) {
      LOG.debug("journal truncate to {} failed, will retry: {}", goodOffset, e.toString());
    }
  }

  private StoreUnavailableException markUnavailable(IOException e) {
    String reason = (isDiskFull(e) ? "disk full: " : "I/O error: ") + e.getMessage();
    if (unavailableReason == null) {
      LOG.error("JOURNAL_UNAVAILABLE file={} reason={}", file, reason);
    }
    unavailableReason = reason;
    return new StoreUnavailableException(reason, e);
  }

  private void markAvailable() {
    if (unavailableReason != null) {
      LOG.info("JOURNAL_AVAILABLE file={} after={}", file, unavailableReason);
      unavailableReason = null;
    }
  }

  private boolean isDiskFull(IOException e) {
    String message = e.getMessage();
    if (message != null && (message.contains("No space left") || message.contains("quota"))) {
      return true;
    }
    try {
      return Files.getFileStore(dir).getUsableSpace() < 64 * 1024;
    } catch (IOException ignored) {
      return false;
    }
  }

  private void maybeStartCompaction() {
    SnapshotSource src;
    boolean requested;
    lock.lock();
    try {
      if (closed || source == null || captured != null) {
        return;
      }
      src = source;
      requested = compactionRequested;
    } finally {
      lock.unlock();
    }
    long threshold =
        Math.max(options.compactMinRecords(), (long) options.compactFactor() * src.liveCount());
    boolean grown = records > threshold && records >= compactionBackoffRecords;
    if (!requested && !grown) {
      return;
    }
    lock.lock();
    try {
      compactionRequested = false;
      runningWaiters = compactionWaiters;
      compactionWaiters = new ArrayList<>();
    } finally {
      lock.unlock();
    }
    captured = new ArrayList<>();
    long startNanos = System.nanoTime();
    try {
      compactor.execute(() -> writeSnapshot(src, startNanos));
    } catch (RuntimeException e) {
      captured = null;
      failWaiters(runningWaiters, e);
    }
  }

  /** Runs on the compactor thread: writes and fsyncs the snapshot, then hands it to the writer. */
  private void writeSnapshot(SnapshotSource src, long startNanos) {
    Snapshot result;
    try {
      List<byte[]> live = src.snapshot();
      JournalFiles.Written w = JournalFiles.writeSnapshot(compactFile, live);
      result = new Snapshot(w.channel(), w.bytes(), w.nextSequence(), live.size(), startNanos, null);
    } catch (IOException | RuntimeException e) {
      result = new Snapshot(null, 0, 0, 0, startNanos, e);
    }
    lock.lock();
    try {
      if (closed) {
        JournalFiles.closeQuietly(result.channel());
      } else {
        snapshotReady = result;
        wake.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** On the writer thread: appends what was written meanwhile and swaps the files. */
  private void finishCompaction(Snapshot snapshot) {
    List<byte[]> meanwhile = captured;
    captured = null;
    List<CompletableFuture<Void>> waiters = runningWaiters;
    runningWaiters = List.of();
    if (snapshot.failure() != null) {
      compactionFailed(snapshot.failure(), waiters);
      return;
    }
    FileChannel out = snapshot.channel();
    long position = snapshot.position();
    long sequence = snapshot.nextSequence();
    boolean moved = false;
    try {
      if (!meanwhile.isEmpty()) {
        int size = 0;
        for (byte[] payload : meanwhile) {
          size += RecordFormat.size(payload);
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        for (byte[] payload : meanwhile) {
          RecordFormat.put(buf, sequence++, payload);
        }
        buf.flip();
        while (buf.hasRemaining()) {
          position += out.write(buf, position);
        }
        out.force(false);
      }
      Files.move(compactFile, file, StandardCopyOption.ATOMIC_MOVE);
      moved = true;
      JournalFiles.fsyncDirectory(dir);
    } catch (IOException e) {
      if (!moved) {
        JournalFiles.closeQuietly(out);
        compactionFailed(e, waiters);
        return;
      }
      LOG.warn("JOURNAL_DIRECTORY_FSYNC_FAILED dir={} error={}", dir, e.toString());
    }
    long before = bytes;
    JournalFiles.closeQuietly(channel);
    channel = out;
    goodOffset = position;
    nextSequence = sequence;
    needsRepair = false;
    records = snapshot.records() + meanwhile.size();
    bytes = position;
    compactionBackoffRecords = 0;
    LOG.info(
        "JOURNAL_COMPACTED records={} bytes={} previousBytes={} ms={}",
        records,
        position,
        before,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - snapshot.startNanos()));
    for (CompletableFuture<Void> waiter : waiters) {
      waiter.complete(null);
    }
  }

  private void compactionFailed(Exception e, List<CompletableFuture<Void>> waiters) {
    try {
      Files.deleteIfExists(compactFile);
    } catch (IOException ignored) {
      // left for the next open to delete
    }
    compactionBackoffRecords = records + options.compactMinRecords();
    LOG.warn("JOURNAL_COMPACTION_FAILED file={} error={}", compactFile, e.toString());
    failWaiters(waiters, e);
  }

  private static void failWaiters(List<CompletableFuture<Void>> waiters, Throwable e) {
    for (CompletableFuture<Void> waiter : waiters) {
      waiter.completeExceptionally(e);
    }
  }
}
