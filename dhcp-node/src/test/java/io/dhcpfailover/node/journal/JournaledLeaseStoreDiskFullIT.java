package io.dhcpfailover.node.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.lease.StoreUnavailableException;
import io.dhcpfailover.node.lease.LeaseStore;
import io.dhcpfailover.node.journal.Journal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import io.dhcpfailover.node.it.Requirements;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fills a real, tiny tmpfs under the journal and checks that nothing acknowledged is lost. */
class JournaledLeaseStoreDiskFullIT {
  private static final Journal.Options NO_COMPACTION =
      Journal.Options.DEFAULTS.withCompaction(1_000_000, 4);

  @TempDir Path dir;

  private Path mountPoint;
  private boolean mounted;

  @BeforeEach
  void mountTinyTmpfs() throws Exception {
    Requirements.require(
        "0".equals(run("id", "-u").trim()),
        "root: mounting a 64 KiB tmpfs to fill the disk for real (run the tests as root)");
    mountPoint = Files.createDirectory(dir.resolve("tiny"));
    String out = run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint.toString());
    mounted = true;
    assertThat(Files.getFileStore(mountPoint).getTotalSpace()).as(out).isLessThan(1 << 20);
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      run("umount", mountPoint.toString());
    }
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  private static void fill(Path file) {
    byte[] chunk = new byte[4096];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(chunk);
        out.flush();
      }
    } catch (IOException expected) {
      // the file system is full
    }
  }

  private static Map<Integer, Lease> byAddress(LeaseStore store) {
    Map<Integer, Lease> map = new HashMap<>();
    store.all().forEach(l -> map.put(l.address(), l));
    return map;
  }

  @Test
  void failsPutsWhileTheDiskIsFullAndRecoversWithoutLosingAcknowledgedLeases() throws Exception {
    Path dataDir = mountPoint.resolve("data");
    Path filler = mountPoint.resolve("filler");
    Map<Integer, Lease> acked = new HashMap<>();
    try (JournaledLeaseStore store =
        JournaledLeaseStore.open(dataDir, new SimpleMeterRegistry(), NO_COMPACTION)) {
      for (int i = 0; i < 20; i++) {
        Lease lease = JournaledLeaseStoreTest.active(i, i);
        store.put(lease).get(5, TimeUnit.SECONDS);
        acked.put(lease.address(), lease);
      }

      fill(filler);
      Throwable failure = null;
      for (int i = 20; i < 5000 && failure == null; i++) {
        Lease lease = JournaledLeaseStoreTest.active(i, i);
        try {
          store.put(lease).get(5, TimeUnit.SECONDS);
          acked.put(lease.address(), lease);
        } catch (ExecutionException e) {
          failure = e.getCause();
        }
      }
      if (failure == null) {
        fail("no put failed on a full disk");
      }
      assertThat(failure)
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageStartingWith("disk full: ");
      assertThat(store.unavailableReason()).startsWith("disk full: ");
      assertThat(store.put(JournaledLeaseStoreTest.active(9000, 1)))
          .failsWithin(Duration.ofSeconds(5));

      Files.delete(filler);
      Lease after = JournaledLeaseStoreTest.active(9001, 2);
      store.put(after).get(5, TimeUnit.SECONDS);
      acked.put(after.address(), after);
      assertThat(store.unavailableReason()).isNull();
      for (Map.Entry<Integer, Lease> e : acked.entrySet()) {
        assertThat(store.get(e.getKey())).isEqualTo(e.getValue());
      }
    }

    try (JournaledLeaseStore store =
        JournaledLeaseStore.open(dataDir, new SimpleMeterRegistry(), NO_COMPACTION)) {
      assertThat(byAddress(store))
          .as("exactly the acknowledged leases replay; failed puts left no record")
          .isEqualTo(acked);
    }
  }
}
