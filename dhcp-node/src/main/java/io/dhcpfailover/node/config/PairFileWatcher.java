package io.dhcpfailover.node.config;

import io.dhcpfailover.api.v1alpha1.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a pair file for changes (by content, so a Kubernetes ConfigMap's atomic symlink swap and
 * an editor's in-place write are both seen) and hands every changed version, fully validated, to
 * the node; a version that fails validation is reported and not used.
 */
public final class PairFileWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PairFileWatcher.class);

  private final Path file;
  private final Role role;
  private final LocalInterfaces interfaces;
  private final Consumer<NodeConfig> onValid;
  private final Consumer<ConfigException> onInvalid;
  private final ScheduledExecutorService timer;
  private byte[] lastDigest;

  public PairFileWatcher(
      Path file,
      Role role,
      LocalInterfaces interfaces,
      Consumer<NodeConfig> onValid,
      Consumer<ConfigException> onInvalid) {
    this.file = file;
    this.role = role;
    this.interfaces = interfaces;
    this.onValid = onValid;
    this.onInvalid = onInvalid;
    this.lastDigest = digest();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "config-watch");
              t.setDaemon(true);
              return t;
            });
  }

  /** Checks the file every {@code periodMillis}. */
  public void start(long periodMillis) {
    timer.scheduleWithFixedDelay(this::check, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Looks at the file once (the timer calls this; tests may too). */
  public void check() {
    try {
      byte[] d = digest();
      if (d == null || Arrays.equals(d, lastDigest)) {
        return;
      }
      lastDigest = d;
      LOG.info("CONFIG_CHANGED file={}", file);
      NodeConfig next;
      try {
        next = ConfigLoader.load(file, role, interfaces);
      } catch (ConfigException e) {
        LOG.error("CONFIG_REJECTED file={}: keeping the running configuration:\n{}", file, e.getMessage());
        onInvalid.accept(e);
        return;
      }
      onValid.accept(next);
    } catch (RuntimeException e) {
      LOG.error("CONFIG_WATCH_FAILED file={}", file, e);
    }
  }

  private byte[] digest() {
    try {
      return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    } catch (IOException e) {
      return null; // mid-swap or gone: look again next time
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
