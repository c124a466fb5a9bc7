package io.dhcpfailover.node.server;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Linux socket options Java does not offer. SO_BINDTODEVICE pins a socket bound to 0.0.0.0:67 to
 * one interface, so a broadcast DISCOVER tells by its socket which segment it came from, and a
 * broadcast reply leaves by that interface (Java has no IP_PKTINFO). Needs CAP_NET_RAW.
 */
final class SocketOptions {
  private static final int SOL_SOCKET = 1;
  private static final int SO_BINDTODEVICE = 25;

  private interface LibC extends Library {
    int setsockopt(int fd, int level, int option, Pointer value, int length);
  }

  private static final LibC LIBC = Native.load("c", LibC.class);

  private SocketOptions() {}

  static void bindToDevice(int fd, String interfaceName) throws IOException {
    byte[] name = (interfaceName + "\0").getBytes(StandardCharsets.US_ASCII);
    com.sun.jna.Memory mem = new com.sun.jna.Memory(name.length);
    mem.write(0, name, 0, name.length);
    int rc = LIBC.setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, mem, name.length);
    if (rc != 0) {
      throw new IOException(
          "SO_BINDTODEVICE " + interfaceName + " failed (errno " + Native.getLastError()
              + "): the node needs CAP_NET_RAW and an existing interface");
    }
  }
}
