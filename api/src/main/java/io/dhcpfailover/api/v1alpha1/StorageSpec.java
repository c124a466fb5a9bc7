package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** The persistent volume that holds a node's lease store. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSpec {

  @Default("1Gi")
  @Pattern(Patterns.QUANTITY)
  @JsonPropertyDescription("Size of each node's volume claim, e.g. 1Gi.")
  private String size = "1Gi";

  @JsonPropertyDescription("Storage class of the volume claims; empty: the cluster's default.")
  private String storageClassName;

  public String getSize() {
    return size;
  }

  public void setSize(String size) {
    this.size = size;
  }

  public String getStorageClassName() {
    return storageClassName;
  }

  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }
}
