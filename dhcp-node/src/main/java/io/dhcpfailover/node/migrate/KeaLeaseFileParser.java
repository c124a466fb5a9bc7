package io.dhcpfailover.node.migrate;

import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.util.Ipv4;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Kea's DHCPv4 memfile, {@code kea-leases4.csv}: a header line naming the columns
 * ({@code address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,
 * state,user_context} and, in later versions, more), then one row per lease change; a later row
 * for an address replaces the earlier ones and a row with {@code valid_lifetime} 0 deletes the
 * lease (Kea's {@code CSVLeaseFile4}). Commas inside values are written {@code &#x2c}. States: 0
 * default (leased), 1 declined, 2 expired-reclaimed. Columns are found by their header name, so
 * files of older and newer Kea versions read alike.
 */
public final class KeaLeaseFileParser {
  private KeaLeaseFileParser() {}

  /** The last binding per address; problems go to {@code notes} with their line. */
  public static List<ImportedLease> parse(String text, List<ImportNote> notes) {
    Map<Integer, ImportedLease> byAddress = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    Map<String, Integer> columns = null;
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (columns == null) {
        columns = new java.util.HashMap<>();
        for (int c = 0; c < cells.length; c++) {
          columns.put(cells[c].trim(), c);
        }
        for (String required : List.of("address", "hwaddr", "client_id", "valid_lifetime", "expire")) {
          if (!columns.containsKey(required)) {
            notes.add(new ImportNote(lineNo, "no column '" + required + "' in the header: not a Kea"
                + " DHCPv4 lease file"));
            return List.of();
          }
        }
        continue;
      }
      try {
        int address = Ipv4.parse(cell(cells, columns, "address"));
        long lifetime = Long.parseLong(cell(cells, columns, "valid_lifetime"));
        long expire = Long.parseLong(cell(cells, columns, "expire"));
        String stateText = cell(cells, columns, "state");
        int state = stateText.isEmpty() ? 0 : Integer.parseInt(stateText);
        if (lifetime == 0) {
          byAddress.remove(address); // deleted
          continue;
        }
        BindingState ours = switch (state) {
          case 0 -> BindingState.ACTIVE;
          case 1 -> BindingState.ABANDONED;
          case 2 -> BindingState.EXPIRED;
          default -> null;
        };
        if (ours == null) {
          notes.add(new ImportNote(lineNo, "lease " + Ipv4.format(address) + ": state " + state
              + " not known: skipped"));
          continue;
        }
        String hw = cell(cells, columns, "hwaddr");
        String id = cell(cells, columns, "client_id");
        byte[] hardware = null;
        if (!hw.isEmpty()) {
          byte[] mac = HexFormat.ofDelimiter(":").parseHex(OptionCatalog.hex(hw));
          hardware = new byte[mac.length + 1];
          hardware[0] = 1; // the memfile keeps no hardware type: Ethernet
          System.arraycopy(mac, 0, hardware, 1, mac.length);
        }
        byte[] clientId = id.isEmpty() ? null : HexFormat.ofDelimiter(":").parseHex(OptionCatalog.hex(id));
        String hostname = unescape(cell(cells, columns, "hostname"));
        if (ours == BindingState.ABANDONED) {
          hardware = null;
          clientId = null;
          hostname = null;
        } else if (hardware == null && clientId == null) {
          notes.add(new ImportNote(lineNo, "lease " + Ipv4.format(address) + " names no client: skipped"));
          continue;
        }
        long start = expire - lifetime;
        byAddress.put(address, new ImportedLease(address, ours, hardware, clientId,
            hostname == null || hostname.isEmpty() ? null : hostname, start, expire, start, lineNo));
      } catch (IllegalArgumentException e) {
        notes.add(new ImportNote(lineNo, "row not read: " + e.getMessage()));
      }
    }
    return new ArrayList<>(byAddress.values());
  }

  private static String cell(String[] cells, Map<String, Integer> columns, String name) {
    Integer c = columns.get(name);
    return c == null || c >= cells.length ? "" : cells[c].trim();
  }

  /** Kea writes a comma inside a value as {@code &#x2c}. */
  private static String unescape(String s) {
    return s.replace("&#x2c", ",");
  }
}
