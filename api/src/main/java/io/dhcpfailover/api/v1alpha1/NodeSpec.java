package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Where one node of the pair runs and which address it serves from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NodeSpec {

  @Required
  @Size(max = 15)
  @Pattern(Patterns.IPV4)
  @ValidationRule(
      value =
          "!self.matches('" + Patterns.IPV4_CEL + "') || (int(self.split('.')[0]) > 0"
              + " && int(self.split('.')[0]) < 224)",
      message = "address must be a unicast address",
      reason = "FieldValueInvalid")
  @JsonPropertyDescription(
      "IPv4 address this node serves and peers from (the server identifier clients see; relays"
          + " forward to it; the failover connection uses it). Must be an address of the host.")
  private String address;

  @Size(max = 32)
  @JsonPropertyDescription(
      "Network interfaces on which directly attached clients are heard. Empty: relayed clients"
          + " only.")
  private List<String> interfaces = new ArrayList<>();

  @Size(max = 253)
  @JsonPropertyDescription(
      "Kubernetes only: the name of the node the pod of this role is pinned to.")
  private String nodeName;

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  public List<String> getInterfaces() {
    return interfaces;
  }

  public void setInterfaces(List<String> interfaces) {
    this.interfaces = interfaces == null ? new ArrayList<>() : interfaces;
  }

  public String getNodeName() {
    return nodeName;
  }

  public void setNodeName(String nodeName) {
    this.nodeName = nodeName;
  }
}
