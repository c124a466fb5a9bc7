package io.dhcpfailover.operator.upgrade;

/** Why the operator restarts a node during a roll. */
public enum RestartReason {
  /** The desired node image differs from the image in the StatefulSet's pod template. */
  IMAGE_CHANGED("ImageChanged"),
  /**
   * Another input of the restart hash changed: the HTTP port, the node name, or what the node only
   * takes on a restart (addresses, interfaces, failover port, mode, split, failover timers).
   */
  POD_TEMPLATE_CHANGED("PodTemplateChanged"),
  /**
   * The StatefulSet already has the desired template but its pod runs an older one of which the
   * image is not known.
   */
  POD_OUT_OF_DATE("PodOutOfDate");

  private final String wireName;

  RestartReason(String wireName) {
    this.wireName = wireName;
  }

  /** The PascalCase name written to {@code status.upgrade.reason}. */
  public String wireName() {
    return wireName;
  }
}
