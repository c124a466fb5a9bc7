package io.dhcpfailover.api.v1alpha1;

/**
 * Building blocks of the CRD's CEL rules that span fields. Kubernetes' CEL has no IPv4 arithmetic
 * that every supported version offers, so an address is turned into its number with the strings
 * extension ({@code split}) and integer arithmetic; a prefix's block size comes from a table
 * indexed by the prefix length. Every expression guards itself with the field's pattern, so a
 * malformed value is reported by its pattern and never as a CEL evaluation error. Annotation
 * values must be constants, hence one constant per variable name.
 */
final class CelRules {
  private CelRules() {}

  /** The CIDR pattern of {@link Patterns#CIDR4} written for a CEL literal. */
  static final String CIDR4_CEL =
      "^" + Patterns.OCTET + "([.]" + Patterns.OCTET + "){3}/([0-9]|[12][0-9]|3[0-2])$";

  /** The subnet's address, {@code self} being a subnet. */
  static final String SUBNET_ADDRESS_EXPR = "self.subnet.split('/')[0]";

  /** {@link #SUBNET_ADDRESS_EXPR} as a number. */
  static final String SUBNET_ADDRESS =
      "(int(" + SUBNET_ADDRESS_EXPR + ".split('.')[0])*16777216 + int(" + SUBNET_ADDRESS_EXPR + ".split('.')[1])*65536 + int(" + SUBNET_ADDRESS_EXPR + ".split('.')[2])*256 + int(" + SUBNET_ADDRESS_EXPR + ".split('.')[3]))";

  /** The first address of range {@code r}. */
  static final String RANGE_FIRST_EXPR = "r.split('-')[0]";

  /** {@link #RANGE_FIRST_EXPR} as a number. */
  static final String RANGE_FIRST =
      "(int(" + RANGE_FIRST_EXPR + ".split('.')[0])*16777216 + int(" + RANGE_FIRST_EXPR + ".split('.')[1])*65536 + int(" + RANGE_FIRST_EXPR + ".split('.')[2])*256 + int(" + RANGE_FIRST_EXPR + ".split('.')[3]))";

  /** The last address of range {@code r}. */
  static final String RANGE_LAST_EXPR = "r.split('-')[1]";

  /** {@link #RANGE_LAST_EXPR} as a number. */
  static final String RANGE_LAST =
      "(int(" + RANGE_LAST_EXPR + ".split('.')[0])*16777216 + int(" + RANGE_LAST_EXPR + ".split('.')[1])*65536 + int(" + RANGE_LAST_EXPR + ".split('.')[2])*256 + int(" + RANGE_LAST_EXPR + ".split('.')[3]))";

  /** The first address of range {@code q}. */
  static final String OTHER_FIRST_EXPR = "q.split('-')[0]";

  /** {@link #OTHER_FIRST_EXPR} as a number. */
  static final String OTHER_FIRST =
      "(int(" + OTHER_FIRST_EXPR + ".split('.')[0])*16777216 + int(" + OTHER_FIRST_EXPR + ".split('.')[1])*65536 + int(" + OTHER_FIRST_EXPR + ".split('.')[2])*256 + int(" + OTHER_FIRST_EXPR + ".split('.')[3]))";

  /** The last address of range {@code q}. */
  static final String OTHER_LAST_EXPR = "q.split('-')[1]";

  /** {@link #OTHER_LAST_EXPR} as a number. */
  static final String OTHER_LAST =
      "(int(" + OTHER_LAST_EXPR + ".split('.')[0])*16777216 + int(" + OTHER_LAST_EXPR + ".split('.')[1])*65536 + int(" + OTHER_LAST_EXPR + ".split('.')[2])*256 + int(" + OTHER_LAST_EXPR + ".split('.')[3]))";

  /** The address of reservation {@code v}. */
  static final String RESERVED_EXPR = "v.address";

  /** {@link #RESERVED_EXPR} as a number. */
  static final String RESERVED =
      "(int(" + RESERVED_EXPR + ".split('.')[0])*16777216 + int(" + RESERVED_EXPR + ".split('.')[1])*65536 + int(" + RESERVED_EXPR + ".split('.')[2])*256 + int(" + RESERVED_EXPR + ".split('.')[3]))";

  /** Router {@code g}. */
  static final String ROUTER_EXPR = "g";

  /** {@link #ROUTER_EXPR} as a number. */
  static final String ROUTER =
      "(int(" + ROUTER_EXPR + ".split('.')[0])*16777216 + int(" + ROUTER_EXPR + ".split('.')[1])*65536 + int(" + ROUTER_EXPR + ".split('.')[2])*256 + int(" + ROUTER_EXPR + ".split('.')[3]))";

  /** Node address {@code a}. */
  static final String NODE_EXPR = "a";

  /** {@link #NODE_EXPR} as a number. */
  static final String NODE =
      "(int(" + NODE_EXPR + ".split('.')[0])*16777216 + int(" + NODE_EXPR + ".split('.')[1])*65536 + int(" + NODE_EXPR + ".split('.')[2])*256 + int(" + NODE_EXPR + ".split('.')[3]))";

  /** The first address of pool {@code p}. */
  static final String POOL_FIRST_EXPR = "p.range.split('-')[0]";

