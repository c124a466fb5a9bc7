package io.dhcpfailover.api.corpus;

import static io.dhcpfailover.api.corpus.SpecCorpus.bad;
import static io.dhcpfailover.api.corpus.SpecCorpus.node;
import static io.dhcpfailover.api.corpus.SpecCorpus.option;
import static io.dhcpfailover.api.corpus.SpecCorpus.range;
import static io.dhcpfailover.api.corpus.SpecCorpus.ranges;
import static io.dhcpfailover.api.corpus.SpecCorpus.reservation;
import static io.dhcpfailover.api.corpus.SpecCorpus.subnet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dhcpfailover.api.corpus.SpecCorpus.BadSpec;
import java.util.List;

/** The bad specs of {@link SpecCorpus}, by the kind of rule that refuses them. */
final class BadSpecs {
  private BadSpecs() {}

  /** Refused by one field's own shape: required, enum, pattern, bounds, one-of. */
  static List<BadSpec> schema() {
    return List.of(
        bad("missing primary", s -> s.remove("primary"), "spec.primary"),
        bad("missing subnets", s -> s.remove("subnets"), "spec.subnets"),
        bad("empty subnets", s -> s.putArray("subnets"), "spec.subnets"),
        bad("unknown mode", s -> s.put("mode", "ActiveActive"), "spec.mode"),
        bad("relay that is no prefix", s -> s.putArray("relays").add("198.18.7.1"), "spec.relays"),
        bad("unknown peerTLS", s -> s.put("peerTLS", "Optional"), "spec.peerTLS"),
        bad("bad primary address", s -> node(s, "primary").put("address", "198.18.0.256"),
            "spec.primary.address"),
        bad("address with prefix", s -> node(s, "secondary").put("address", "198.18.0.3/24"),
            "spec.secondary.address"),
        bad("address too long", s -> node(s, "primary").put("address", "198.18.000.0002"),
            "spec.primary.address"),
        bad("bad subnet cidr", s -> subnet(s).put("subnet", "198.18.0.0/33"),
            "spec.subnets[0].subnet"),
        bad("subnet without prefix", s -> subnet(s).put("subnet", "198.18.0.0"),
            "spec.subnets[0].subnet"),
        bad("bad range", s -> ranges(s).add("198.18.0.1-"), "spec.subnets[0].ranges[1]"),
        bad("bad router", s -> ((ArrayNode) subnet(s).get("routers")).add("gateway"),
            "spec.subnets[0].routers[1]"),
        bad("bad dns server", s -> ((ArrayNode) subnet(s).get("dnsServers")).add("1.2.3"),
            "spec.subnets[0].dnsServers[1]"),
        bad("mclt in words", s -> s.put("mclt", "1 hour"), "spec.mclt"),
        bad("duration with days", s -> s.put("maxResponseDelay", "1d"), "spec.maxResponseDelay"),
        bad("negative lease time", s -> subnet(s).put("leaseTime", "-5m"),
            "spec.subnets[0].leaseTime"),
        bad("ping timeout of zero", s -> subnet(s).putObject("pingCheck").put("enabled", true)
            .put("timeoutMillis", 0), "spec.subnets[0].pingCheck.timeoutMillis"),
        bad("ping timeout over five seconds", s -> subnet(s).putObject("pingCheck")
            .put("timeoutMillis", 5001), "spec.subnets[0].pingCheck.timeoutMillis"),
        bad("repeated unit", s -> s.put("autoPartnerDown", "1m1m"), "spec.autoPartnerDown"),
        bad("zero max response delay", s -> s.put("maxResponseDelay", "0m"),
            "spec.maxResponseDelay"),
        bad("zero decline probation", s -> s.put("declineProbation", "0s"), "spec.declineProbation"),
        bad("decline probation in words", s -> s.put("declineProbation", "a day"), "spec.declineProbation"),
        bad("split above 256", s -> s.put("mode", "LoadBalance").put("split", 257), "spec.split"),
        bad("negative split", s -> s.put("mode", "LoadBalance").put("split", -1), "spec.split"),
        bad("split in hot standby", s -> s.put("split", 128), "spec.split"),
        bad("split without mode", s -> s.<ObjectNode>without("mode").put("split", 128),
            "spec.split"),
        bad("failover port 0", s -> s.put("failoverPort", 0), "spec.failoverPort"),
        bad("http port too high", s -> s.put("httpPort", 70000), "spec.httpPort"),
        bad("max unacked 0", s -> s.put("maxUnackedUpdates", 0), "spec.maxUnackedUpdates"),
        bad("option code 0", s -> option(s).put("code", 0), "spec.subnets[0].options[0].code"),
        bad("option code 255", s -> option(s).put("code", 255),
            "spec.subnets[0].options[0].code"),
        bad("option with two values", s -> option(s).put("text", "x"),
            "spec.subnets[0].options[0]"),
        bad("option without value", s -> option(s).remove("addresses"),
            "spec.subnets[0].options[0]"),
        bad("option bad address", s -> ((ArrayNode) option(s).get("addresses")).add("x"),
            "spec.subnets[0].options[0].addresses[1]"),
        bad("option bad hex", s -> option(s).<ObjectNode>without("addresses").put("hex", "0g"),
            "spec.subnets[0].options[0].hex"),
        bad("reservation bad mac", s -> reservation(s).put("hardwareAddress", "02:00:00"),
            "spec.subnets[0].reservations[0].hardwareAddress"),
        bad("reservation without key", s -> reservation(s).remove("hardwareAddress"),
            "spec.subnets[0].reservations[0]"),
        bad("reservation without address", s -> reservation(s).remove("address"),
            "spec.subnets[0].reservations[0].address"),
        bad("next server no address", s -> subnet(s).put("nextServer", "198.18.0"),
            "spec.subnets[0].nextServer"),
        bad("boot file name not ASCII", s -> subnet(s).put("bootFileName", "b\u00f6ot.efi"),
            "spec.subnets[0].bootFileName"),
        bad("boot file name longer than an option", s -> subnet(s).put("bootFileName", "x".repeat(256)),
            "spec.subnets[0].bootFileName"),
        bad("tftp server name with a trailing space",
            s -> subnet(s).put("tftpServerName", "tftp.lab.example "),
            "spec.subnets[0].tftpServerName"),
        bad("reservation next server no address",
            s -> reservation(s).put("nextServer", "tftp.lab.example"),
            "spec.subnets[0].reservations[0].nextServer"),
        bad("reservation boot file with a control character",
            s -> reservation(s).put("bootFileName", "pxelinux.0\n"),
            "spec.subnets[0].reservations[0].bootFileName"),
        bad("renewal time in words", s -> subnet(s).put("renewalTime", "six hours"),
            "spec.subnets[0].renewalTime"),
        bad("zero rebinding time", s -> subnet(s).put("rebindingTime", "0s"),
            "spec.subnets[0].rebindingTime"),
        bad("subnet mask with a hole", s -> subnet(s).put("subnetMask", "255.0.255.0"),
            "spec.subnets[0].subnetMask"),
        bad("subnet mask of a /32", s -> subnet(s).put("subnetMask", "255.255.255.255"),
            "spec.subnets[0].subnetMask"),
        bad("bad storage size", s -> node(s, "storage").put("size", "lots"), "spec.storage.size"));
  }

