package io.dhcpfailover.node.engine;

import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptionCode;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;

/** Builds the engine's replies (RFC 2131 §4.3.1 table 3) with their {@link ReplyRoute}. */
final class ReplyBuilder {
  private static final int MIN_MAX_SIZE = 548;
  private static final byte[] DEFAULT_PRL = {1, 3, 6, 15, 28, 42};

  private final int serverId;

  ReplyBuilder(int serverId) {
    this.serverId = serverId;
  }

  /**
   * Builds a reply. {@code leaseTime} &lt; 0 leaves out 51/58/59 (NAK, INFORM); T1 and T2 are the
   * subnet's, scaled to the lease given ({@link RenewalTimes}). Options: 53, 54, 51, 58, 59, the
   * client identifier echoed (RFC 6842 §3), 66/67 where due ({@link BootFields}, which also fills
   * siaddr, sname and file except in a NAK), the reservation's host name, then the parameters the
   * client asked for in its order (or a default set), then the message (NAK), then option 82
   * echoed last (RFC 3046 §2.2). The options and boot fields are those of the client's
   * reservation, classes, pool, subnet and the pair, by the precedence of {@link ParameterLayers}.
   */
  Reply build(
      DhcpMessage req,
      DhcpMessageType type,
      Subnet subnet,
      int yiaddr,
      int ciaddr,
      long leaseTime,
      String message) {
    return build(req, type, subnet, yiaddr, ciaddr, leaseTime, message, ReplyRoute.of(req, type, 0));
  }

  /**
   * The ACK to a DHCPINFORM that came from {@code sourceAddress}: parameters only, no lease time,
   * yiaddr 0 (§4.3.5); null when there is nowhere to send it ({@link ReplyRoute#of}).
   */
  Reply informAck(DhcpMessage req, Subnet subnet, int sourceAddress) {
    ReplyRoute route = ReplyRoute.of(req, DhcpMessageType.ACK, sourceAddress);
    return route == null
        ? null
        : build(req, DhcpMessageType.ACK, subnet, 0, req.ciaddr(), -1, null, route);
  }

  private Reply build(
      DhcpMessage req,
      DhcpMessageType type,
      Subnet subnet,
      int yiaddr,
      int ciaddr,
      long leaseTime,
      String message,
      ReplyRoute route) {
    DhcpOptions.Builder b = DhcpOptions.builder();
    BootFields.Header boot = BootFields.Header.NONE;
    b.addByte(DhcpOptionCode.MESSAGE_TYPE.code(), type.code());
    b.addIpv4(DhcpOptionCode.SERVER_ID.code(), serverId);
    if (type != DhcpMessageType.NAK) {
      if (leaseTime >= 0) {
        b.addUint32(DhcpOptionCode.LEASE_TIME.code(), leaseTime);
        RenewalTimes times = subnet.renewalTimes();
        long t1 = times.renewal(leaseTime);
        long t2 = times.rebinding(leaseTime);
        if (t1 >= 1 && t1 < t2 && t2 < leaseTime) {
          // whole seconds cannot order T1 < T2 < lease under 3 s: the client's defaults then
          b.addUint32(DhcpOptionCode.RENEWAL_TIME.code(), t1);
          b.addUint32(DhcpOptionCode.REBINDING_TIME.code(), t2);
        }
      }
      echoClientId(req, b);
      Parameters parameters =
          subnet.parametersFor(yiaddr != 0 ? yiaddr : ciaddr, subnet.classes().of(req));
      DhcpOptions configured = parameters.options();
      byte[] prl = req.options().get(DhcpOptionCode.PARAMETER_REQUEST_LIST.code());
      boot = BootFields.lay(parameters.boot(), prl, b);
      // a reservation's host name goes out unasked and wins over the subnet's option 12
      Reservation r = yiaddr == 0 ? null : subnet.reservationAt(yiaddr);
      if (r != null && r.hostname() != null) {
        b.addText(DhcpOptionCode.HOST_NAME.code(), r.hostname());
      }
      if (prl == null || prl.length == 0) {
        prl = DEFAULT_PRL;
      }
      for (byte code : prl) {
        int c = code & 0xff;
        byte[] v = configured.get(c);
        if (v != null && !b.has(c)) {
          b.add(c, v);
        }
      }
      // RFC 2131 §4.3.1: subnet mask, routers and DNS servers go out even when not asked for.
      for (int c : new int[] {1, 3, 6}) {
        byte[] v = configured.get(c);
        if (v != null && !b.has(c)) {
          b.add(c, v);
        }
      }
    } else {
      echoClientId(req, b);
      if (message != null) {
        b.addText(DhcpOptionCode.MESSAGE.code(), message);
      }
    }
    byte[] relayInfo = req.options().get(DhcpOptionCode.RELAY_AGENT_INFO.code());
    if (relayInfo != null) {
      b.add(DhcpOptionCode.RELAY_AGENT_INFO.code(), relayInfo);
    }
    int flags = req.flags() | (route.broadcastBit() ? DhcpMessage.FLAG_BROADCAST : 0);
    DhcpMessage out =
        new DhcpMessage(
            DhcpMessage.BOOTREPLY, req.htype(), req.hlen(), req.hops(), req.xid(), 0, flags,
            ciaddr, yiaddr, boot.siaddr(), req.giaddr(), req.chaddr(), boot.sname(), boot.file(),
            true, b.build(), 0);
    return new Reply(out, route.destination(), route.port(), maxSize(req));
  }

  /**
   * RFC 6842 §3: a client identifier the client sent goes back unaltered in every reply. It comes
   * before the parameters so that, when the client's size limit forces options out, the encoder
   * drops parameters (MAY) before it (MUST).
   */
  private static void echoClientId(DhcpMessage req, DhcpOptions.Builder b) {
    byte[] clientId = req.options().get(DhcpOptionCode.CLIENT_ID.code());
    if (clientId != null) {
      b.add(DhcpOptionCode.CLIENT_ID.code(), clientId);
    }
  }

  static int maxSize(DhcpMessage req) {
    long max = req.options().getUnsigned(DhcpOptionCode.MAX_MESSAGE_SIZE.code(), 0);
    return (int) Math.max(MIN_MAX_SIZE, Math.min(max - 28, 1472));
  }
}
