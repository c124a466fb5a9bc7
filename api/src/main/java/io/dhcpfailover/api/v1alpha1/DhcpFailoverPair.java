package io.dhcpfailover.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A DHCPv4 failover pair: two DHCP server nodes (primary and secondary) that share one lease
 * database through the DHCP failover protocol. The same manifest is the configuration file of a
 * node run outside Kubernetes ({@code dhcp-node serve --pair FILE}).
 */
@Group(DhcpFailoverPair.GROUP)
@Version(DhcpFailoverPair.VERSION)
@Kind("DhcpFailoverPair")
@Plural("dhcpfailoverpairs")
@Singular("dhcpfailoverpair")
@ShortNames("dfp")
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".spec.mode", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Primary",
    jsonPath = ".status.primary.state",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Secondary",
    jsonPath = ".status.secondary.state",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Leases",
    jsonPath = ".status.primary.leases.active",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Upgrade",
    jsonPath = ".status.upgrade.phase",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
public class DhcpFailoverPair extends CustomResource<DhcpFailoverPairSpec, DhcpFailoverPairStatus>
    implements Namespaced {

  public static final String GROUP = "dhcpfailover.io";
  public static final String VERSION = "v1alpha1";
}