  /** Refused by a rule across fields: addresses against subnets, ranges, ports, nodes. */
  static List<BadSpec> crossField() {
    return List.of(
        bad("same addresses", s -> node(s, "secondary").put("address", "198.18.0.2"),
            "spec.secondary.address"),
        bad("same node names", s -> node(s, "secondary").put("nodeName", "worker-a"),
            "spec.secondary.nodeName"),
        bad("same ports", s -> s.put("httpPort", 647), "spec.httpPort"),
        bad("subnet with host bits", s -> subnet(s).put("subnet", "198.18.0.1/22"),
            "spec.subnets[0].subnet"),
        bad("subnet too small", s -> subnet(s).put("subnet", "198.18.0.0/31"),
            "spec.subnets[0].subnet"),
        bad("range outside the subnet", s -> range(s, 0, "198.18.4.1-198.18.4.9"),
            "spec.subnets[0].ranges[0]"),
        bad("range reversed", s -> range(s, 0, "198.18.0.200-198.18.0.100"),
            "spec.subnets[0].ranges[0]"),
        bad("range holding the broadcast address", s -> range(s, 0, "198.18.3.200-198.18.3.255"),
            "spec.subnets[0].ranges[0]"),
        bad("range holding the secondary's address", s -> range(s, 0, "198.18.0.3-198.18.0.9"),
            "spec.subnets[0].ranges[0]"),
        bad("range holding a router", s -> range(s, 0, "198.18.0.1-198.18.0.1"),
            "spec.subnets[0].ranges[0]"),
        bad("overlapping ranges", s -> ranges(s).add("198.18.0.150-198.18.0.160"),
            "spec.subnets[0].ranges[1]"),
        bad("option the server sets", s -> option(s).put("code", 51),
            "spec.subnets[0].options[0].code"),
        bad("option with a field of its own", s -> option(s).put("code", 3),
            "spec.subnets[0].options[0].code"),
        bad("reservation outside the subnet", s -> reservation(s).put("address", "10.0.0.1"),
            "spec.subnets[0].reservations[0].address"),
        bad("reservation inside a range", s -> reservation(s).put("address", "198.18.0.120"),
            "spec.subnets[0].reservations[0].address"),
        bad("renewal time as long as the lease", s -> subnet(s).put("renewalTime", "12h"),
            "spec.subnets[0].renewalTime"),
        bad("rebinding time past the lease", s -> subnet(s).put("rebindingTime", "13h"),
            "spec.subnets[0].rebindingTime"),
        bad("renewal time after the rebinding time",
            s -> subnet(s).put("renewalTime", "8h").put("rebindingTime", "7h"),
            "spec.subnets[0].renewalTime"),
        bad("renewal time after the default rebinding time",
            s -> subnet(s).put("renewalTime", "11h"), "spec.subnets[0].renewalTime"),
        bad("rebinding time before the default renewal time",
            s -> subnet(s).put("rebindingTime", "5h"), "spec.subnets[0].rebindingTime"),
        bad("tftp server name given twice", s -> subnet(s).put("tftpServerName", "tftp"),
            "spec.subnets[0].options"),
        bad("reservation on the broadcast address",
            s -> reservation(s).put("address", "198.18.3.255"),
            "spec.subnets[0].reservations[0].address"));
  }
}
