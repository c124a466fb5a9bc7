package io.dhcpfailover.node.migrate;

import io.dhcpfailover.api.v1alpha1.ReservationSpec;
import io.dhcpfailover.api.v1alpha1.SubnetSpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * ISC dhcpd's {@code host} declarations with {@code hardware ethernet} or a client identifier and
 * a {@code fixed-address}: reservations, with a host name and boot fields.
 */
final class IscHostTranslator {
  private final PairDraft draft;

  IscHostTranslator(PairDraft draft) {
    this.draft = draft;
  }

  /**
   * {@code host NAME { ... }}: a reservation to be placed in the subnet holding its address.
   *
   * @param inherited the enclosing scopes' parameters (their boot fields apply to the host)
   * @param useHostDeclNames whether the declaration's name is the client's host name
   */
  void translate(IscStatement s, SubnetSpec inherited, boolean useHostDeclNames) {
    String hostName = s.size() > 1 ? s.word(1) : "?";
    String where = "host " + hostName;
    if (!s.isBlock()) {
      draft.note(s.line(), s.summary() + " not translated");
      return;
    }
    ReservationSpec r = new ReservationSpec();
    List<String> fixed = new ArrayList<>();
    for (IscStatement h : s.block()) {
      if (h.startsWith("hardware", "ethernet") && h.size() == 3) {
        try {
          r.setHardwareAddress(mac(h.word(2)));
        } catch (IllegalArgumentException e) {
          draft.note(h.line(), where + ": " + h.summary() + " not translated: " + e.getMessage());
        }
      } else if (h.startsWith("hardware")) {
        draft.note(h.line(), where + ": " + h.summary() + " not translated: only Ethernet hardware"
            + " addresses are supported");
      } else if (h.startsWith("fixed-address")) {
        List<String> v = IscOptionTranslator.listValues(h, 1);
        if (v != null) {
          fixed.addAll(v);
        }
      } else if (h.startsWith("option", "dhcp-client-identifier")
          || h.startsWith("host-identifier", "option", "dhcp-client-identifier")) {
        IscToken value = h.words().get(h.size() - 1);
        try {
          r.setClientId(value.kind() == IscToken.Kind.STRING
              ? HexFormat.ofDelimiter(":").formatHex(value.bytes())
              : OptionCatalog.hex(value.text()));
        } catch (IllegalArgumentException e) {
          draft.note(h.line(), where + ": " + h.summary() + " not translated: " + e.getMessage());
        }
      } else if (h.startsWith("option", "host-name") && h.size() == 3) {
        r.setHostname(h.word(2));
      } else if (h.startsWith("next-server") && h.size() == 2 && IscConfTranslator.isAddress(h.word(1))) {
        r.setNextServer(h.word(1));
      } else if (h.startsWith("filename") && h.size() == 2) {
        r.setBootFileName(h.word(1));
      } else if (h.startsWith("server-name") && h.size() == 2) {
        r.setTftpServerName(h.word(1));
      } else {
        draft.note(h.line(), where + ": " + h.summary() + " not translated: a reservation carries"
            + " only the client, the address, a host name and boot settings");
      }
    }
    // the enclosing scopes' boot settings (a group's filename, say); those equal to the subnet's
    // are dropped when the reservation is placed
    if (r.getNextServer() == null) {
      r.setNextServer(inherited.getNextServer());
    }
    if (r.getBootFileName() == null) {
      r.setBootFileName(inherited.getBootFileName());
    }
    if (r.getTftpServerName() == null) {
      r.setTftpServerName(inherited.getTftpServerName());
    }
    if (r.getHostname() == null && useHostDeclNames && s.size() > 1) {
      r.setHostname(hostName);
    }
    if (fixed.isEmpty()) {
      draft.note(s.line(), where + " has no fixed-address: not translated (dynamic clients need"
          + " no declaration)");
      return;
    }
    if (r.getHardwareAddress() == null && r.getClientId() == null) {
      draft.note(s.line(), where + " has neither hardware ethernet nor a client identifier: not"
          + " translated");
      return;
    }
    if (fixed.size() > 1) {
      draft.note(s.line(), where + ": several fixed addresses; the pair file reserves one per"
          + " client: " + fixed.get(0) + " is reserved");
    }
    r.setAddress(fixed.get(0));
    draft.reservations.add(new PairDraft.Placed(s.line(), where, r));
  }

  /** An Ethernet address as the pair file writes it: six two-digit lower-case hex bytes. */
  static String mac(String text) {
    String[] parts = text.split(":");
    if (parts.length != 6) {
      throw new IllegalArgumentException("'" + text + "' is no Ethernet address");
    }
    StringBuilder sb = new StringBuilder();
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 2 || !p.matches("[0-9A-Fa-f]+")) {
        throw new IllegalArgumentException("'" + text + "' is no Ethernet address");
      }
      sb.append(sb.length() > 0 ? ":" : "").append(p.length() == 1 ? "0" : "").append(p.toLowerCase(Locale.ROOT));
    }
    return sb.toString();
  }}
