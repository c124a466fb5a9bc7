/**
 * Publishing a node's own entry of the {@code DhcpFailoverPair} status to the Kubernetes API.
 *
 * <p>The only package of the node that talks to Kubernetes. It is optional: a node without {@link
 * io.dhcpfailover.node.status.KubernetesSettings} runs without it, and the DHCP path never waits on
 * the API server.
 */
package io.dhcpfailover.node.status;
