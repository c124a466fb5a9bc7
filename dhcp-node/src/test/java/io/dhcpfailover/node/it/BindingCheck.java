package io.dhcpfailover.node.it;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the pair still knows what its clients believe: for each client, its latest DHCPACK (as
 * the client saw it) is a binding the client still holds when it ends more than {@code marginMs}
 * after {@code nowMs}. Each such binding must be ACTIVE for that client in both nodes' stores: one
 * missing from both is lost (the pair forgot a lease it granted), one missing from just one is
 * unsynced (the partners disagree after they said NORMAL).
 */
public final class BindingCheck {
  private BindingCheck() {}

  /** What the check found; each entry names the address, the client and the node(s) lacking it. */
  public record Result(List<String> lost, List<String> unsynced, int checked) {
    public boolean clean() {
      return lost.isEmpty() && unsynced.isEmpty();
    }
  }

  /** The bindings clients still hold at {@code nowMs} with more than {@code marginMs} to run. */
  public static List<AckRecord> held(List<AckRecord> acks, long nowMs, long marginMs) {
    Map<String, AckRecord> latest = new LinkedHashMap<>();
    acks.stream()
        .sorted(Comparator.comparingLong(AckRecord::startMs))
        .forEach(a -> latest.put(a.client(), a));
    List<AckRecord> held = new ArrayList<>();
    for (AckRecord a : latest.values()) {
      if (a.endMs() > nowMs + marginMs) {
        held.add(a);
      }
    }
    return held;
  }

  /**
   * Checks {@code held} against the ACTIVE bindings of each store (address to hardware address, as
   * {@code dhcp-node leases} prints them).
   */
  public static Result check(
      List<AckRecord> held, Map<String, String> primaryActive, Map<String, String> secondaryActive) {
    List<String> lost = new ArrayList<>();
    List<String> unsynced = new ArrayList<>();
    for (AckRecord a : held) {
      boolean onPrimary = a.client().equalsIgnoreCase(primaryActive.getOrDefault(a.address(), ""));
      boolean onSecondary = a.client().equalsIgnoreCase(secondaryActive.getOrDefault(a.address(), ""));
      String what = a.address() + " for " + a.client() + " (ACK by " + a.server() + ", ends " + a.endMs() + ")";
      if (!onPrimary && !onSecondary) {
        lost.add(what + " on neither node");
      } else if (!onPrimary || !onSecondary) {
        unsynced.add(what + " missing on the " + (onPrimary ? "secondary" : "primary"));
      }
    }
    return new Result(lost, unsynced, held.size());
  }
}
