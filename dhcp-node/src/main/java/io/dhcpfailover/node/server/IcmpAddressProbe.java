package io.dhcpfailover.node.server;

import io.dhcpfailover.node.engine.AddressProbe;
import io.dhcpfailover.node.util.Ipv4;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings with the JDK's {@link java.net.InetAddress#isReachable}: an ICMP echo when the process may
 * open a raw socket (root or CAP_NET_RAW), else a TCP connection to the echo port, where a refusal
 * also proves a host holds the address. The wait happens on a few threads of its own, never on the
 * DHCP thread; the answer is handed back to the DHCP thread. A ping holds one of {@link #THREADS}
 * threads for up to its timeout, so at most THREADS / timeout new addresses are checked per second
 * (128/s at 500 ms); past that (a queue as long as the thread count, so no ping waits longer than
 * one timeout to start) the address is offered unchecked, and every outcome is counted.
 */
public final class IcmpAddressProbe implements AddressProbe, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IcmpAddressProbe.class);
  static final int THREADS = 64;
  private static final int QUEUE = THREADS;

  private final Executor engineThread;
  private final Consumer<String> outcomes;
  private final ThreadPoolExecutor pingers;

  /**
   * @param engineThread runs a task on the engine's thread
   * @param outcomes told each ping's outcome: answered, silent, queue_full (offered unchecked) or
   *     failed (could not be sent: offered unchecked)
   */
  public IcmpAddressProbe(Executor engineThread, Consumer<String> outcomes) {
    this.engineThread = engineThread;
    this.outcomes = outcomes;
    AtomicInteger n = new AtomicInteger();
    this.pingers =
        new ThreadPoolExecutor(
            THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "ping-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.pingers.allowCoreThreadTimeOut(true);
  }

  @Override
  public CompletionStage<Boolean> inUse(int address, int timeoutMillis) {
    CompletableFuture<Boolean> answer = new CompletableFuture<>();
    try {
      pingers.execute(
          () -> {
            boolean answered = ping(address, timeoutMillis);
            engineThread.execute(() -> answer.complete(answered));
          });
    } catch (RejectedExecutionException e) {
      outcomes.accept("queue_full");
      answer.complete(false); // called on the engine's thread: completing here keeps the contract
    }
    return answer;
  }

  private boolean ping(int address, int timeoutMillis) {
    try {
      boolean answered = Ipv4.toInet(address).isReachable(timeoutMillis);
      outcomes.accept(answered ? "answered" : "silent");
      return answered;
    } catch (IOException e) {
      outcomes.accept("failed");
      LOG.debug("PING_FAILED ip={}: {}", Ipv4.format(address), e.toString());
      return false;
    }
  }

  @Override
  public void close() {
    pingers.shutdownNow();
  }
}
