package io.dhcpfailover.operator.model;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairSpec;
import io.dhcpfailover.api.v1alpha1.Role;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;

/** The {@code dhcp-node} container of one node's pod template. */
final class NodeContainer {

  private NodeContainer() {}

  static Container of(DhcpFailoverPair pair, Role role, String image) {
    DhcpFailoverPairSpec spec = pair.getSpec();
    int httpPort = spec.getHttpPort();
    List<String> args =
        new ArrayList<>(
            List.of(
                "serve",
                "--pair",
                DesiredStateBuilder.CONFIG_DIR + "/" + DesiredStateBuilder.PAIR_FILE,
                "--role",
                role.id(),
                "--data-dir",
                DesiredStateBuilder.DATA_DIR,
                "--http-port",
                Integer.toString(httpPort)));
    if (DesiredStateBuilder.peerTls(pair)) {
      args.addAll(List.of("--tls-dir", DesiredStateBuilder.PEER_TLS_DIR));
    }
    ContainerBuilder container = new ContainerBuilder()
        .withName("dhcp-node")
        .withImage(image)
        // a node that refuses to start says why in its last log lines, which then show in the
        // pod's lastState and in the pair's Degraded condition
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withArgs(args)
        .withEnv(env(pair, role))
        .addNewPort()
        .withName("dhcp")
        .withContainerPort(67)
        .withProtocol("UDP")
        .endPort()
        .addNewPort()
        .withName("failover")
        .withContainerPort(spec.getFailoverPort())
        .withProtocol("TCP")
        .endPort()
        .addNewPort()
        .withName("http")
        .withContainerPort(httpPort)
        .withProtocol("TCP")
        .endPort()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/readyz")
        .withNewPort(httpPort)
        .endHttpGet()
        .withPeriodSeconds(5)
        .withFailureThreshold(3)
        .endReadinessProbe()
        .withNewLivenessProbe()
        .withNewHttpGet()
        .withPath("/healthz")
        .withNewPort(httpPort)
        .endHttpGet()
        .withInitialDelaySeconds(10)
        .withPeriodSeconds(10)
        .withFailureThreshold(6)
        .endLivenessProbe()
        // The node runs as the image's own user. Kubernetes grants a non-root user no ambient
        // capabilities, so the two it needs (port 67 and the failover port; raw sockets for
        // SO_BINDTODEVICE and the ping check) come from the file capabilities of the image's java
        // binary, which a process gains at exec only within the bounding set (add below) and only
        // without no_new_privs: privilege escalation stays allowed, and the image has no setuid
        // binary to escalate with
        .withNewSecurityContext()
        .withRunAsUser(DesiredStateBuilder.NODE_USER)
        .withRunAsGroup(DesiredStateBuilder.NODE_USER)
        .withRunAsNonRoot(true)
        .withAllowPrivilegeEscalation(true)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .withAdd("NET_BIND_SERVICE", "NET_RAW")
        .endCapabilities()
        .endSecurityContext()
        .addNewVolumeMount()
        .withName("config")
        .withMountPath(DesiredStateBuilder.CONFIG_DIR)
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("data")
        .withMountPath(DesiredStateBuilder.DATA_DIR)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .withNewResources()
        .addToRequests("cpu", new Quantity("50m"))
        .addToRequests("memory", new Quantity("128Mi"))
        .endResources();
    if (DesiredStateBuilder.peerTls(pair)) {
      container
          .addNewVolumeMount()
          .withName("peer-tls")
          .withMountPath(DesiredStateBuilder.PEER_TLS_DIR)
          .withReadOnly(true)
          .endVolumeMount();
    }
    return container.build();
  }

  private static List<EnvVar> env(DhcpFailoverPair pair, Role role) {
    return List.of(
        new EnvVarBuilder()
            .withName("POD_NAMESPACE")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.namespace")
            .endFieldRef()
            .endValueFrom()
            .build(),
        new EnvVar("DHCP_PAIR_NAME", pair.getMetadata().getName(), null),
        new EnvVar("DHCP_PAIR_NAMESPACE", pair.getMetadata().getNamespace(), null),
        new EnvVar("DHCP_NODE_ROLE", role.id(), null));
  }
}
