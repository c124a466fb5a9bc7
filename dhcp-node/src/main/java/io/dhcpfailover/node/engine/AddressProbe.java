package io.dhcpfailover.node.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Asks the network whether an address is in use before the engine offers it to a client that did
 * not hold it (conflict detection by ICMP echo, as ISC dhcpd's ping-check): something that answers
 * holds the address without the store knowing, a host configured by hand or a client of a server
 * that lost its bindings.
 */
public interface AddressProbe {

  /**
   * Completes with true when something answered at {@code address} within {@code timeoutMillis},
   * false otherwise (and when the probe could not be sent). Completes on the engine's thread: the
   * engine continues from it without hopping.
   */
  CompletionStage<Boolean> inUse(int address, int timeoutMillis);

  /** No probing: every address is taken to be unused. */
  AddressProbe NONE = (address, timeoutMillis) -> CompletableFuture.completedFuture(false);
}
