package io.dhcpfailover.node.migrate;

import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.util.Ipv4;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads ISC dhcpd's lease file, {@code dhcpd.leases} (dhcpd.leases(5)): an append-only list of
 * {@code lease ADDRESS { ... }} blocks where a later block for an address replaces the earlier
 * ones. From each block it takes {@code starts}, {@code ends}, {@code cltt} (as {@code W
 * YYYY/MM/DD HH:MM:SS} in UTC, or {@code epoch N} with {@code db-time-format local}), {@code
 * binding state}, {@code hardware ethernet}, {@code uid} and {@code client-hostname}.
 *
 * <p>Bindings held by a client (active, expired, released, abandoned) are kept; free and backup
 * addresses are not bindings (our pool knows them from the ranges) and are counted only. Other
 * statements ({@code server-duid}, {@code failover peer ... state}, {@code set}, {@code on}) have
 * no counterpart and are skipped without a word: they are the server's, not the clients'.
 */
public final class IscLeaseFileParser {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm:ss", Locale.ROOT);

  private IscLeaseFileParser() {}

  /** The last binding per address, in order of first appearance; problems go to {@code notes}. */
  public static List<ImportedLease> parse(String text, List<ImportNote> notes) {
    Map<Integer, ImportedLease> byAddress = new LinkedHashMap<>();
    for (IscStatement s : IscConfParser.parse(text, notes)) {
      if (!s.startsWith("lease") || !s.isBlock()) {
        continue;
      }
      int address;
      try {
        address = Ipv4.parse(s.word(1));
      } catch (IllegalArgumentException | NullPointerException e) {
        notes.add(new ImportNote(s.line(), s.summary() + " skipped: no IPv4 address"));
        continue;
      }
      ImportedLease lease = lease(s, address, notes);
      if (lease == null) {
        byAddress.remove(address); // free again: a later block overrides what came before
      } else {
        byAddress.put(address, lease);
      }
    }
    return new ArrayList<>(byAddress.values());
  }

  /** One block; null when the address is not bound to a client (free, backup). */
  private static ImportedLease lease(IscStatement s, int address, List<ImportNote> notes) {
    String state = null;
    long starts = 0;
    long ends = 0;
    long cltt = 0;
    byte[] hardware = null;
    byte[] uid = null;
    String hostname = null;
    for (IscStatement f : s.block()) {
      try {
        if (f.startsWith("binding", "state") && f.size() == 3) {
          state = f.word(2).toLowerCase(Locale.ROOT);
        } else if (f.startsWith("starts")) {
          starts = time(f);
        } else if (f.startsWith("ends")) {
          ends = time(f);
        } else if (f.startsWith("cltt")) {
          cltt = time(f);
        } else if (f.startsWith("hardware") && f.size() == 3) {
          hardware = hardware(f.word(1), f.word(2));
        } else if (f.startsWith("uid") && f.size() == 2) {
          IscToken v = f.words().get(1);
          uid = v.kind() == IscToken.Kind.STRING
              ? v.bytes()
              : HexFormat.ofDelimiter(":").parseHex(OptionCatalog.hex(v.text()));
        } else if (f.startsWith("client-hostname") && f.size() == 2) {
          hostname = f.word(1);
        }
      } catch (IllegalArgumentException e) {
        notes.add(new ImportNote(f.line(), "lease " + Ipv4.format(address) + ": " + f.summary()
            + " not read: " + e.getMessage()));
      }
    }
    if (state == null) {
      // dhcpd 2.x/3.0 files without binding states: a lease with a client and a future end
      state = hardware != null || uid != null ? "active" : "free";
    }
    BindingState ours = switch (state) {
      case "active" -> BindingState.ACTIVE;
      case "expired" -> BindingState.EXPIRED;
      case "released" -> BindingState.RELEASED;
      case "abandoned" -> BindingState.ABANDONED;
      case "free", "backup", "reset" -> null;
      default -> {
        notes.add(new ImportNote(s.line(), "lease " + Ipv4.format(address) + ": binding state '"
            + state + "' not known: skipped"));
        yield null;
      }
    };
    if (ours == null) {
      return null;
    }
    if (ours != BindingState.ABANDONED && hardware == null && uid == null) {
      notes.add(new ImportNote(s.line(), "lease " + Ipv4.format(address) + " (" + state
          + ") names no client (no hardware, no uid): skipped"));
      return null;
    }
    if (ours == BindingState.ABANDONED) {
      hardware = null;
      uid = null;
      hostname = null;
    }
    return new ImportedLease(address, ours, hardware, uid, hostname, starts, ends,
        cltt != 0 ? cltt : starts, s.line());
  }

  /** {@code starts 4 2024/01/02 03:04:05;}, {@code starts epoch 1704164645; # ...}, or {@code never}. */
  static long time(IscStatement f) {
    if (f.size() == 2 && f.word(1).equalsIgnoreCase("never")) {
      return 0;
    }
    if (f.size() == 3 && f.word(1).equalsIgnoreCase("epoch")) {
      return Long.parseLong(f.word(2));
    }
    if (f.size() == 4) {
      try {
        return LocalDateTime.parse(f.word(2) + " " + f.word(3), TIME).toEpochSecond(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("'" + f.word(2) + " " + f.word(3) + "' is no time");
      }
    }
    throw new IllegalArgumentException("expected W YYYY/MM/DD HH:MM:SS, epoch N or never");
  }

  /** {@code hardware ethernet 02:00:...} as htype followed by the address. */
  static byte[] hardware(String type, String address) {
    int htype = switch (type.toLowerCase(Locale.ROOT)) {
      case "ethernet" -> 1;
      case "token-ring" -> 6;
      case "fddi" -> 8;
      case "infiniband" -> 32;
      default -> throw new IllegalArgumentException("hardware type " + type + " not known");
    };
    byte[] hw = HexFormat.ofDelimiter(":").parseHex(OptionCatalog.hex(address));
    byte[] out = new byte[hw.length + 1];
    out[0] = (byte) htype;
    System.arraycopy(hw, 0, out, 1, hw.length);
    return out;
  }
}
