package io.dhcpfailover.node.it;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The safety property of DHCP failover: no address is ever leased to two different clients at
 * overlapping times. Reads every ACK the clients saw and reports each overlap.
 */
public final class DuplicateAddressChecker {
  private DuplicateAddressChecker() {}

  /** Two ACKs that gave one address to two clients for overlapping times. */
  public record Overlap(AckRecord first, AckRecord second) {
    @Override
    public String toString() {
      return "address " + first.address() + " leased to " + first.client() + " [" + first.startMs()
          + ".." + first.endMs() + ") by " + first.server() + " and to " + second.client() + " ["
          + second.startMs() + ".." + second.endMs() + ") by " + second.server();
    }
  }

  /**
   * Every overlap in {@code acks}. A client's lease ends early when the same client is later
   * given another address (it moved), so only the latest ACK per client and address counts up to
   * the next ACK of that client.
   */
  public static List<Overlap> overlaps(List<AckRecord> acks) {
    Map<String, List<AckRecord>> byAddress = new HashMap<>();
    for (AckRecord a : acks) {
      byAddress.computeIfAbsent(a.address(), k -> new ArrayList<>()).add(a);
    }
    List<Overlap> found = new ArrayList<>();
    for (List<AckRecord> list : byAddress.values()) {
      list.sort(Comparator.comparingLong(AckRecord::startMs));
      for (int i = 0; i < list.size(); i++) {
        for (int j = i + 1; j < list.size(); j++) {
          AckRecord a = list.get(i);
          AckRecord b = list.get(j);
          if (a.client().equals(b.client())) {
            continue;
          }
          if (b.startMs() < a.endMs() && a.startMs() < b.endMs()) {
            found.add(new Overlap(a, b));
          }
        }
      }
    }
    return found;
  }
}
