package io.dhcpfailover.node.failover;

import io.dhcpfailover.node.codec.failover.FailoverMessage;

/**
 * One transport connection to the partner as the protocol core sees it: the Netty adapter wraps a
 * TCP channel in it, the simulator a simulated link. Calls come from the core's thread only.
 */
public interface PeerConnection {

  /** Queues {@code message} for the partner; a message sent on a closed connection is lost. */
  void send(FailoverMessage message);

  /** Closes the connection; the transport then reports {@link FailoverCore#closed} for it. */
  void close();

  /** Whether the transport can take more without buffering without bound. */
  default boolean writable() {
    return true;
  }

  /** Stops or resumes reading from the partner (backpressure). */
  default void reading(boolean on) {}

  /** The partner's address, for logs. */
  String remote();
}
