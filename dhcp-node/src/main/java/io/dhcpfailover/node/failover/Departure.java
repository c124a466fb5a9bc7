package io.dhcpfailover.node.failover;

import io.dhcpfailover.node.codec.failover.ServerState;

/**
 * A graceful stop (digest §D.5): the state this node left ({@code from}, since {@code fromStos}),
 * when, and whether the partner had acknowledged every update of ours. It decides what is
 * recorded for the restart.
 */
record Departure(ServerState from, long fromStos, long at, boolean allAcked) {

  FailoverStateRecord record(Recovery recovery, ServerState partner, long partnerStos, long mclt) {
    if (from == ServerState.PARTNER_DOWN) {
      // the partner is down and our store is intact: come back as we left, as after a crash
      return recovery.record(ServerState.PARTNER_DOWN, fromStos, partner, partnerStos, mclt);
    }
    // a server that shut down while its partner may serve restarts in RECOVER (digest §D.5,
    // graceful stop). Once the partner has taken over (PARTNER-DOWN) and acknowledged every
    // update of ours, no client of ours is unknown to it and the MCLT wait is already served;
    // otherwise a client we served alone may hold its address until shutdown + MCLT.
    long since = partner == ServerState.PARTNER_DOWN && allAcked ? at - mclt : at;
    return recovery.record(ServerState.RECOVER, since, partner, partnerStos, mclt);
  }
}
