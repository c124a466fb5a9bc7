package io.dhcpfailover.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirLockTest {
  @TempDir Path dir;

  private static String myPid() {
    return Long.toString(ProcessHandle.current().pid());
  }

  @Test
  void writesTheHolderPidIntoTheLockFile() throws Exception {
    try (DataDirLock lock = DataDirLock.acquire(dir)) {
      assertThat(lock.file()).isEqualTo(dir.resolve(DataDirLock.FILE));
      assertThat(Files.readString(dir.resolve(DataDirLock.FILE)).trim()).isEqualTo(myPid());
    }
  }

  @Test
  void createsAMissingDataDir() throws Exception {
    Path data = dir.resolve("a/b");
    try (DataDirLock lock = DataDirLock.acquire(data)) {
      assertThat(Files.isRegularFile(data.resolve(DataDirLock.FILE))).isTrue();
    }
  }

  @Test
  void refusesASecondHolderNamingTheFirstOnesPid() throws Exception {
    try (DataDirLock first = DataDirLock.acquire(dir)) {
      assertThatThrownBy(() -> DataDirLock.acquire(dir))
          .isInstanceOf(DataDirLock.LockedException.class)
          .hasMessageContaining("process " + myPid())
          .hasMessageContaining(dir.toString())
          .satisfies(e -> assertThat(((DataDirLock.LockedException) e).holderPid()).hasValue(
              ProcessHandle.current().pid()));
    }
  }

  @Test
  void isFreeAgainOnceReleased() throws Exception {
    DataDirLock.acquire(dir).close();
    try (DataDirLock again = DataDirLock.acquire(dir)) {
      assertThat(again.file()).exists();
    }
  }

  @Test
  void aLockFileLeftByAKilledProcessDoesNotBlock() throws Exception {
    Files.writeString(dir.resolve(DataDirLock.FILE), "999999999\n");
    try (DataDirLock lock = DataDirLock.acquire(dir)) {
      assertThat(Files.readString(dir.resolve(DataDirLock.FILE))).isEqualTo(myPid() + "\n");
    }
  }

  @Test
  void readsTheHolderPidLeniently() {
    assertThat(DataDirLock.LockedException.parsePid("garbage")).isEmpty();
    assertThat(DataDirLock.LockedException.parsePid(" 4242\n")).hasValue(4242L);
  }
}
