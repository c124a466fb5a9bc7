package io.dhcpfailover.node.engine;

import java.util.List;

/**
 * The precedence of the levels that set options and network-boot fields for a reply, highest
 * first: the client's reservation, its client classes (the class listed first in the pair wins),
 * the pool its address comes from, its subnet, then the pair's global settings. Each level wins
 * over the ones below it option by option and field by field; a level that leaves a thing unset
 * lets the next one below speak.
 */
public final class ParameterLayers {
  private ParameterLayers() {}

  /**
   * @param reservation the reservation's settings, or null when the client has none
   * @param classes the classes the client is a member of, in the pair's order
   * @param pool the settings of the pool its address comes from, or null (a plain range, a
   *     reservation)
   * @param subnet the subnet's settings
   * @param global the pair's settings
   */
  public static Parameters resolve(
      Parameters reservation,
      List<ClientClass> classes,
      Parameters pool,
      Parameters subnet,
      Parameters global) {
    Parameters p = subnet.over(global);
    if (pool != null) {
      p = pool.over(p);
    }
    for (int i = classes.size() - 1; i >= 0; i--) {
      p = classes.get(i).parameters().over(p);
    }
    return reservation == null ? p : reservation.over(p);
  }
}
