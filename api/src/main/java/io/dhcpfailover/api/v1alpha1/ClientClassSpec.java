package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * A client class: clients whose request matches every criterion given (vendor class, user class,
 * client architecture, relay agent sub-options, hardware address prefix) are its members. A class
 * may set options and network-boot fields for its members, and pools may be kept for members or
 * for non-members. Where several classes set the same thing, the class listed first wins.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "[has(self.vendorClass), has(self.vendorClassPrefix), has(self.userClass),"
            + " has(self.architectures), has(self.circuitId), has(self.remoteId),"
            + " has(self.hardwareAddressPrefixes)].exists(x, x)",
    message =
        "a class needs a criterion: vendorClass, vendorClassPrefix, userClass, architectures,"
            + " circuitId, remoteId or hardwareAddressPrefixes",
    reason = "FieldValueRequired")
@ValidationRule(
    value = "!has(self.vendorClass) || !has(self.vendorClassPrefix)",
    message = "vendorClassPrefix: give vendorClass (exact) or vendorClassPrefix, not both",
    fieldPath = ".vendorClassPrefix",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.tftpServerName) || !has(self.options) || !self.options.exists(o, has(o.code) &&"
            + " o.code == 66)",
    message = "options: code 66 is also given as tftpServerName; give it once",
    fieldPath = ".options",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.bootFileName) || !has(self.options) || !self.options.exists(o, has(o.code) &&"
            + " o.code == 67)",
    message = "options: code 67 is also given as bootFileName; give it once",
    fieldPath = ".options",
    reason = "FieldValueInvalid")
public class ClientClassSpec extends BootSpec {

  @Required
  @Size(min = 1, max = 63)
  @Pattern(Patterns.CLASS_NAME)
  @JsonPropertyDescription(
      "The class's name, referenced by pools: lower-case letters, digits and '-', e.g. uefi-x64.")
  private String name;

  @Size(min = 1, max = 255)
  @Pattern(Patterns.PRINTABLE)
  @JsonPropertyDescription(
      "Matches a vendor class identifier (option 60) equal to this text, e.g."
          + " PXEClient:Arch:00007:UNDI:003016.")
  private String vendorClass;

  @Size(min = 1, max = 255)
  @Pattern(Patterns.PRINTABLE)
  @JsonPropertyDescription(
      "Matches a vendor class identifier (option 60) that starts with this text, e.g."
          + " PXEClient:Arch:00007.")
  private String vendorClassPrefix;

  @Size(min = 1, max = 255)
  @Pattern(Patterns.PRINTABLE)
  @JsonPropertyDescription(
      "Matches a user class (option 77) equal to this text, e.g. iPXE: the option's whole value"
          + " (as iPXE sends it) or one of its RFC 3004 instances.")
  private String userClass;

  @Size(min = 1, max = 16)
  @ValidationRule(
      value = "self.all(a, a >= 0 && a <= 65535)",
      message = "each architecture is a type from 0 to 65535",
      reason = "FieldValueInvalid")
  @JsonPropertyDescription(
      "Matches a client whose client system architecture (option 93, RFC 4578) is one of these"
          + " types, e.g. 0 (x86 BIOS), 7 (x64 UEFI), 11 (ARM64 UEFI).")
  private List<Integer> architectures;

  @Size(max = 765)
  @Pattern(Patterns.HEX)
  @JsonPropertyDescription(
      "Matches a relayed request whose relay agent circuit id (option 82 sub-option 1) is these"
          + " bytes, in hex (e.g. 65:74:68:30 for 'eth0').")
  private String circuitId;

  @Size(max = 765)
  @Pattern(Patterns.HEX)
  @JsonPropertyDescription(
      "Matches a relayed request whose relay agent remote id (option 82 sub-option 2) is these"
          + " bytes, in hex.")
  private String remoteId;

  @Size(min = 1, max = 64)
  @ValidationRule(
      value = "self.all(p, p.matches('" + Patterns.MAC_PREFIX + "'))",
      message =
          "each hardware address prefix is 1 to 6 bytes in hex, colon separated, e.g. 52:54:00",
      reason = "FieldValueInvalid")
  @JsonPropertyDescription(
      "Matches an Ethernet client whose hardware address starts with one of these prefixes, e.g."
          + " 52:54:00 (an OUI).")
  private List<String> hardwareAddressPrefixes;

  @Size(max = 128)
  @JsonPropertyDescription(
      "Options for the members, by code; they win over the pool's, the subnet's and the global"
          + " ones, and yield to a reservation's.")
  private List<OptionSpec> options = new ArrayList<>();

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getVendorClass() {
    return vendorClass;
  }

  public void setVendorClass(String vendorClass) {
    this.vendorClass = vendorClass;
  }

  public String getVendorClassPrefix() {
    return vendorClassPrefix;
  }

  public void setVendorClassPrefix(String vendorClassPrefix) {
    this.vendorClassPrefix = vendorClassPrefix;
  }

  public String getUserClass() {
    return userClass;
  }

  public void setUserClass(String userClass) {
    this.userClass = userClass;
  }

  public List<Integer> getArchitectures() {
    return architectures;
  }

  public void setArchitectures(List<Integer> architectures) {
    this.architectures = architectures;
  }

  public String getCircuitId() {
    return circuitId;
  }

  public void setCircuitId(String circuitId) {
    this.circuitId = circuitId;
  }

  public String getRemoteId() {
    return remoteId;
  }

  public void setRemoteId(String remoteId) {
    this.remoteId = remoteId;
  }

  public List<String> getHardwareAddressPrefixes() {
    return hardwareAddressPrefixes;
  }

  public void setHardwareAddressPrefixes(List<String> hardwareAddressPrefixes) {
    this.hardwareAddressPrefixes = hardwareAddressPrefixes;
  }

  public List<OptionSpec> getOptions() {
    return options;
  }

  public void setOptions(List<OptionSpec> options) {
    this.options = options == null ? new ArrayList<>() : options;
  }
}
