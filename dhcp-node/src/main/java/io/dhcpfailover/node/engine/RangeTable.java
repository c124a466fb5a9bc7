package io.dhcpfailover.node.engine;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * A subnet's dynamic ranges laid end to end: each address of a range has an offset, from 0 to
 * {@link #size()} - 1, in the order of the ranges. Immutable.
 */
final class RangeTable {
  private final int[] first;
  private final int[] last;
  private final int[] base;
  private final int size;

  /** @param ranges inclusive {first, last} pairs */
  RangeTable(List<int[]> ranges) {
    first = new int[ranges.size()];
    last = new int[ranges.size()];
    base = new int[ranges.size()];
    int total = 0;
    for (int i = 0; i < ranges.size(); i++) {
      first[i] = ranges.get(i)[0];
      last[i] = ranges.get(i)[1];
      base[i] = total;
      total += (int) (Integer.toUnsignedLong(last[i]) - Integer.toUnsignedLong(first[i]) + 1);
    }
    size = total;
  }

  /** The number of addresses in all ranges. */
  int size() {
    return size;
  }

  /** The number of ranges. */
  int count() {
    return first.length;
  }

  /** The index of the range holding {@code address}, or -1. */
  int indexOf(int address) {
    for (int i = 0; i < first.length; i++) {
      if (Integer.compareUnsigned(address, first[i]) >= 0
          && Integer.compareUnsigned(address, last[i]) <= 0) {
        return i;
      }
    }
    return -1;
  }

  /** The offset of {@code address}, or -1 when it is in no range. */
  int offset(int address) {
    int i = indexOf(address);
    return i < 0 ? -1 : base[i] + (address - first[i]);
  }

  /** The index of the range holding offset {@code off}. */
  int indexAt(int off) {
    int i = Arrays.binarySearch(base, off);
    return i >= 0 ? i : -i - 2;
  }

  /** The address at offset {@code off}. */
  int addressAt(int off) {
    int i = indexAt(off);
    return first[i] + (off - base[i]);
  }

  /** The offset just past range {@code i}. */
  int end(int i) {
    return i + 1 < base.length ? base[i + 1] : size;
  }

  /**
   * The first offset from {@code from} on, wrapping around once, that is clear in {@code taken}
   * and lies in a range {@code rangeOk} accepts; -1 when there is none.
   */
  int nextClear(BitSet taken, int from, IntPredicate rangeOk) {
    int off = from;
    boolean wrapped = false;
    while (true) {
      off = taken.nextClearBit(off);
      if (wrapped && off >= from) {
        return -1;
      }
      if (off >= size) {
        if (wrapped || from == 0) {
          return -1;
        }
        wrapped = true;
        off = 0;
        continue;
      }
      int range = indexAt(off);
      if (rangeOk.test(range)) {
        return off;
      }
      off = end(range);
    }
  }
}
