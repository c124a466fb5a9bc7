package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** A fixed address for one client, known by its hardware address or its client identifier. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.hardwareAddress) || has(self.clientId)",
    message = "a reservation needs a hardwareAddress or a clientId",
    reason = "FieldValueRequired")
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
public class ReservationSpec extends BootSpec {

  @Pattern(Patterns.MAC)
  @JsonPropertyDescription("The client's Ethernet hardware address, e.g. 02:00:00:00:00:01.")
  private String hardwareAddress;

  @Size(max = 765)
  @Pattern(Patterns.HEX)
  @JsonPropertyDescription("The client identifier (option 61) in hex, type byte first, e.g. 01:02:00:00:00:00:01.")
  private String clientId;

  @Required
  @Pattern(Patterns.IPV4)
  @JsonPropertyDescription("The address reserved for this client; inside the subnet.")
  private String address;

  @Size(max = 255)
  @JsonPropertyDescription("Host name given to the client (option 12).")
  private String hostname;

  @Size(max = 128)
  @JsonPropertyDescription(
      "Options for this client, by code; they win over its classes', its pool's, the subnet's and"
          + " the global ones.")
  private List<OptionSpec> options = new ArrayList<>();

  public List<OptionSpec> getOptions() {
    return options;
  }

  public void setOptions(List<OptionSpec> options) {
    this.options = options == null ? new ArrayList<>() : options;
  }

  public String getHardwareAddress() {
    return hardwareAddress;
  }

  public void setHardwareAddress(String hardwareAddress) {
    this.hardwareAddress = hardwareAddress;
  }

  public String getClientId() {
    return clientId;
  }

  public void setClientId(String clientId) {
    this.clientId = clientId;
  }

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  public String getHostname() {
    return hostname;
  }

  public void setHostname(String hostname) {
    this.hostname = hostname;
  }
}
