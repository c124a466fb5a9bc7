package io.dhcpfailover.node.engine;

import java.security.SecureRandom;

/**
 * When each client's first DHCPDISCOVER was seen, and whether it was admitted since, in a fixed 8
 * MB: {@value #BUCKETS} buckets of {@value #WAYS} entries of one {@code long} each (a 32-bit
 * fingerprint of the client key, a 31-bit time in tenths of a second, an admitted flag). A new
 * client replaces the oldest entry of its bucket, so a flood of made-up hardware addresses cannot
 * grow the table, and pushes a real client's entry out only when {@value #WAYS} newer ones land
 * in its bucket before the client retransmits: at 30,000 made-up clients a second, a client that
 * retransmits after 8 s loses its entry about once in 1,600 times (after 4 s, once in 180,000). (An LRU table of 65536 keys
 * would be flushed by such a flood in two seconds.) A fingerprint collision makes two clients
 * share an entry: harmless (one may be admitted a retransmission early). Pure: time comes in as
 * epoch milliseconds. Not thread-safe (the engine's thread owns it).
 */
final class FirstSeenTable {
  static final int WAYS = 8;
  static final int BUCKETS = 1 << 17;
  private static final long ADMITTED = 1L << 31;
  private static final long TIME = ADMITTED - 1;

  private final long[] slots = new long[BUCKETS * WAYS];
  private final long seed = new SecureRandom().nextLong();
  private final long epochMs;

  /** @param epochMs the time the table's clock counts from (a little before the first use) */
  FirstSeenTable(long epochMs) {
    this.epochMs = epochMs;
  }

  /** What the table knows of a client: its time (epoch ms) and whether it was admitted then. */
  record Entry(long atMs, boolean admitted) {}

  /** The entry of {@code key}, or null. */
  Entry get(ClientKey key) {
    long h = hash(key);
    int i = find(h);
    return i < 0 ? null : new Entry(epochMs + (slots[i] & TIME) * 100, (slots[i] & ADMITTED) != 0);
  }

  /** Sets {@code key}'s entry to {@code nowMs} (admitted or not), taking the oldest slot of its bucket if it has none. */
  void put(ClientKey key, long nowMs, boolean admitted) {
    long h = hash(key);
    int i = find(h);
    if (i < 0) {
      int base = bucket(h);
      i = base;
      for (int j = base; j < base + WAYS; j++) {
        if (slots[j] == 0) {
          i = j;
          break;
        }
        if ((slots[j] & TIME) < (slots[i] & TIME)) {
          i = j;
        }
      }
    }
    long t = Math.max(1, Math.min(TIME, (nowMs - epochMs) / 100));
    slots[i] = (h & 0xffff_ffff_0000_0000L) | (admitted ? ADMITTED : 0) | t;
  }

  /** Entries in use (a scan: for tests and status, not the packet path). */
  int size() {
    int n = 0;
    for (long s : slots) {
      if (s != 0) {
        n++;
      }
    }
    return n;
  }

  private int find(long h) {
    long fp = h & 0xffff_ffff_0000_0000L;
    int base = bucket(h);
    for (int j = base; j < base + WAYS; j++) {
      if (slots[j] != 0 && (slots[j] & 0xffff_ffff_0000_0000L) == fp) {
        return j;
      }
    }
    return -1;
  }

  private static int bucket(long h) {
    return (int) (h & (BUCKETS - 1)) * WAYS;
  }

  /** 64-bit FNV-1a of the key from a random seed, then a finalizer; the fingerprint is never 0. */
  private long hash(ClientKey key) {
    long h = seed ^ (key.isClientId() ? 0x9E3779B97F4A7C15L : 0);
    for (byte b : key.bytes()) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return (h & 0xffff_ffff_0000_0000L) == 0 ? h | (1L << 32) : h;
  }
}
