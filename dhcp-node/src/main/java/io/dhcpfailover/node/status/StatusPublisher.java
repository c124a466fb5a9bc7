package io.dhcpfailover.node.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.LeaseCounts;
import io.dhcpfailover.api.v1alpha1.NodeStatus;
import io.dhcpfailover.api.v1alpha1.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one node's own entry of a {@link DhcpFailoverPair}'s status: {@code status.primary} or
 * {@code status.secondary}.
 *
 * <p>Each write is a JSON merge patch (RFC 7386) on the {@code status} subresource whose body
 * carries only this node's key, e.g. {@code {"status":{"primary":{...}}}}, so it never touches the
 * operator's keys ({@code observedGeneration}, {@code conditions}, {@code upgrade}, ...) or the
 * partner's entry. Fields of the entry that the source leaves empty are sent as explicit {@code
 * null}, which removes them (a cleared {@code configError} disappears). The patch carries no {@code
 * resourceVersion}, so it never conflicts with other writers.
 *
 * <p>The patch carries no query string (the mock API server used in tests drops a status merge
 * patch that has one). The client reads the pair before patching it, so a node needs RBAC {@code
 * get} on {@code dhcpfailoverpairs} and {@code patch} on {@code dhcpfailoverpairs/status}; a pair
 * that does not exist shows as a 404 failure and is retried.
 *
 * <p>When it writes, all on one daemon thread started by the constructor:
 *
 * <ol>
 *   <li>at once after {@link #notifyChanged()} (the node calls it on a failover state change);
 *   <li>otherwise when the content (ignoring {@code updated}) differs from the last write, at most
 *       once per {@code minInterval};
 *   <li>and as a heartbeat, refreshing {@code updated}, when nothing was written for {@link
 *       #DEFAULT_HEARTBEAT}.
 * </ol>
 *
 * <p>A failed write (API server unreachable, the pair gone, 409, 5xx, ...) is logged once per
 * failure streak as {@code STATUS_PUBLISH_FAILED} and retried with exponential backoff (1 s
 * doubling up to 30 s); the first success after that logs {@code STATUS_PUBLISH_RECOVERED}. Nothing
 * here ever blocks the caller of {@link #notifyChanged()}: the DHCP path never waits on the API
 * server.
 */
public final class StatusPublisher implements AutoCloseable {

  /** Longest time without a write: the heartbeat that refreshes {@code updated}. */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(30);

  /** First retry delay after a failed write. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);

  /** Longest retry delay after repeated failed writes. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);
  private static final String UPDATED = "updated";
  private static final long MIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long CLOSE_WAIT_MILLIS = 1000;

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .addMixIn(NodeStatus.class, ExplicitNulls.class)
          .addMixIn(LeaseCounts.class, ExplicitNulls.class);

  private final KubernetesClient client;
  private final boolean ownsClient;
  private final String namespace;
  private final String pairName;
  private final String roleKey;
  private final Supplier<NodeStatus> source;
  private final Clock clock;
  private final long minIntervalNanos;
  private final long heartbeatNanos;
  private final long initialBackoffNanos;
  private final long maxBackoffNanos;
  private final AtomicBoolean changed = new AtomicBoolean();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final Thread thread;
  private volatile boolean closed;

  /**
   * Starts publishing.
   *
   * @param client the client to write with; not closed by {@link #close()}
   * @param namespace namespace of the pair
   * @param pairName name of the pair
   * @param role primary or secondary: the node whose status entry this publisher owns
   * @param source the node's current status, called on the publisher's thread; its {@code updated}
   *     is ignored and set from {@code clock} on each write
   * @param clock stamps {@code updated}
   * @param minInterval shortest time between two writes that are not asked for by {@link
   *     #notifyChanged()}, e.g. 5 s
   */
  public StatusPublisher(
      KubernetesClient client,
      String namespace,
      String pairName,
      Role role,
      Supplier<NodeStatus> source,
      Clock clock,
      Duration minInterval) {
    this(
        client,
        false,
        namespace,
        pairName,
        role,
        source,
        clock,
        minInterval,
        DEFAULT_HEARTBEAT,
        DEFAULT_INITIAL_BACKOFF,
        DEFAULT_MAX_BACKOFF);
  }

  StatusPublisher(
      KubernetesClient client,
      boolean ownsClient,
      String namespace,
      String pairName,
      Role role,
      Supplier<NodeStatus> source,
      Clock clock,
      Duration minInterval,
      Duration heartbeat,
      Duration initialBackoff,
      Duration maxBackoff) {
    this.client = Objects.requireNonNull(client, "client");
    this.ownsClient = ownsClient;
    this.namespace = requireText(namespace, "namespace");
    this.pairName = requireText(pairName, "pairName");
    if (!role.hasPeer()) {
      throw new IllegalArgumentException("a " + role + " node has no entry in a pair's status");
    }
    this.roleKey = role.id();
    this.source = Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.minIntervalNanos = requireNotNegative(minInterval, "minInterval").toNanos();
    this.heartbeatNanos = requirePositive(heartbeat, "heartbeat").toNanos();
    this.initialBackoffNanos = requirePositive(initialBackoff, "initialBackoff").toNanos();
    this.maxBackoffNanos =
        Math.max(initialBackoffNanos, requirePositive(maxBackoff, "maxBackoff").toNanos());
    this.thread = new Thread(this::run, "status-publisher-" + roleKey);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Asks for a write as soon as possible, e.g. after a failover state change. Never blocks: it sets
   * a flag and wakes the publisher's thread. During a failure streak the write waits for the next
   * retry.
   */
  public void notifyChanged() {
    changed.set(true);
    LockSupport.unpark(thread);
  }

  /**
   * Stops the publisher's thread, abandoning a write in flight, and returns within about a second.
   * Closes the client only if this publisher created it.
   */
  @Override
  public void close() {
    if (stopLoop() && ownsClient) {
      client.close();
    }
  }

  /**
   * Stops the periodic writes, then writes the node's entry one last time from the calling thread
   * (a stopping node's SHUTDOWN, so the pair's status does not show a node that has gone as it was),
   * waiting at most {@code timeout}. A failure is logged, never thrown: a node stops regardless.
   *
   * @return true when the last entry was written
   */
  public boolean publishFinal(Duration timeout) {
    if (!stopLoop()) {
      return false;
    }
    CompletableFuture<Void> last =
        CompletableFuture.runAsync(() -> write(toEntry(source.get())), r -> {
          Thread t = new Thread(r, "status-final-" + roleKey);
          t.setDaemon(true);
          t.start();
        });
    try {
      last.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("STATUS_PUBLISHED_FINAL pair={}/{} role={}", namespace, pairName, roleKey);
      return true;
    } catch (ExecutionException e) {
      LOG.warn("STATUS_FINAL_FAILED pair={}/{} role={}: {}", namespace, pairName, roleKey,
          describe(e.getCause()));
      return false;
    } catch (TimeoutException e) {
      LOG.warn("STATUS_FINAL_FAILED pair={}/{} role={}: no answer within {}", namespace, pairName,
          roleKey, timeout);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      if (ownsClient) {
        client.close();
      }
    }
  }

  /** Stops the writer thread; false when it was stopped already. */
  private boolean stopLoop() {
    synchronized (this) {
      if (closed) {
        return false;
      }
      closed = true;
    }
    thread.interrupt();
    try {
      thread.join(CLOSE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  /** The status key this publisher owns: {@value #PRIMARY} or {@value #SECONDARY}. */
  public String roleKey() {
    return roleKey;
  }

  /** Writes that succeeded so far. */
  long successfulWrites() {
    return writes.get();
  }

  /** Writes that failed so far. */
  long failedWrites() {
    return failures.get();
  }

  /** Whether the publisher's thread is still running. */
  boolean isRunning() {
    return thread.isAlive();
  }

  private void run() {
    String lastContent = null;
    long lastWriteNanos = 0;
    boolean written = false;
    boolean failing = false;
    long backoffNanos = initialBackoffNanos;
    long retryAtNanos = 0;
    Throwable streakCause = null;
    long streakFailures = 0;
    boolean sourceFailing = false;

    while (!closed) {
      long now = System.nanoTime();
      if (failing && now - retryAtNanos < 0) {
        park(retryAtNanos - now);
        continue;
      }
      boolean urgent = changed.getAndSet(false);
      ObjectNode entry;
      String content;
      try {
        entry = toEntry(source.get());
        content = entry.toString();
      } catch (RuntimeException e) {
        if (!sourceFailing) {
          sourceFailing = true;
          LOG.error(
              "STATUS_SOURCE_FAILED pair={}/{} role={}: cannot read the node status",
              namespace,
              pairName,
              roleKey,
              e);
        }
        park(Math.max(heartbeatNanos / 2, MIN_POLL_NANOS));
        continue;
      }
      sourceFailing = false;
      long sinceWrite = now - lastWriteNanos;
      boolean contentChanged = !content.equals(lastContent);
      boolean due =
          !written
              || failing
              || urgent
              || (contentChanged && sinceWrite >= minIntervalNanos)
              || sinceWrite >= heartbeatNanos;
      if (!due) {
        long wait =
            contentChanged
                ? minIntervalNanos - sinceWrite
                : Math.min(Math.max(minIntervalNanos, MIN_POLL_NANOS), heartbeatNanos - sinceWrite);
        park(wait);
        continue;
      }
      try {
        write(entry);
      } catch (RuntimeException e) {
        if (closed) {
          break;
        }
        failures.incrementAndGet();
        streakFailures++;
        if (!failing) {
          failing = true;
          streakCause = e;
          LOG.warn(
              "STATUS_PUBLISH_FAILED pair={}/{} role={} code={} error={}; retrying with backoff"
                  + " up to {}",
              namespace,
              pairName,
              roleKey,
              codeOf(e),
              describe(e),
              Duration.ofNanos(maxBackoffNanos));
        } else {
          LOG.debug(
              "STATUS_PUBLISH_RETRY_FAILED pair={}/{} role={} attempt={} error={}",
              namespace,
              pairName,
              roleKey,
              streakFailures,
              describe(e),
              e);
        }
        if (urgent) {
          changed.set(true);
        }
        retryAtNanos = System.nanoTime() + backoffNanos;
        backoffNanos = Math.min(backoffNanos * 2, maxBackoffNanos);
        continue;
      }
      writes.incrementAndGet();
      if (failing) {
        LOG.info(
            "STATUS_PUBLISH_RECOVERED pair={}/{} role={} failedAttempts={} firstError={}",
            namespace,
            pairName,
            roleKey,
            streakFailures,
            describe(streakCause));
        failing = false;
        streakCause = null;
        streakFailures = 0;
        backoffNanos = initialBackoffNanos;
      } else if (!written) {
        LOG.info("STATUS_PUBLISH_STARTED pair={}/{} role={}", namespace, pairName, roleKey);
      }
      written = true;
      lastContent = content;
      lastWriteNanos = now;
    }
  }

  private void write(ObjectNode entry) {
    entry.put(UPDATED, clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.putObject("status").set(roleKey, entry);
    client
        .resources(DhcpFailoverPair.class)
        .inNamespace(namespace)
        .withName(pairName)
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), body.toString());
  }

  /** The entry as JSON, every known field present (absent ones as null), without updated. */
  static ObjectNode toEntry(NodeStatus status) {
    if (status == null) {
      throw new IllegalStateException("the status source returned null");
    }
    ObjectNode entry = MAPPER.valueToTree(status);
    entry.remove(UPDATED);
    return entry;
  }

  /** The JSON merge patch body this publisher sends for a status, {@code updated} included. */
  static String patchBody(Role role, NodeStatus status, String updated) {
    ObjectNode entry = toEntry(status);
    entry.put(UPDATED, updated);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.putObject("status").set(role.id(), entry);
    try {
      return MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void park(long nanos) {
    if (!closed) {
      LockSupport.parkNanos(this, Math.max(nanos, TimeUnit.MILLISECONDS.toNanos(1)));
    }
  }

  private static int codeOf(Throwable e) {
    return e instanceof KubernetesClientException kce ? kce.getCode() : 0;
  }

  private static String describe(Throwable e) {
    if (e == null) {
      return "none";
    }
    if (e instanceof KubernetesClientException kce && kce.getCode() == 404) {
      return "pair not found (or its CRD is not installed)";
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = e.getMessage();
    if (root != e) {
      message = message + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
    return message;
  }

  private static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return value;
  }

  private static Duration requireNotNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
    return value;
  }

  private static Duration requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    return value;
  }

  /** Serializes every property, nulls included, so that a merge patch clears emptied fields. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  private abstract static class ExplicitNulls {}
}
