package io.dhcpfailover.node.engine;

import io.dhcpfailover.node.util.Ipv4;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Network-boot settings of a subnet or a reservation (RFC 2131 §2 {@code siaddr}, {@code sname},
 * {@code file}; RFC 2132 §9.4–9.5 options 66 and 67). Byte arrays are copied in and out.
 *
 * @param nextServer the next server's address, 0 when not set
 * @param tftpServerName the TFTP server name as sent, or null
 * @param bootFileName the boot file name as sent, or null
 */
public record BootParameters(int nextServer, byte[] tftpServerName, byte[] bootFileName) {

  /** Nothing set. */
  public static final BootParameters NONE = new BootParameters(0, null, null);

  /** Copies the arrays. */
  public BootParameters {
    tftpServerName = tftpServerName == null ? null : tftpServerName.clone();
    bootFileName = bootFileName == null ? null : bootFileName.clone();
  }

  /** From the pair file's text fields, each of which may be null. */
  public static BootParameters of(int nextServer, String tftpServerName, String bootFileName) {
    return new BootParameters(nextServer, ascii(tftpServerName), ascii(bootFileName));
  }

  @Override
  public byte[] tftpServerName() {
    return tftpServerName == null ? null : tftpServerName.clone();
  }

  @Override
  public byte[] bootFileName() {
    return bootFileName == null ? null : bootFileName.clone();
  }

  /** These settings where set, {@code base}'s elsewhere: a reservation's over its subnet's. */
  public BootParameters over(BootParameters base) {
    return new BootParameters(
        nextServer != 0 ? nextServer : base.nextServer,
        tftpServerName != null ? tftpServerName : base.tftpServerName,
        bootFileName != null ? bootFileName : base.bootFileName);
  }

  private static byte[] ascii(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BootParameters b
        && b.nextServer == nextServer
        && Arrays.equals(b.tftpServerName, tftpServerName)
        && Arrays.equals(b.bootFileName, bootFileName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        nextServer, Arrays.hashCode(tftpServerName), Arrays.hashCode(bootFileName));
  }

  @Override
  public String toString() {
    return "BootParameters[nextServer=" + Ipv4.format(nextServer)
        + ", tftpServerName=" + text(tftpServerName) + ", bootFileName=" + text(bootFileName) + "]";
  }

  private static String text(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.US_ASCII);
  }
}
