package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** How the operator rolls a change that needs the nodes restarted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UpgradeSpec {

  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription(
      "Longest time one step of a roll may take before the roll stops with a warning. Default:"
          + " MCLT plus five minutes.")
  private String stepTimeout;

  @JsonPropertyDescription(
      "When true, the roll pauses after the secondary until the pair is annotated"
          + " dhcpfailover.io/continue-upgrade.")
  private Boolean supervised = false;

  public String getStepTimeout() {
    return stepTimeout;
  }

  public void setStepTimeout(String stepTimeout) {
    this.stepTimeout = stepTimeout;
  }

  public Boolean getSupervised() {
    return supervised;
  }

  public void setSupervised(Boolean supervised) {
    this.supervised = supervised;
  }
}
