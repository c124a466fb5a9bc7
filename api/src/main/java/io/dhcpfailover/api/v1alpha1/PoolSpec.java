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
 * A dynamic range with settings of its own: it may be kept for the members of client classes (or
 * for clients in none of some classes) and may set options and network-boot fields for the clients
 * it serves. A subnet's plain {@code ranges} are pools with no settings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
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
public class PoolSpec extends BootSpec {

  @Required
  @Pattern(Patterns.RANGE4)
  @JsonPropertyDescription(
      "The addresses, 'first-last' (inclusive), inside the subnet and overlapping no other range"
          + " or pool.")
  private String range;

  @Size(min = 1, max = 16)
  @ValidationRule(
      value = "self.all(c, c.matches('" + Patterns.CLASS_NAME + "'))",
      message = "each entry names a class of spec.classes",
      reason = "FieldValueInvalid")
  @JsonPropertyDescription(
      "Only members of at least one of these classes (spec.classes) get addresses from this"
          + " pool.")
  private List<String> classes;

  @Size(min = 1, max = 16)
  @ValidationRule(
      value = "self.all(c, c.matches('" + Patterns.CLASS_NAME + "'))",
      message = "each entry names a class of spec.classes",
      reason = "FieldValueInvalid")
  @JsonPropertyDescription(
      "Members of any of these classes (spec.classes) get no address from this pool.")
  private List<String> notClasses;

  @Size(max = 128)
  @JsonPropertyDescription(
      "Options for the clients with an address of this pool, by code; they win over the"
          + " subnet's and the global ones, and yield to a class's and a reservation's.")
  private List<OptionSpec> options = new ArrayList<>();

  public String getRange() {
    return range;
  }

  public void setRange(String range) {
    this.range = range;
  }

  public List<String> getClasses() {
    return classes;
  }

  public void setClasses(List<String> classes) {
    this.classes = classes;
  }

  public List<String> getNotClasses() {
    return notClasses;
  }

  public void setNotClasses(List<String> notClasses) {
    this.notClasses = notClasses;
  }

  public List<OptionSpec> getOptions() {
    return options;
  }

  public void setOptions(List<OptionSpec> options) {
    this.options = options == null ? new ArrayList<>() : options;
  }
}
