package io.dhcpfailover.node.migrate;

import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.api.v1alpha1.PeerTls;
import io.dhcpfailover.node.failover.LoadBalanceHash;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * ISC dhcpd's {@code failover peer} declaration (dhcpd.conf(5) "DHCP FAILOVER"): the nodes'
 * addresses, the port, the timers, and the mode from {@code split} or {@code hba}.
 */
final class IscFailoverTranslator {
  private final PairDraft draft;
  private boolean failoverSeen;

  IscFailoverTranslator(PairDraft draft) {
    this.draft = draft;
  }

  /** Whether a failover peer was declared (its address is then the primary's). */
  boolean seen() {
    return failoverSeen;
  }

  /** {@code failover peer "NAME" { ... }}: the first one declared; later ones are reported. */
  void translate(IscStatement s) {
    if (!s.isBlock() || s.size() != 3) {
      if (!(s.size() == 4 && s.words().get(3).is("state"))) {
        draft.note(s.line(), s.summary() + " not translated");
      }
      return;
    }
    if (failoverSeen) {
      draft.note(s.line(), s.summary() + " not translated: a pair file is one failover relationship;"
          + " the first one declared is translated");
      return;
    }
    failoverSeen = true;
    draft.name = s.word(2);
    Boolean primary = null;
    String address = null;
    String peerAddress = null;
    Integer port = null;
    Integer peerPort = null;
    Integer split = null;
    byte[] hba = null;
    boolean hasMclt = false;
    for (IscStatement f : s.block()) {
      try {
        if (f.startsWith("primary") && f.size() == 1) {
          primary = true;
        } else if (f.startsWith("secondary") && f.size() == 1) {
          primary = false;
        } else if (f.startsWith("address") && f.size() == 2) {
          address = OptionCatalog.address(f.word(1));
        } else if (f.startsWith("peer", "address") && f.size() == 3) {
          peerAddress = OptionCatalog.address(f.word(2));
        } else if (f.startsWith("port") && f.size() == 2) {
          port = (int) OptionCatalog.number(f.word(1), 1, 65535);
        } else if (f.startsWith("peer", "port") && f.size() == 3) {
          peerPort = (int) OptionCatalog.number(f.word(2), 1, 65535);
        } else if (f.startsWith("mclt") && f.size() == 2) {
          draft.spec.setMclt(Durations.format(OptionCatalog.number(f.word(1), 1, Integer.MAX_VALUE)));
          hasMclt = true;
        } else if (f.startsWith("max-response-delay") && f.size() == 2) {
          draft.spec.setMaxResponseDelay(Durations.format(OptionCatalog.number(f.word(1), 1, Integer.MAX_VALUE)));
        } else if (f.startsWith("max-unacked-updates") && f.size() == 2) {
          draft.spec.setMaxUnackedUpdates((int) OptionCatalog.number(f.word(1), 1, 1000));
        } else if (f.startsWith("load", "balance", "max", "seconds") && f.size() == 5) {
          draft.spec.setLoadBalanceMaxSeconds((int) OptionCatalog.number(f.word(4), 0, 65535));
        } else if (f.startsWith("auto-partner-down") && f.size() == 2) {
          draft.spec.setAutoPartnerDown(Durations.format(OptionCatalog.number(f.word(1), 0, Integer.MAX_VALUE)));
        } else if (f.startsWith("split") && f.size() == 2) {
          split = (int) OptionCatalog.number(f.word(1), 0, 256);
        } else if (f.startsWith("hba") && f.size() == 2) {
          hba = HexFormat.ofDelimiter(":").parseHex(OptionCatalog.hex(f.word(1)));
          if (hba.length != LoadBalanceHash.HBA_LENGTH) {
            throw new IllegalArgumentException("an hba has 32 bytes");
          }
        } else {
          draft.note(f.line(), "failover peer: " + f.summary() + " not translated");
        }
      } catch (IllegalArgumentException e) {
        draft.note(f.line(), "failover peer: " + f.summary() + " not translated: " + e.getMessage());
      }
    }
    if (primary == null) {
      draft.note(s.line(), s.summary() + ": neither primary nor secondary; read as the primary");
      primary = true;
    }
    if (address != null && peerAddress != null) {
      draft.primaryAddress = primary ? address : peerAddress;
      draft.secondaryAddress = primary ? peerAddress : address;
    } else {
      draft.note(s.line(), s.summary() + ": address or peer address missing: the nodes' addresses"
          + " must be given with --address and --secondary-address");
    }
    if (port != null && peerPort != null && !port.equals(peerPort)) {
      draft.note(s.line(), "failover peer: port " + port + " and peer port " + peerPort + " differ;"
          + " both nodes of a pair listen on spec.failoverPort: " + port + " is used");
    }
    if (port != null || peerPort != null) {
      draft.spec.setFailoverPort(port != null ? port : peerPort);
    }
    if (hba != null) {
      int buckets = 0;
      for (byte b : hba) {
        buckets += Integer.bitCount(b & 0xff);
      }
      if (!Arrays.equals(hba, LoadBalanceHash.hbaForSplit(buckets))) {
        draft.note(s.line(), "failover peer: this hba is no split (the first N buckets of RFC 3074);"
            + " the pair file gives the primary its " + buckets + " buckets as split " + buckets);
      }
      split = buckets;
    }
    if (split != null && split < 256) {
      draft.spec.setMode(Mode.LOAD_BALANCE);
      draft.spec.setSplit(split);
    } else {
      draft.spec.setMode(Mode.HOT_STANDBY);
    }
    if (!primary && !hasMclt && split == null) {
      draft.note(s.line(), "failover peer: this is the secondary's declaration; mclt and split are"
          + " the primary's (defaults written: mclt 1h, HotStandby): import the primary's dhcpd.conf"
          + " to take them over");
    }
    draft.spec.setPeerTLS(PeerTls.DISABLED);
    draft.note(s.line(), "failover peer: spec.peerTLS is Disabled so that a node can pair with the"
        + " ISC dhcpd partner during the migration; set it to Enabled once both nodes are dhcp-node");
  }
}
