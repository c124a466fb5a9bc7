package io.dhcpfailover.node.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets keyed by a number (a hashed hardware address, a relay's address), in bounded
 * memory: at most {@code maxKeys} buckets, the least recently used one forgotten first. A flood
 * from made-up keys therefore cannot grow the map; it only pushes out buckets of quiet keys, which
 * come back full (a quiet key was within its rate anyway), while a key that keeps sending stays
 * most recently used and stays limited.
 *
 * <p>Each bucket holds up to {@code burst} tokens and gains {@code perSecond} tokens a second; a
 * packet takes one token or is refused. Pure: time comes in as {@code nowNanos}. Not thread-safe
 * (the DHCP event loop owns it).
 */
public final class TokenBuckets {
  private final double tokensPerNano;
  private final double burst;
  private final LinkedHashMap<Long, Bucket> buckets;

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }

  /**
   * @param perSecond tokens a bucket gains a second (at least 1)
   * @param burst tokens a bucket holds at most (at least 1)
   * @param maxKeys buckets kept at most
   */
  public TokenBuckets(double perSecond, double burst, int maxKeys) {
    if (perSecond <= 0 || burst < 1 || maxKeys < 1) {
      throw new IllegalArgumentException(
          "perSecond > 0, burst >= 1, maxKeys >= 1 (were " + perSecond + ", " + burst + ", " + maxKeys + ")");
    }
    this.tokensPerNano = perSecond / 1e9;
    this.burst = burst;
    this.buckets =
        new LinkedHashMap<>(Math.min(maxKeys, 1 << 16) * 4 / 3 + 1, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Bucket> eldest) {
            return size() > maxKeys;
          }
        };
  }

  /** Takes a token from {@code key}'s bucket; false when it is empty (the packet is over the rate). */
  public boolean tryAcquire(long key, long nowNanos) {
    Bucket b = buckets.get(key);
    if (b == null) {
      buckets.put(key, new Bucket(burst - 1, nowNanos));
      return true;
    }
    long elapsed = nowNanos - b.at;
    if (elapsed > 0) {
      b.tokens = Math.min(burst, b.tokens + elapsed * tokensPerNano);
      b.at = nowNanos;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return true;
    }
    return false;
  }

  /** Buckets held now (at most {@code maxKeys}). */
  public int size() {
    return buckets.size();
  }
}
