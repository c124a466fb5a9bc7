package io.dhcpfailover.node.http;

import io.dhcpfailover.node.codec.failover.ServerState;

/**
 * When a node answers {@code /readyz}: it fulfils its role now. A pair node does in NORMAL (both
 * roles, the hot-standby secondary too although it answers no DISCOVER: it is in step with its
 * partner and takes over at once), COMMUNICATIONS-INTERRUPTED and PARTNER-DOWN (it serves on its
 * own); in every other state (starting, recovering, in conflict resolution, paused, shut down) it
 * does not, so a node that never gets back to NORMAL, e.g. on a bad image, shows as not ready. A
 * standalone node fulfils its role when its store takes writes; no node does without one, since
 * every binding is durable before the client hears DHCPACK. Pure.
 */
public final class Readiness {
  private Readiness() {}

  /**
   * True when the node fulfils its role now.
   *
   * @param state the node's failover state, or null for a standalone node
   * @param storeUnavailable why the lease store takes no writes, or null when it does
   */
  public static boolean ready(ServerState state, String storeUnavailable) {
    if (storeUnavailable != null) {
      return false;
    }
    if (state == null) {
      return true;
    }
    return switch (state) {
      case NORMAL, COMMUNICATIONS_INTERRUPTED, PARTNER_DOWN -> true;
      case UNKNOWN, STARTUP, RECOVER, RECOVER_WAIT, RECOVER_DONE, POTENTIAL_CONFLICT,
          RESOLUTION_INTERRUPTED, CONFLICT_DONE, PAUSED, SHUTDOWN -> false;
    };
  }
}
