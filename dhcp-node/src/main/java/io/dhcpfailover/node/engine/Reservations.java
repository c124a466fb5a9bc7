package io.dhcpfailover.node.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A subnet's reservations, found by client (client id, then hardware address) and by address. */
final class Reservations {
  private final List<Reservation> all;
  private final Map<ClientKey, Reservation> byClient = new HashMap<>();
  private final Map<Integer, Reservation> byAddress = new HashMap<>();

  Reservations(List<Reservation> reservations) {
    this.all = List.copyOf(reservations);
    for (Reservation r : all) {
      if (r.clientId() != null) {
        byClient.put(ClientKey.ofClientId(r.clientId()), r);
      }
      if (r.hardware() != null) {
        byClient.put(ClientKey.ofHardware(r.hardware()), r);
      }
      byAddress.put(r.address(), r);
    }
  }

  List<Reservation> all() {
    return all;
  }

  /** The reservation of the client {@code key}, else of its hardware address; or null. */
  Reservation of(ClientKey key, byte[] hardware) {
    Reservation r = key == null ? null : byClient.get(key);
    if (r == null && hardware != null) {
      r = byClient.get(ClientKey.ofHardware(hardware));
    }
    return r;
  }

  /** The reservation of {@code address}, or null. */
  Reservation at(int address) {
    return byAddress.get(address);
  }
}
