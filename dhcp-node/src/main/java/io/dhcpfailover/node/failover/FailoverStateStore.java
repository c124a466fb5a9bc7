package io.dhcpfailover.node.failover;

import java.io.IOException;

/** Stable storage of the {@link FailoverStateRecord}: a file on a node, memory in the simulator. */
public interface FailoverStateStore {

  /** The stored record, or null when none was ever written (a fresh server). */
  FailoverStateRecord read() throws IOException;

  /** Replaces the stored record durably (the write is on disk when this returns). */
  void write(FailoverStateRecord record) throws IOException;

  /** Where it is kept, for messages. */
  String describe();
}
