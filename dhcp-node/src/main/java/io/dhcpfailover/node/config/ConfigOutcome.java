package io.dhcpfailover.node.config;

import io.dhcpfailover.api.v1alpha1.ConfigStatus;
import io.dhcpfailover.api.v1alpha1.NodeStatus;

/**
 * What became of the latest pair file a running node read: its {@link ConfigStatus} and, unless
 * the node runs it, why not. The status says what happened; the message is for people only.
 *
 * @param status current, rejected, or waiting for a restart
 * @param error why the node does not run the file, or null when it does
 */
public record ConfigOutcome(ConfigStatus status, String error) {

  /** The node runs the latest file. */
  public static final ConfigOutcome CURRENT = new ConfigOutcome(ConfigStatus.CURRENT, null);

  /** The file was refused; the node runs {@code running}. */
  public static ConfigOutcome rejected(String running, String why) {
    return new ConfigOutcome(
        ConfigStatus.REJECTED, "new configuration rejected, running " + running + ": " + why);
  }

  /** The file was accepted, but {@code fields} change only on a restart; until then {@code running}. */
  public static ConfigOutcome restartPending(String running, String fields) {
    return new ConfigOutcome(
        ConfigStatus.RESTART_PENDING,
        "changes to " + fields + " take effect after a restart; running " + running);
  }

  /** Writes this outcome into a node's status entry. */
  public void writeTo(NodeStatus status) {
    status.setConfigStatus(this.status);
    status.setConfigError(error);
  }
}
