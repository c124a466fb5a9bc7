package io.dhcpfailover.node.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.util.AllocationMeter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes journal replay: {@link JournalReader} over a file image, each record's payload read by
 * {@link LeaseRecordCodec} as the lease store does. The input is a {@link JournalImage}; the seed
 * corpus ({@code JournalReaderFuzzTestInputs/replaysOrRefuses/}) holds journals of the bindings in
 * the golden failover captures, whole, torn and damaged. Under {@code mvn verify} each seed is
 * replayed, with {@code JAZZER_FUZZ=1} the target is fuzzed.
 *
 * <ul>
 *   <li>Replay returns, or refuses with {@link JournalCorruptException} (damage followed by valid
 *       records beyond the skip budget); a payload the codec rejects with {@link
 *       LeaseRecordException} counts as damage. Any other throwable is a finding.
 *   <li>The result agrees with the file: records applied, skipped within the budget, a torn tail
 *       found (and cut off a writable file, which changes only to a prefix of itself; a read-only
 *       file is never written).
 *   <li>Every applied payload re-encodes from its lease byte for byte.
 *   <li>Replaying the repaired file again applies the same records and cuts nothing.
 *   <li>Replay allocates at most a fixed amount plus a small multiple of the file's size.
 * </ul>
 */
class JournalReaderFuzzTest {
  static final int MAX_RECORD_BYTES = Journal.Options.DEFAULTS.maxRecordBytes();
  static final long FIXED_BUDGET = 64 * 1024;
  static final long PER_BYTE_BUDGET = 64;
  private static final Path FILE = Path.of(Journal.FILE_NAME);

  /** What one replay did. */
  record Replay(
      JournalReader.Result result,
      JournalCorruptException refused,
      List<byte[]> applied,
      List<Lease> leases,
      byte[] after) {}

  @FuzzTest
  void replaysOrRefuses(byte[] input) throws IOException {
    JournalImage in = JournalImage.parse(input);
    Replay first = replay(in.image(), in.writable(), in.maxSkipped());
    AllocationMeter.assertWithinBudget(
        () -> allocationOf(in), FIXED_BUDGET, PER_BYTE_BUDGET, in.image().length, "replaying");

    if (first.refused() != null) {
      assertThat(first.refused().offset()).isBetween(0L, (long) in.image().length);
      assertThat(first.after()).as("a refused file is left alone").isEqualTo(in.image());
      return;
    }
    JournalReader.Result r = first.result();
    assertThat(r.records()).isEqualTo(first.applied().size());
    assertThat(r.skipped()).isBetween(0, in.maxSkipped());
    if (r.truncated()) {
      assertThat(r.goodOffset()).isLessThan(in.image().length);
      assertThat(first.after())
          .as("a torn tail is cut off a writable file, a read-only file is left alone")
          .isEqualTo(in.writable() ? Arrays.copyOf(in.image(), (int) r.goodOffset()) : in.image());
    } else {
      assertThat(r.goodOffset()).isEqualTo(in.image().length);
      assertThat(first.after()).isEqualTo(in.image());
    }
    for (int i = 0; i < first.applied().size(); i++) {
      byte[] payload = first.applied().get(i);
      assertThat(payload.length).isLessThanOrEqualTo(MAX_RECORD_BYTES);
      assertThat(LeaseRecordCodec.encode(first.leases().get(i)))
          .as("encode(decode(payload))")
          .isEqualTo(payload);
    }
    if (in.writable()) {
      Replay again = replay(first.after(), true, in.maxSkipped());
      assertThat(again.refused()).isNull();
      assertThat(again.result().truncated()).isFalse();
      assertThat(again.result().skipped()).isEqualTo(r.skipped());
      assertThat(again.applied()).containsExactlyElementsOf(first.applied());
    }
  }

  private static Replay replay(byte[] image, boolean writable, int maxSkipped)
      throws IOException {
    InMemoryFileChannel channel = new InMemoryFileChannel(image, writable);
    List<byte[]> applied = new ArrayList<>();
    List<Lease> leases = new ArrayList<>();
    try {
      JournalReader.Result result =
          new JournalReader(channel, FILE, MAX_RECORD_BYTES, writable)
              .replay(
                  payload -> {
                    leases.add(LeaseRecordCodec.decode(payload));
                    applied.add(payload);
                  },
                  maxSkipped);
      return new Replay(result, null, applied, leases, channel.contents());
    } catch (JournalCorruptException e) {
      return new Replay(null, e, applied, leases, channel.contents());
    }
  }

  /** Bytes allocated by one replay of {@code in}, the reader and the codec, nothing else. */
  private static long allocationOf(JournalImage in) {
    InMemoryFileChannel channel = new InMemoryFileChannel(in.image(), in.writable());
    AllocationMeter meter = AllocationMeter.start();
    try {
      new JournalReader(channel, FILE, MAX_RECORD_BYTES, in.writable())
          .replay(LeaseRecordCodec::decode, in.maxSkipped());
    } catch (JournalCorruptException e) {
      // checked by the caller
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return meter.allocated();
  }
}
