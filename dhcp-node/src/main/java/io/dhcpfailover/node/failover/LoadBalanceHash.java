package io.dhcpfailover.node.failover;

import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.lease.Lease;
import java.util.Arrays;

/**
 * RFC 3074 load balancing as ISC dhcpd 4.4.3 applies it (digest §H).
 *
 * <ul>
 *   <li>Bucket: Pearson hash (RFC 3074 §6) over the client-identifier option value if the client
 *       sent one, else over chaddr (without htype); start with the key length, walk the key from
 *       its last byte to its first.
 *   <li>Hash-bucket assignment: 32 bytes, bucket {@code b} is bit {@code 1 << (b & 7)} of byte
 *       {@code b >> 3} (LSB first, capture h-001: {@code split 131} makes byte 16 {@code 07}).
 *   <li>Meaning, as ISC (inverted against draft-12 §12.11): bit set = the <b>primary</b> answers,
 *       clear = the secondary. {@code split N} sets buckets 0..N-1.
 *   <li>Only DHCPDISCOVER in NORMAL is balanced; it is answered anyway when load balancing is off
 *       ({@code load balance max seconds} 0, ISC's default), when the client's secs exceeds it, or
 *       when the partner has no free address.
 * </ul>
 */
public final class LoadBalanceHash {
  /** The RFC 3074 §6 mixing table (digest §H; identical in ISC). */
  private static final int[] T = {
    251, 175, 119, 215, 81, 14, 79, 191, 103, 49, 181, 143, 186, 157, 0, 232,
    31, 32, 55, 60, 152, 58, 17, 237, 174, 70, 160, 144, 220, 90, 57, 223,
    59, 3, 18, 140, 111, 166, 203, 196, 134, 243, 124, 95, 222, 179, 197, 65,
    180, 48, 36, 15, 107, 46, 233, 130, 165, 30, 123, 161, 209, 23, 97, 16,
    40, 91, 219, 61, 100, 10, 210, 109, 250, 127, 22, 138, 29, 108, 244, 67,
    207, 9, 178, 204, 74, 98, 126, 249, 167, 116, 34, 77, 193, 200, 121, 5,
    20, 113, 71, 35, 128, 13, 182, 94, 25, 226, 227, 199, 75, 27, 41, 245,
    230, 224, 43, 225, 177, 26, 155, 150, 212, 142, 218, 115, 241, 73, 88, 105,
    39, 114, 62, 255, 192, 201, 145, 214, 168, 158, 221, 148, 154, 122, 12, 84,
    82, 163, 44, 139, 228, 236, 205, 242, 217, 11, 187, 146, 159, 64, 86, 239,
    195, 42, 106, 198, 118, 112, 184, 172, 87, 2, 173, 117, 176, 229, 247, 253,
    137, 185, 99, 164, 102, 147, 45, 66, 231, 52, 141, 211, 194, 206, 246, 238,
    56, 110, 78, 248, 63, 240, 189, 93, 92, 51, 53, 183, 19, 171, 72, 50,
    33, 104, 101, 69, 8, 252, 83, 120, 76, 135, 85, 54, 202, 125, 188, 213,
    96, 235, 136, 208, 162, 129, 190, 132, 156, 38, 47, 1, 7, 254, 24, 4,
    216, 131, 89, 21, 28, 133, 37, 153, 149, 80, 170, 68, 6, 169, 234, 151
  };

  /** Size of the hash-bucket-assignment option (digest §C). */
  public static final int HBA_LENGTH = 32;

  private LoadBalanceHash() {}

  /** Entry {@code i} of the mixing table. */
  public static int table(int i) {
    return T[i];
  }

  /** The Pearson hash bucket (0..255) of a key. */
  public static int bucket(byte[] key) {
    int h = key.length & 0xff;
    for (int i = key.length - 1; i >= 0; i--) {
      h = T[(h ^ key[i]) & 0xff];
    }
    return h;
  }

  /**
   * The bucket of a client: over {@code clientId} (option 61 value) when non-null, else over {@code
   * chaddr} (hlen bytes, no htype).
   */
  public static int bucket(byte[] clientId, byte[] chaddr) {
    return bucket(clientId != null ? clientId : chaddr);
  }

  /**
   * The bucket of a stored lease: its client id, else its hardware address without the leading
   * htype byte (the same result as for the client's packet, digest §H). -1 when it has neither.
   */
  public static int bucket(Lease lease) {
    byte[] id = lease.clientId();
    if (id != null) {
      return bucket(id);
    }
    byte[] hw = lease.hardware();
    if (hw == null || hw.length < 1) {
      return -1;
    }
    return bucket(Arrays.copyOfRange(hw, 1, hw.length));
  }

  /** The assignment of ISC's {@code split N}: buckets 0..N-1 set, i.e. the primary's. */
  public static byte[] hbaForSplit(int split) {
    if (split < 0 || split > 256) {
      throw new IllegalArgumentException("split must be 0..256, got " + split);
    }
    byte[] hba = new byte[HBA_LENGTH];
    for (int b = 0; b < split; b++) {
      hba[b >> 3] |= (byte) (1 << (b & 7));
    }
    return hba;
  }

  /** Whether bucket {@code b} is the primary's under {@code hba} (ISC: bit set = primary). */
  public static boolean primaryServes(byte[] hba, int b) {
    if (hba.length != HBA_LENGTH) {
      throw new IllegalArgumentException("hash bucket assignment must be 32 bytes");
    }
    return (hba[b >> 3] & (1 << (b & 7))) != 0;
  }

  /** Whether a server of {@code role} owns bucket {@code b} under {@code hba}. */
  public static boolean owns(Role role, byte[] hba, int b) {
    return primaryServes(hba, b) == (role == Role.PRIMARY);
  }

  /**
   * The secs value ISC compares: with {@code check-secs-byte-order}, a value of 256 or more whose
   * low byte is 0 was sent little-endian and is swapped (digest §H).
   */
  public static int effectiveSecs(int secs, boolean checkSecsByteOrder) {
    if (checkSecsByteOrder && secs >= 256 && (secs & 0xff) == 0) {
      return secs >>> 8;
    }
    return secs;
  }

  /**
   * The {@code load balance max seconds} rule (digest §H): hash balancing applies only when it is
   * configured above 0 and the client's secs does not exceed it; otherwise both servers answer.
   */
  public static boolean balancingApplies(
      int secs, int loadBalanceMaxSeconds, boolean checkSecsByteOrder) {
    return loadBalanceMaxSeconds > 0
        && effectiveSecs(secs, checkSecsByteOrder) <= loadBalanceMaxSeconds;
  }

  /**
   * Whether a server in NORMAL answers a DHCPDISCOVER (digest §H): yes if it owns the client's
   * bucket, or balancing does not apply ({@link #balancingApplies}), or the partner has no free
   * address to give.
   */
  public static boolean answersDiscover(
      Role role,
      byte[] hba,
      int bucket,
      int secs,
      int loadBalanceMaxSeconds,
      boolean checkSecsByteOrder,
      boolean partnerHasFreeAddresses) {
    return owns(role, hba, bucket)
        || !balancingApplies(secs, loadBalanceMaxSeconds, checkSecsByteOrder)
        || !partnerHasFreeAddresses;
  }
}
