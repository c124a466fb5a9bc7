package io.dhcpfailover.node.util;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Counts the bytes the current thread allocates on the heap, for fuzz targets that assert a
 * decoder's allocation stays proportional to its input (a declared length must never make it
 * allocate more than the input can hold).
 */
public final class AllocationMeter {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  static {
    // The first calls link the native counter and allocate doing so; keep that out of any count.
    for (int i = 0; i < 3; i++) {
      new AllocationMeter().allocated();
    }
  }

  private final long start;

  private AllocationMeter() {
    this.start = THREADS.getCurrentThreadAllocatedBytes();
  }

  /** Starts counting now. */
  public static AllocationMeter start() {
    return new AllocationMeter();
  }

  /** Bytes allocated by this thread since {@link #start()}. */
  public long allocated() {
    return THREADS.getCurrentThreadAllocatedBytes() - start;
  }

  /**
   * Fails when more than {@code fixed + perInputByte * inputLength} bytes were allocated since
   * {@link #start()}.
   */
  public void assertAtMost(long fixed, long perInputByte, int inputLength, String what) {
    assertWithinBudget(allocated(), fixed, perInputByte, inputLength, what);
  }

  /**
   * Fails when {@code allocationOfOneRun} reports more than {@code fixed + perInputByte *
   * inputLength} bytes twice in a row: the second run keeps one-time costs (class loading, buffer
   * caches) out of the verdict.
   */
  public static void assertWithinBudget(
      LongSupplier allocationOfOneRun,
      long fixed,
      long perInputByte,
      int inputLength,
      String what) {
    long budget = fixed + perInputByte * inputLength;
    long allocated = allocationOfOneRun.getAsLong();
    if (allocated > budget) {
      allocated = Math.min(allocated, allocationOfOneRun.getAsLong());
    }
    assertWithinBudget(allocated, fixed, perInputByte, inputLength, what);
  }

  /** Fails when {@code allocated} exceeds {@code fixed + perInputByte * inputLength}. */
  public static void assertWithinBudget(
      long allocated, long fixed, long perInputByte, int inputLength, String what) {
    long budget = fixed + perInputByte * inputLength;
    if (allocated > budget) {
      throw new AssertionError(
          what
              + " allocated "
              + allocated
              + " bytes for "
              + inputLength
              + " input bytes; the budget is "
              + budget);
    }
  }
}
