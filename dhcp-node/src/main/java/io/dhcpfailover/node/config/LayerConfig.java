package io.dhcpfailover.node.config;

import io.dhcpfailover.api.v1alpha1.BootSpec;
import io.dhcpfailover.api.v1alpha1.ClientClassSpec;
import io.dhcpfailover.api.v1alpha1.OptionSpec;
import io.dhcpfailover.api.v1alpha1.PoolSpec;
import io.dhcpfailover.api.validation.AddressRange;
import io.dhcpfailover.api.validation.OptionValues;
import io.dhcpfailover.node.codec.dhcp.DhcpOptionCode;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.engine.BootParameters;
import io.dhcpfailover.node.engine.ClientClass;
import io.dhcpfailover.node.engine.ClientClasses;
import io.dhcpfailover.node.engine.Parameters;
import io.dhcpfailover.node.engine.Pool;
import io.dhcpfailover.node.util.Hex;
import io.dhcpfailover.node.util.Ipv4;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Translates the levels of a valid pair that set options and network-boot fields (the pair, a
 * pool, a client class, a reservation) and the client classes themselves into what the engine
 * uses. Options 66 and 67 given as options are the boot names: they go to {@link BootParameters}
 * (sname and file too), never to the options.
 */
final class LayerConfig {
  private LayerConfig() {}

  /** The options and boot fields of one level. */
  static Parameters layer(BootSpec boot, List<OptionSpec> options) {
    byte[] tftpServerName = ascii(boot.getTftpServerName());
    byte[] bootFileName = ascii(boot.getBootFileName());
    DhcpOptions.Builder b = DhcpOptions.builder();
    for (OptionSpec o : options) {
      if (o.getCode() == DhcpOptionCode.TFTP_SERVER.code()) {
        tftpServerName = OptionValues.encode(o);
      } else if (o.getCode() == DhcpOptionCode.BOOTFILE.code()) {
        bootFileName = OptionValues.encode(o);
      } else {
        b.add(o.getCode(), OptionValues.encode(o));
      }
    }
    int nextServer = boot.getNextServer() == null ? 0 : Ipv4.parse(boot.getNextServer());
    return new Parameters(b.build(), new BootParameters(nextServer, tftpServerName, bootFileName));
  }

  static ClientClasses classes(List<ClientClassSpec> specs) {
    return new ClientClasses(specs.stream().map(LayerConfig::clientClass).toList());
  }

  private static ClientClass clientClass(ClientClassSpec c) {
    return new ClientClass(
        c.getName(),
        c.getVendorClass(),
        c.getVendorClassPrefix(),
        c.getUserClass(),
        c.getArchitectures() == null ? null : Set.copyOf(c.getArchitectures()),
        hex(c.getCircuitId()),
        hex(c.getRemoteId()),
        c.getHardwareAddressPrefixes() == null
            ? null
            : c.getHardwareAddressPrefixes().stream().map(LayerConfig::hex).toList(),
        layer(c, c.getOptions()));
  }

  static Pool pool(PoolSpec p) {
    AddressRange range = AddressRange.parse(p.getRange());
    return new Pool(
        range.first(),
        range.last(),
        p.getClasses() == null ? null : new HashSet<>(p.getClasses()),
        p.getNotClasses() == null ? null : new HashSet<>(p.getNotClasses()),
        layer(p, p.getOptions()));
  }

  /** Hex as the engine compares it: lower case, no colons. */
  private static String hex(String text) {
    return text == null ? null : HexFormat.of().formatHex(Hex.parse(text));
  }

  private static byte[] ascii(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.US_ASCII);
  }
}
