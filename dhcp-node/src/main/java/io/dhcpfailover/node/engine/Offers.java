package io.dhcpfailover.node.engine;

import io.dhcpfailover.node.engine.Subnet.Offer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A subnet's outstanding offers: the address held for each client that was offered one, until its
 * deadline (RFC 2131 §4.3.1 "reserve"), and the reverse. Confined to the DHCP thread.
 */
final class Offers {
  private final Map<ClientKey, Offer> byClient = new HashMap<>();
  private final Map<Integer, ClientKey> byAddress = new HashMap<>();

  /** Offers outstanding (an expired one counts until a sweep drops it). */
  int size() {
    return byClient.size();
  }

  Offer get(ClientKey key) {
    return byClient.get(key);
  }

  void put(ClientKey key, int address, long expiresAt) {
    Offer old = byClient.put(key, new Offer(address, expiresAt));
    if (old != null && old.address() != address) {
      byAddress.remove(old.address(), key);
    }
    byAddress.put(address, key);
  }

  void remove(ClientKey key) {
    Offer old = byClient.remove(key);
    if (old != null) {
      byAddress.remove(old.address(), key);
    }
  }

  /** Whether another client has an unexpired offer of {@code address}. */
  boolean offeredToOther(int address, ClientKey key, long nowMillis) {
    ClientKey holder = byAddress.get(address);
    if (holder == null || holder.equals(key)) {
      return false;
    }
    Offer o = byClient.get(holder);
    return o != null && o.address() == address && o.expiresAt() > nowMillis;
  }

  /** Drops offers past their deadline; returns their addresses. */
  List<Integer> expire(long nowMillis) {
    List<Integer> freed = new ArrayList<>();
    Iterator<Map.Entry<ClientKey, Offer>> it = byClient.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<ClientKey, Offer> e = it.next();
      if (e.getValue().expiresAt() <= nowMillis) {
        it.remove();
        byAddress.remove(e.getValue().address(), e.getKey());
        freed.add(e.getValue().address());
      }
    }
    return freed;
  }
}
