package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A fixed address for one client, known by its hardware address or its client identifier. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.hardwareAddress) || has(self.clientId)",
    message = "a reservation needs a hardwareAddress or a clientId",
    reason = "FieldValueRequired")
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
