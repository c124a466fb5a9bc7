package io.dhcpfailover.node.engine;

import io.dhcpfailover.node.codec.dhcp.DhcpOptions;

/**
 * What one level of the configuration (the pair, a subnet, a pool, a client class, a reservation)
 * sets for the clients it applies to: options by code and the network-boot fields.
 *
 * @param options the options this level sets, ready to send (66 and 67 are in {@code boot})
 * @param boot the network-boot fields this level sets
 */
public record Parameters(DhcpOptions options, BootParameters boot) {

  /** A level that sets nothing. */
  public static final Parameters NONE = new Parameters(DhcpOptions.empty(), BootParameters.NONE);

  /** Nulls are nothing set. */
  public Parameters {
    options = options == null ? DhcpOptions.empty() : options;
    boot = boot == null ? BootParameters.NONE : boot;
  }

  /**
   * This level over {@code base}: an option of this level replaces the same code of {@code base}
   * (this level's come first, then the rest of {@code base} in its order), and each network-boot
   * field set here wins over {@code base}'s ({@link BootParameters#over}).
   */
  public Parameters over(Parameters base) {
    if (this.equals(NONE)) {
      return base;
    }
    DhcpOptions.Builder merged = DhcpOptions.builder();
    for (DhcpOptions.Entry e : options.entries()) {
      merged.add(e.code().code(), e.value());
    }
    for (DhcpOptions.Entry e : base.options.entries()) {
      if (!options.has(e.code().code())) {
        merged.add(e.code().code(), e.value());
      }
    }
    return new Parameters(merged.build(), boot.over(base.boot));
  }
}
