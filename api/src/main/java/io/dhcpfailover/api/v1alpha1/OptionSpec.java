package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * A DHCP option by code with exactly one value form: {@code value} (text read by the code's type),
 * addresses, text, a number, or raw hex bytes. For a code of known type (RFC 2132 and the common
 * later codes) the value must fit that type and is encoded as that type; other codes are sent as
 * given.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "[has(self.value), has(self.addresses), has(self.text), has(self.hex), has(self.uint8),"
            + " has(self.uint16), has(self.uint32)].filter(x, x).size() == 1",
    message =
        "an option needs exactly one of value, addresses, text, hex, uint8, uint16 or uint32",
    reason = "FieldValueInvalid")
public class OptionSpec {

  @Required
  @Min(1)
  @Max(254)
  @ValidationRule(
      value = "!(self in [50, 51, 52, 53, 54, 55, 57, 58, 59, 61, 82])",
      message = "code is set by the server or the client itself and cannot be configured",
      reason = "FieldValueForbidden")
  @ValidationRule(
      value = "!(self in [1, 3, 6, 12, 15])",
      message = "code has a field of its own (subnetMask, routers, dnsServers, hostname, domainName)",
      reason = "FieldValueForbidden")
  @JsonPropertyDescription("Option code (RFC 2132 and later), 1 to 254.")
  private Integer code;

  @Size(min = 1, max = 1024)
  @JsonPropertyDescription(
      "Value as text, read by the type of the code: a number (26: '1500'), a boolean (19: 'false'),"
          + " addresses or numbers separated by ',' (42: '198.18.0.123, 198.18.0.124'), text"
          + " (66), domain names separated by ',' (119: 'lab.example, example'), routes as"
          + " 'destination/width router' separated by ',' (121: '198.18.8.0/24 198.18.0.1'), or"
          + " hex for opaque codes (43). Only for codes of known type; see the README.")
  private String value;

  @Size(min = 1, max = 63)
  @ValidationRule(
      value = "self.all(a, a.matches('" + Patterns.IPV4_CEL + "'))",
      message = "each address must be an IPv4 address",
      reason = "FieldValueInvalid")
  @JsonPropertyDescription("Value as a list of IPv4 addresses (e.g. NTP servers, code 42).")
  private List<String> addresses;

  @Size(max = 255)
  @JsonPropertyDescription("Value as ASCII text (e.g. a TFTP server name, code 66).")
  private String text;

  @Size(max = 765)
  @Pattern(Patterns.HEX)
  @JsonPropertyDescription("Value as raw bytes in hex, e.g. 01:02:ff or 0102ff.")
  private String hex;

  @Min(0)
  @Max(255)
  @JsonPropertyDescription("Value as one unsigned byte.")
  private Integer uint8;

  @Min(0)
  @Max(65535)
  @JsonPropertyDescription("Value as an unsigned 16-bit integer.")
  private Integer uint16;

  @Min(0)
  @Max(4294967295L)
  @JsonPropertyDescription("Value as an unsigned 32-bit integer.")
  private Long uint32;

  public Integer getCode() {
    return code;
  }

  public void setCode(Integer code) {
    this.code = code;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }

  public List<String> getAddresses() {
    return addresses;
  }

  public void setAddresses(List<String> addresses) {
    this.addresses = addresses;
  }

  public String getText() {
    return text;
  }

  public void setText(String text) {
    this.text = text;
  }

  public String getHex() {
    return hex;
  }

  public void setHex(String hex) {
    this.hex = hex;
  }

  public Integer getUint8() {
    return uint8;
  }

  public void setUint8(Integer uint8) {
    this.uint8 = uint8;
  }

  public Integer getUint16() {
    return uint16;
  }

  public void setUint16(Integer uint16) {
    this.uint16 = uint16;
  }

  public Long getUint32() {
    return uint32;
  }

  public void setUint32(Long uint32) {
    this.uint32 = uint32;
  }
}
