package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The step a rolling upgrade is in ({@code status.upgrade.phase}). */
public enum UpgradePhase {
  /** Nothing to roll, or the last roll finished. */
  @JsonProperty("Idle")
  IDLE(null),
  /** A node needs a restart, but the roll waits until both nodes are NORMAL. */
  @JsonProperty("WaitingForNormal")
  WAITING_FOR_NORMAL(null),
  /** The secondary's pod template is updated or its pod deleted. */
  @JsonProperty("RestartingSecondary")
  RESTARTING_SECONDARY(Role.SECONDARY),
  /** The primary's pod template is updated or its pod deleted. */
  @JsonProperty("RestartingPrimary")
  RESTARTING_PRIMARY(Role.PRIMARY),
  /** The restarted secondary and its partner are not both NORMAL yet. */
  @JsonProperty("WaitingForSecondaryNormal")
  WAITING_FOR_SECONDARY_NORMAL(Role.SECONDARY),
  /** The restarted primary and its partner are not both NORMAL yet. */
  @JsonProperty("WaitingForPrimaryNormal")
  WAITING_FOR_PRIMARY_NORMAL(Role.PRIMARY),
  /** Supervised roll: the secondary is done, the primary waits for approval. */
  @JsonProperty("PausedBeforePrimary")
  PAUSED_BEFORE_PRIMARY(null),
  /** A wait outlived {@code spec.upgrade.stepTimeout}. */
  @JsonProperty("Stuck")
  STUCK(null);

  private final Role node;

  UpgradePhase(Role node) {
    this.node = node;
  }

  /** The phase that restarts {@code role}. */
  public static UpgradePhase restarting(Role role) {
    return role == Role.PRIMARY ? RESTARTING_PRIMARY : RESTARTING_SECONDARY;
  }

  /** The phase that waits for the restarted {@code role} to be back. */
  public static UpgradePhase waitingFor(Role role) {
    return role == Role.PRIMARY ? WAITING_FOR_PRIMARY_NORMAL : WAITING_FOR_SECONDARY_NORMAL;
  }

  /** True while a node is restarted ({@code RestartingPrimary}, {@code RestartingSecondary}). */
  public boolean restarting() {
    return this == RESTARTING_PRIMARY || this == RESTARTING_SECONDARY;
  }

  /** True while a restarted node is awaited ({@code WaitingForPrimaryNormal}, ...Secondary...). */
  public boolean waitingForNode() {
    return this == WAITING_FOR_PRIMARY_NORMAL || this == WAITING_FOR_SECONDARY_NORMAL;
  }

  /** True for a phase that is no wait for anything: {@link #IDLE}. */
  public boolean idle() {
    return this == IDLE;
  }

  /** The node this phase restarts or waits for, or null when it names none. */
  public Role node() {
    return node;
  }
}
