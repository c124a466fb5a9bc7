package io.dhcpfailover.node.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.journal.Journal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a process with SIGKILL while it puts leases; no acknowledged lease may be lost. */
class JournaledLeaseStoreKillIT {
  private static final Pattern ACK = Pattern.compile("^ACK (-?\\d+) (\\d+) \\.$");

  @TempDir Path dir;

  @Test
  void keepsEveryAcknowledgedLeaseAcrossKillNine() throws Exception {
    Path dataDir = dir.resolve("data");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                JournalLoadMain.class.getName(),
                dataDir.toString(),
                "1000000",
                "60")
            .redirectError(dir.resolve("child.err").toFile())
            .start();
    Map<Integer, Long> acked = new HashMap<>();
    AtomicInteger ackCount = new AtomicInteger();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  Matcher m = ACK.matcher(line);
                  if (m.matches()) {
                    synchronized (acked) {
                      acked.merge(
                          Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)), Math::max);
                    }
                    ackCount.incrementAndGet();
                  }
                }
              } catch (java.io.IOException e) {
                // the pipe closes when the child dies
              }
            });
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (ackCount.get() < 5000 && child.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(child.isAlive()).as("the child is still loading when killed").isTrue();
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    reader.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(ackCount.get()).as("acknowledged puts before the kill").isGreaterThan(500);

    try (JournaledLeaseStore store =
        JournaledLeaseStore.open(dataDir, new SimpleMeterRegistry(), Journal.Options.DEFAULTS)) {
      assertThat(dataDir.resolve(Journal.COMPACT_FILE_NAME)).doesNotExist();
      for (Map.Entry<Integer, Long> e : acked.entrySet()) {
        Lease replayed = store.get(e.getKey());
        assertThat(replayed)
            .as("lease %d acknowledged at cltt %d", e.getKey(), e.getValue())
            .isNotNull();
        assertThat(replayed.cltt()).isGreaterThanOrEqualTo(e.getValue());
        int host = (int) (replayed.cltt() % JournalLoadMain.ADDRESSES);
        assertThat(replayed).isEqualTo(JournaledLeaseStoreTest.active(host, replayed.cltt()));
      }
      List<Lease> all = List.copyOf(store.all());
      assertThat(all).hasSizeGreaterThanOrEqualTo(acked.size());
    }
  }
}
