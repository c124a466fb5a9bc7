package io.dhcpfailover.api.validation;

import static io.dhcpfailover.api.validation.OptionType.BOOLEAN;
import static io.dhcpfailover.api.validation.OptionType.BYTES;
import static io.dhcpfailover.api.validation.OptionType.CLASSLESS_ROUTES;
import static io.dhcpfailover.api.validation.OptionType.DOMAIN_LIST;
import static io.dhcpfailover.api.validation.OptionType.INT32;
import static io.dhcpfailover.api.validation.OptionType.IPV4;
import static io.dhcpfailover.api.validation.OptionType.IPV4_LIST;
import static io.dhcpfailover.api.validation.OptionType.IPV4_PAIRS;
import static io.dhcpfailover.api.validation.OptionType.STRING;
import static io.dhcpfailover.api.validation.OptionType.UINT16;
import static io.dhcpfailover.api.validation.OptionType.UINT16_LIST;
import static io.dhcpfailover.api.validation.OptionType.UINT32;
import static io.dhcpfailover.api.validation.OptionType.UINT8;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The types of the DHCPv4 option codes in common use: all of RFC 2132 and the later codes of the
 * IANA "BOOTP Vendor Extensions and DHCP Options" registry that servers are configured with. Names
 * are those of ISC dhcpd's dhcp-options(5), with Kea's where it differs as an alias. A code that is
 * not here has no known type: its value is taken as given (hex, text, addresses or an integer of
 * the width chosen).
 */
public final class OptionTypes {
  /** One known option: its code, its name and the type of its value. */
  public record Definition(int code, String name, OptionType type) {
    /** {@code 26 (interface-mtu)}, as messages name an option. */
    public String title() {
      return code + " (" + name + ")";
    }
  }

  private static final Map<Integer, Definition> BY_CODE = new TreeMap<>();
  private static final Map<String, Definition> BY_NAME = new HashMap<>();

