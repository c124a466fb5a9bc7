package io.dhcpfailover.node.codec.failover;

import java.util.Arrays;

/**
 * The binding carried by one BNDUPD (draft-ietf-dhc-failover-12 §7.1; digest §F.1), in wire terms:
 * the codec knows nothing of the lease store. Times are Unix seconds; 0 means "not set".
 *
 * @param address assigned-IP-address, network order
 * @param bindingStatus binding-status code (1 FREE .. 7 BACKUP)
 * @param clientId client-identifier (option 61 value), or null
 * @param hardware client-hardware-address (htype then chaddr), or null
 * @param leaseExpirationTime lease-expiration-time
 * @param potentialExpirationTime potential-expiration-time
 * @param startTimeOfState start-time-of-state (ISC: the lease start)
 * @param cltt client-last-transaction-time; ISC omits it when 0
 * @param ipFlags IP-flags; omitted when 0 as ISC does
 */
public record FailoverBinding(
    int address,
    int bindingStatus,
    byte[] clientId,
    byte[] hardware,
    long leaseExpirationTime,
    long potentialExpirationTime,
    long startTimeOfState,
    long cltt,
    int ipFlags) {

  public FailoverBinding {
    clientId = clientId == null ? null : clientId.clone();
    hardware = hardware == null ? null : hardware.clone();
  }

  @Override
  public byte[] clientId() {
    return clientId == null ? null : clientId.clone();
  }

  @Override
  public byte[] hardware() {
    return hardware == null ? null : hardware.clone();
  }

  /**
   * Appends the options in ISC's BNDUPD order (captures README, "Bindings"): 2, 3, [4], [5], 13,
   * 18, 25, [6], [12]. Lease and potential expiration and STOS go on every update, even FREE/BACKUP
   * (digest §J.11).
   */
  FailoverMessage.Builder appendTo(FailoverMessage.Builder b) {
    b.assignedIpAddress(address).bindingStatus(bindingStatus);
    if (clientId != null) {
      b.clientIdentifier(clientId);
    }
    if (hardware != null) {
      b.clientHardwareAddress(hardware);
    }
    b.leaseExpirationTime(leaseExpirationTime)
        .potentialExpirationTime(potentialExpirationTime)
        .startTimeOfState(startTimeOfState);
    if (cltt != 0) {
      b.clientLastTransactionTime(cltt);
    }
    if (ipFlags != 0) {
      b.ipFlags(ipFlags);
    }
    return b;
  }

  /**
   * Whether {@code m} carries the two options ISC requires in a BNDUPD (else BNDACK reject 3,
   * digest §B).
   */
  public static boolean hasRequiredOptions(FailoverMessage m) {
    return m.assignedIpAddress().isPresent() && m.bindingStatus().isPresent();
  }

  /**
   * The binding of a received BNDUPD; absent times read as 0, absent flags as 0.
   *
   * @throws IllegalArgumentException if assigned-IP-address or binding-status is missing
   */
  public static FailoverBinding from(FailoverMessage m) {
    if (!hasRequiredOptions(m)) {
      throw new IllegalArgumentException("BNDUPD without assigned-IP-address or binding-status");
    }
    return new FailoverBinding(
        m.assignedIpAddress().getAsInt(),
        m.bindingStatus().getAsInt(),
        m.clientIdentifier().orElse(null),
        m.clientHardwareAddress().orElse(null),
        m.leaseExpirationTime().orElse(0),
        m.potentialExpirationTime().orElse(0),
        m.startTimeOfState().orElse(0),
        m.clientLastTransactionTime().orElse(0),
        m.ipFlags().orElse(0));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FailoverBinding b
        && b.address == address
        && b.bindingStatus == bindingStatus
        && Arrays.equals(b.clientId, clientId)
        && Arrays.equals(b.hardware, hardware)
        && b.leaseExpirationTime == leaseExpirationTime
        && b.potentialExpirationTime == potentialExpirationTime
        && b.startTimeOfState == startTimeOfState
        && b.cltt == cltt
        && b.ipFlags == ipFlags;
  }

  @Override
  public int hashCode() {
    return address * 31 + bindingStatus;
  }

  @Override
  public String toString() {
    return "FailoverBinding{"
        + (address >>> 24)
        + "."
        + ((address >>> 16) & 0xff)
        + "."
        + ((address >>> 8) & 0xff)
        + "."
        + (address & 0xff)
        + " status="
        + bindingStatus
        + (hardware == null ? "" : " hw=" + java.util.HexFormat.of().formatHex(hardware))
        + (clientId == null ? "" : " id=" + java.util.HexFormat.of().formatHex(clientId))
        + " ends="
        + leaseExpirationTime
        + " pet="
        + potentialExpirationTime
        + " stos="
        + startTimeOfState
        + " cltt="
        + cltt
        + " flags="
        + ipFlags
        + "}";
  }
}