  /** {@link #POOL_FIRST_EXPR} as a number. */
  static final String POOL_FIRST =
      "(int(" + POOL_FIRST_EXPR + ".split('.')[0])*16777216 + int(" + POOL_FIRST_EXPR + ".split('.')[1])*65536 + int(" + POOL_FIRST_EXPR + ".split('.')[2])*256 + int(" + POOL_FIRST_EXPR + ".split('.')[3]))";

  /** The last address of pool {@code p}. */
  static final String POOL_LAST_EXPR = "p.range.split('-')[1]";

  /** {@link #POOL_LAST_EXPR} as a number. */
  static final String POOL_LAST =
      "(int(" + POOL_LAST_EXPR + ".split('.')[0])*16777216 + int(" + POOL_LAST_EXPR + ".split('.')[1])*65536 + int(" + POOL_LAST_EXPR + ".split('.')[2])*256 + int(" + POOL_LAST_EXPR + ".split('.')[3]))";

  /** The first address of pool {@code q}. */
  static final String OTHER_POOL_FIRST_EXPR = "q.range.split('-')[0]";

  /** {@link #OTHER_POOL_FIRST_EXPR} as a number. */
  static final String OTHER_POOL_FIRST =
      "(int(" + OTHER_POOL_FIRST_EXPR + ".split('.')[0])*16777216 + int(" + OTHER_POOL_FIRST_EXPR + ".split('.')[1])*65536 + int(" + OTHER_POOL_FIRST_EXPR + ".split('.')[2])*256 + int(" + OTHER_POOL_FIRST_EXPR + ".split('.')[3]))";

  /** The last address of pool {@code q}. */
  static final String OTHER_POOL_LAST_EXPR = "q.range.split('-')[1]";

  /** {@link #OTHER_POOL_LAST_EXPR} as a number. */
  static final String OTHER_POOL_LAST =
      "(int(" + OTHER_POOL_LAST_EXPR + ".split('.')[0])*16777216 + int(" + OTHER_POOL_LAST_EXPR + ".split('.')[1])*65536 + int(" + OTHER_POOL_LAST_EXPR + ".split('.')[2])*256 + int(" + OTHER_POOL_LAST_EXPR + ".split('.')[3]))";

  /** Whether pool {@code p}'s range has the form first-last. */
  static final String POOL_OK = "p.range.matches('" + Patterns.RANGE4_CEL + "')";

  /** Whether pool {@code q}'s range has the form first-last. */
  static final String OTHER_POOL_OK = "q.range.matches('" + Patterns.RANGE4_CEL + "')";

  /** The subnet's prefix length. */
  static final String PREFIX_LENGTH = "int(self.subnet.split('/')[1])";

  /** The number of addresses in the subnet. */
  static final String BLOCK = "[4294967296, 2147483648, 1073741824, 536870912, 268435456, 134217728, 67108864, 33554432, 16777216, 8388608, 4194304, 2097152, 1048576, 524288, 262144, 131072, 65536, 32768, 16384, 8192, 4096, 2048, 1024, 512, 256, 128, 64, 32, 16, 8, 4, 2, 1][" + PREFIX_LENGTH + "]";

  /** The subnet's network address as a number. */
  static final String NETWORK = "(" + SUBNET_ADDRESS + " / " + BLOCK + " * " + BLOCK + ")";

  /** The subnet's broadcast address as a number. */
  static final String BROADCAST = "(" + NETWORK + " + " + BLOCK + " - 1)";

  /** Whether {@code self.subnet} is a CIDR prefix. */
  static final String SUBNET_OK = "self.subnet.matches('" + CIDR4_CEL + "')";

  /** Whether range {@code r} has the form first-last. */
  static final String RANGE_OK = "r.matches('" + Patterns.RANGE4_CEL + "')";

  /** Whether range {@code q} has the form first-last. */
  static final String OTHER_OK = "q.matches('" + Patterns.RANGE4_CEL + "')";

  /** Durations longer than this (100 years) are refused, as by the shared parser. */
  static final String MAX_DURATION = "876000h";

  /** A duration field's own rule: at most {@link #MAX_DURATION}. */
  static final String DURATION_BOUNDED =
      "!self.matches('" + Patterns.DURATION + "') || duration(self) <= duration('"
          + MAX_DURATION + "')";

  /** A duration field that must be longer than zero. */
  static final String DURATION_POSITIVE =
      "!self.matches('" + Patterns.DURATION + "') || duration(self) > duration('0s')";

  /** Whether {@code self.leaseTime} is a duration. */
  static final String LEASE_OK =
      "(has(self.leaseTime) && self.leaseTime.matches('" + Patterns.DURATION + "'))";

  /** Whether {@code self.renewalTime} is a duration. */
  static final String RENEWAL_OK = "self.renewalTime.matches('" + Patterns.DURATION + "')";

  /** Whether {@code self.rebindingTime} is a duration. */
  static final String REBINDING_OK = "self.rebindingTime.matches('" + Patterns.DURATION + "')";

  /** T1 in eighths of a second: renewalTime, or half of leaseTime. */
  static final String RENEWAL_EIGHTHS =
      "(has(self.renewalTime) ? duration(self.renewalTime).getSeconds() * 8"
          + " : duration(self.leaseTime).getSeconds() * 4)";

  /** T2 in eighths of a second: rebindingTime, or seven eighths of leaseTime. */
  static final String REBINDING_EIGHTHS =
      "(has(self.rebindingTime) ? duration(self.rebindingTime).getSeconds() * 8"
          + " : duration(self.leaseTime).getSeconds() * 7)";
}