  static {
    // RFC 2132 §3: vendor extensions of RFC 1497
    define(1, "subnet-mask", IPV4);
    define(2, "time-offset", INT32);
    define(3, "routers", IPV4_LIST);
    define(4, "time-servers", IPV4_LIST);
    define(5, "ien116-name-servers", IPV4_LIST, "name-servers");
    define(6, "domain-name-servers", IPV4_LIST);
    define(7, "log-servers", IPV4_LIST);
    define(8, "cookie-servers", IPV4_LIST);
    define(9, "lpr-servers", IPV4_LIST);
    define(10, "impress-servers", IPV4_LIST);
    define(11, "resource-location-servers", IPV4_LIST);
    define(12, "host-name", STRING);
    define(13, "boot-size", UINT16);
    define(14, "merit-dump", STRING);
    define(15, "domain-name", STRING);
    define(16, "swap-server", IPV4);
    define(17, "root-path", STRING);
    define(18, "extensions-path", STRING);
    // §4: IP layer parameters per host
    define(19, "ip-forwarding", BOOLEAN);
    define(20, "non-local-source-routing", BOOLEAN);
    define(21, "policy-filter", IPV4_PAIRS);
    define(22, "max-dgram-reassembly", UINT16);
    define(23, "default-ip-ttl", UINT8);
    define(24, "path-mtu-aging-timeout", UINT32);
    define(25, "path-mtu-plateau-table", UINT16_LIST);
    // §5: IP layer parameters per interface
    define(26, "interface-mtu", UINT16);
    define(27, "all-subnets-local", BOOLEAN);
    define(28, "broadcast-address", IPV4);
    define(29, "perform-mask-discovery", BOOLEAN);
    define(30, "mask-supplier", BOOLEAN);
    define(31, "router-discovery", BOOLEAN);
    define(32, "router-solicitation-address", IPV4);
    define(33, "static-routes", IPV4_PAIRS);
    // §6: link layer; §7: TCP
    define(34, "trailer-encapsulation", BOOLEAN);
    define(35, "arp-cache-timeout", UINT32);
    define(36, "ieee802-3-encapsulation", BOOLEAN);
    define(37, "default-tcp-ttl", UINT8);
    define(38, "tcp-keepalive-interval", UINT32);
    define(39, "tcp-keepalive-garbage", BOOLEAN);
    // §8: applications and services
    define(40, "nis-domain", STRING);
    define(41, "nis-servers", IPV4_LIST);
    define(42, "ntp-servers", IPV4_LIST);
    define(43, "vendor-encapsulated-options", BYTES);
    define(44, "netbios-name-servers", IPV4_LIST);
    define(45, "netbios-dd-server", IPV4_LIST);
    define(46, "netbios-node-type", UINT8);
    define(47, "netbios-scope", STRING);
    define(48, "font-servers", IPV4_LIST);
    define(49, "x-display-manager", IPV4_LIST);
    // §9: DHCP extensions
    define(50, "dhcp-requested-address", IPV4);
    define(51, "dhcp-lease-time", UINT32);
    define(52, "dhcp-option-overload", UINT8);
    define(53, "dhcp-message-type", UINT8);
    define(54, "dhcp-server-identifier", IPV4);
    define(55, "dhcp-parameter-request-list", BYTES);
    define(56, "dhcp-message", STRING);
    define(57, "dhcp-max-message-size", UINT16);
    define(58, "dhcp-renewal-time", UINT32);
    define(59, "dhcp-rebinding-time", UINT32);
    define(60, "vendor-class-identifier", STRING);
    define(61, "dhcp-client-identifier", BYTES);
    define(62, "nwip-domain", STRING);
    define(63, "nwip-suboptions", BYTES);
    define(64, "nisplus-domain", STRING, "nis-plus-domain");
    define(65, "nisplus-servers", IPV4_LIST, "nis-plus-servers");
    define(66, "tftp-server-name", STRING);
    define(67, "bootfile-name", STRING, "boot-file-name");
    define(68, "mobile-ip-home-agent", IPV4_LIST);
    define(69, "smtp-server", IPV4_LIST);
    define(70, "pop-server", IPV4_LIST);
    define(71, "nntp-server", IPV4_LIST);
    define(72, "www-server", IPV4_LIST);
    define(73, "finger-server", IPV4_LIST);
    define(74, "irc-server", IPV4_LIST);
    define(75, "streettalk-server", IPV4_LIST);
    define(76, "streettalk-directory-assistance-server", IPV4_LIST);
    // later RFCs
    define(77, "user-class", STRING); // RFC 3004
    define(82, "relay-agent-information", BYTES); // RFC 3046
    define(85, "nds-servers", IPV4_LIST); // RFC 2241
    define(86, "nds-tree-name", STRING);
    define(87, "nds-context", STRING);
    define(88, "bcms-controller-names", DOMAIN_LIST); // RFC 4280
    define(89, "bcms-controller-address", IPV4_LIST);
    define(93, "pxe-system-type", UINT16_LIST, "client-system"); // RFC 4578
    define(94, "pxe-interface-id", BYTES, "client-ndi");
    define(97, "pxe-client-id", BYTES, "uuid-guid");
    define(98, "uap-servers", STRING); // RFC 2485
    define(100, "pcode", STRING); // RFC 4833
    define(101, "tcode", STRING);
    define(108, "v6-only-preferred", UINT32); // RFC 8925
    define(112, "netinfo-server-address", IPV4_LIST); // RFC 3679
    define(113, "netinfo-server-tag", STRING);
    define(114, "v4-captive-portal", STRING, "default-url"); // RFC 8910
    define(116, "auto-config", UINT8); // RFC 2563
    define(117, "name-service-search", UINT16_LIST); // RFC 2937
    define(118, "subnet-selection", IPV4); // RFC 3011
    define(119, "domain-search", DOMAIN_LIST); // RFC 3397
    define(121, "classless-static-routes", CLASSLESS_ROUTES, // RFC 3442
        "classless-static-route", "rfc3442-classless-static-routes");
    define(124, "vivco", BYTES, "vivco-suboptions"); // RFC 3925
    define(125, "vivso", BYTES, "vivso-suboptions");
    define(136, "pana-agent", IPV4_LIST); // RFC 5192
    define(137, "v4-lost", DOMAIN_LIST); // RFC 5223
    define(138, "capwap-ac-v4", IPV4_LIST); // RFC 5417
    define(141, "sip-ua-cs-domains", DOMAIN_LIST); // RFC 6011
    define(150, "tftp-server-address", IPV4_LIST); // RFC 5859
    define(209, "pxelinux-configfile", STRING); // RFC 5071
    define(210, "pxelinux-pathprefix", STRING);
    define(211, "pxelinux-reboottime", UINT32);
    define(213, "v4-access-domain", DOMAIN_LIST); // RFC 5986
    define(249, "ms-classless-static-routes", CLASSLESS_ROUTES); // RFC 3442's form
    define(252, "wpad-url", STRING, "wpad"); // draft-ietf-wrec-wpad
  }

  private static void define(int code, String name, OptionType type, String... aliases) {
    Definition d = new Definition(code, name, type);
    BY_CODE.put(code, d);
    BY_NAME.put(name, d);
    for (String alias : aliases) {
      BY_NAME.put(alias, d);
    }
  }

  private OptionTypes() {}

  /** The option of a code, or null when its type is unknown. */
  public static Definition byCode(int code) {
    return BY_CODE.get(code);
  }

  /** The option of a name or alias (case-insensitive), or null. */
  public static Definition byName(String name) {
    return BY_NAME.get(name.toLowerCase(Locale.ROOT));
  }

  /** Every known option, by code. */
  public static Collection<Definition> all() {
    return Collections.unmodifiableCollection(BY_CODE.values());
  }
}
