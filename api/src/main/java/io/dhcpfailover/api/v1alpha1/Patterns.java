package io.dhcpfailover.api.v1alpha1;

/** Regular expressions shared by the schema and the validators. */
public final class Patterns {
  static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

  /** A dotted-quad IPv4 address. */
  public static final String IPV4 = "^" + OCTET + "(\\." + OCTET + "){3}$";

  /** An IPv4 prefix in CIDR notation. */
  public static final String CIDR4 = "^" + OCTET + "(\\." + OCTET + "){3}/([0-9]|[12][0-9]|3[0-2])$";

  /** An inclusive IPv4 range {@code first-last}. */
  public static final String RANGE4 = "^" + OCTET + "(\\." + OCTET + "){3}-" + OCTET + "(\\." + OCTET + "){3}$";

  /**
   * A Go-style duration as the shared parser reads it: units h, m and s, each at most once and in
   * that order, each with a whole number of at most 12 digits ({@code 45s}, {@code 1h30m}).
   */
  public static final String DURATION =
      "^([0-9]{1,12}h([0-9]{1,12}m)?([0-9]{1,12}s)?|[0-9]{1,12}m([0-9]{1,12}s)?|[0-9]{1,12}s)$";

  /** A hardware (MAC) address, colon separated. */
  public static final String MAC = "^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$";

  /** A Kubernetes storage quantity such as {@code 1Gi} or {@code 500Mi}. */
  public static final String QUANTITY = "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$";

  /**
   * {@link #IPV4} for CEL {@code matches()} inside a single-quoted literal: the dot is written as
   * {@code [.]} so the rule needs no escapes.
   */
  public static final String IPV4_CEL = "^" + OCTET + "([.]" + OCTET + "){3}$";

  /** {@link #RANGE4} for CEL {@code matches()}, written like {@link #IPV4_CEL}. */
  public static final String RANGE4_CEL =
      "^" + OCTET + "([.]" + OCTET + "){3}-" + OCTET + "([.]" + OCTET + "){3}$";

  /** Hex bytes, optionally colon separated. */
  public static final String HEX = "^([0-9A-Fa-f]{2})(:?[0-9A-Fa-f]{2})*$";

  /**
   * A boot file or TFTP server name: printable ASCII (RFC 2132 §9.4, §9.5 and the NVT ASCII of
   * RFC 2131's {@code sname} and {@code file}), no space at either end.
   */
  public static final String BOOT_NAME = "^[!-~]([ -~]*[!-~])?$";

  /** A contiguous netmask of a /1 to a /30, dotted: {@code 255.255.254.0}. */
  public static final String NETMASK =
      "^(255[.](255[.](255[.](0|128|192|224|240|248|252)|(0|128|192|224|240|248|252|254)[.]0)"
          + "|(0|128|192|224|240|248|252|254)[.]0[.]0)|(128|192|224|240|248|252|254)[.]0[.]0[.]0)$";

  /** Printable ASCII, spaces included. */
  public static final String PRINTABLE = "^[ -~]+$";

  /** A client class name: a DNS label, lower case. */
  public static final String CLASS_NAME = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

  /** A hardware address prefix: 1 to 6 bytes in hex, colon separated. */
  public static final String MAC_PREFIX = "^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){0,5}$";

  private Patterns() {}
}
