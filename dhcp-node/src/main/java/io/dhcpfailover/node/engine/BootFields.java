package io.dhcpfailover.node.engine;

import io.dhcpfailover.node.codec.dhcp.DhcpOptionCode;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import java.util.Arrays;

/**
 * Lays out a reply's network-boot settings ({@link BootParameters}) on the header fields and
 * options of RFC 2131 §2 and RFC 2132 §9.4–9.5:
 *
 * <ul>
 *   <li>the next server goes to {@code siaddr};
 *   <li>a TFTP server name shorter than the 64-byte {@code sname} field goes there, NUL-terminated;
 *       a boot file name shorter than the 128-byte {@code file} field goes there;
 *   <li>options 66 and 67 carry the names when the client asks for them (option 55), and always
 *       when a name does not fit its field: the field then stays empty, free for the encoder to
 *       overload with options (option 52), which is the case RFC 2132 §9.4–9.5 made the options for.
 * </ul>
 */
final class BootFields {
  static final int SNAME_LENGTH = 64;
  static final int FILE_LENGTH = 128;

  /** The header fields of a reply; a null field is left zero. */
  record Header(int siaddr, byte[] sname, byte[] file) {
    static final Header NONE = new Header(0, null, null);
  }

  private BootFields() {}

  /**
   * The header fields for {@code boot}, after adding options 66 and 67 to {@code options} where
   * they are due.
   *
   * @param requested the client's parameter request list (option 55), or null
   */
  static Header lay(BootParameters boot, byte[] requested, DhcpOptions.Builder options) {
    byte[] sname =
        place(boot.tftpServerName(), SNAME_LENGTH, DhcpOptionCode.TFTP_SERVER, requested, options);
    byte[] file =
        place(boot.bootFileName(), FILE_LENGTH, DhcpOptionCode.BOOTFILE, requested, options);
    return new Header(boot.nextServer(), sname, file);
  }

  /** The field for {@code name}, or null when it has none or it does not fit. */
  private static byte[] place(
      byte[] name, int length, DhcpOptionCode code, byte[] requested, DhcpOptions.Builder options) {
    if (name == null) {
      return null;
    }
    // the field is a NUL-terminated string (RFC 2131 §2): the name takes at most length - 1
    byte[] field = name.length < length ? Arrays.copyOf(name, length) : null;
    if ((field == null || asked(requested, code.code())) && !options.has(code.code())) {
      options.add(code.code(), name);
    }
    return field;
  }

  private static boolean asked(byte[] requested, int code) {
    if (requested != null) {
      for (byte b : requested) {
        if ((b & 0xff) == code) {
          return true;
        }
      }
    }
    return false;
  }
}
