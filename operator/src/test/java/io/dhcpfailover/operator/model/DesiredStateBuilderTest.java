package io.dhcpfailover.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.operator.Fixtures;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DesiredStateBuilderTest {

  private static final String DEFAULT_IMAGE = DesiredStateBuilder.defaultImageFor("0.1.0");
  private final DesiredStateBuilder builder = new DesiredStateBuilder(DEFAULT_IMAGE);

  @Test
  void rendersTheSixObjectsOfAPairWithTheirNames() {
    DesiredState state = builder.build(Fixtures.pair("hot-standby"));
    assertThat(state.all())
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactly(
            "ServiceAccount/campus-a-node",
            "Role/campus-a-node",
            "RoleBinding/campus-a-node",
            "ConfigMap/campus-a-pair",
            "StatefulSet/campus-a-primary",
            "StatefulSet/campus-a-secondary");
  }

  @Test
  void everyObjectIsOwnedByThePairAndLivesInItsNamespace() {
    DhcpFailoverPair pair = Fixtures.pair("hot-standby");
    for (HasMetadata object : builder.build(pair).all()) {
      assertThat(object.getMetadata().getNamespace()).isEqualTo("dhcp");
      assertThat(object.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(
              ref -> {
                assertThat(ref.getKind()).isEqualTo("DhcpFailoverPair");
                assertThat(ref.getApiVersion()).isEqualTo("dhcpfailover.io/v1alpha1");
                assertThat(ref.getName()).isEqualTo("campus-a");
                assertThat(ref.getUid()).isEqualTo(pair.getMetadata().getUid());
                assertThat(ref.getController()).isTrue();
              });
      assertThat(object.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "dhcp-failover-operator")
          .containsEntry("dhcpfailover.io/pair", "campus-a");
    }
  }

  @Test
  void configMapHoldsThePairFileWithSpecOnly() {
    DhcpFailoverPair pair = Fixtures.pair("hot-standby");
    pair.setStatus(new io.dhcpfailover.api.v1alpha1.DhcpFailoverPairStatus());
    pair.getStatus().setPhase("Running");
    pair.getMetadata().setResourceVersion("42");
    String file = builder.build(pair).configMap().getData().get("pair.yaml");
    DhcpFailoverPair parsed = Serialization.unmarshal(file, DhcpFailoverPair.class);
    assertThat(parsed.getApiVersion()).isEqualTo("dhcpfailover.io/v1alpha1");
    assertThat(parsed.getKind()).isEqualTo("DhcpFailoverPair");
    assertThat(parsed.getMetadata().getName()).isEqualTo("campus-a");
    assertThat(parsed.getMetadata().getNamespace()).isEqualTo("dhcp");
    assertThat(parsed.getMetadata().getResourceVersion()).isNull();
    assertThat(parsed.getMetadata().getUid()).isNull();
    assertThat(parsed.getStatus()).isNull();
    assertThat(file).doesNotContain("status").doesNotContain("uid");
    assertThat(parsed.getSpec().getPrimary().getAddress()).isEqualTo("198.18.0.2");
    assertThat(parsed.getSpec().getSubnets()).hasSize(1);
  }

  @Test
  void statefulSetRunsOneHostNetworkNodePinnedToItsNode() {
    StatefulSet sts = builder.build(Fixtures.pair("hot-standby")).primary();
    assertThat(sts.getSpec().getReplicas()).isEqualTo(1);
    assertThat(sts.getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
    assertThat(sts.getSpec().getSelector().getMatchLabels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("dhcpfailover.io/pair", "campus-a", "dhcpfailover.io/role", "primary"));
    assertThat(sts.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(sts.getSpec().getSelector().getMatchLabels());
    PodSpec pod = sts.getSpec().getTemplate().getSpec();
    assertThat(pod.getHostNetwork()).isTrue();
    assertThat(pod.getDnsPolicy()).isEqualTo("ClusterFirstWithHostNet");
    assertThat(pod.getNodeSelector()).containsExactly(Map.entry("kubernetes.io/hostname", "worker-a"));
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(30L);
    assertThat(pod.getServiceAccountName()).isEqualTo("campus-a-node");
    var antiAffinity =
        pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    assertThat(antiAffinity).singleElement().satisfies(term -> {
      assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
      assertThat(term.getLabelSelector().getMatchLabels())
          .containsEntry("dhcpfailover.io/role", "secondary")
          .containsEntry("dhcpfailover.io/pair", "campus-a");
    });
    assertThat(pod.getVolumes())
        .anySatisfy(v -> assertThat(v.getConfigMap().getName()).isEqualTo("campus-a-pair"));
  }

  @Test
  void containerGetsImageArgsEnvProbesAndCapabilities() {
    Container c = container(builder.build(Fixtures.pair("hot-standby")).secondary());
    assertThat(c.getImage()).isEqualTo("ghcr.io/dhcpfailover/dhcp-node:0.1.0");
    assertThat(c.getArgs())
        .containsExactly(
            "serve", "--pair", "/etc/dhcp-failover/pair.yaml", "--role", "secondary",
            "--data-dir", "/var/lib/dhcp-node", "--http-port", "8067");
    Map<String, EnvVar> env =
        c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
    assertThat(env.get("DHCP_PAIR_NAME").getValue()).isEqualTo("campus-a");
    assertThat(env.get("DHCP_PAIR_NAMESPACE").getValue()).isEqualTo("dhcp");
    assertThat(env.get("DHCP_NODE_ROLE").getValue()).isEqualTo("secondary");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(c.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8067);
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getSecurityContext().getCapabilities().getAdd())
        .containsExactlyInAnyOrder("NET_BIND_SERVICE", "NET_RAW");
    assertThat(c.getSecurityContext().getRunAsUser()).isZero();
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getVolumeMounts())
        .extracting(m -> m.getName() + ":" + m.getMountPath())
        .contains("config:/etc/dhcp-failover", "data:/var/lib/dhcp-node");
  }

  @Test
  void dataVolumeClaimUsesTheStorageSpecOrOneGibibyte() {
    StatefulSet withStorage = builder.build(Fixtures.pair("hot-standby")).primary();
    var claim = withStorage.getSpec().getVolumeClaimTemplates().get(0);
    assertThat(claim.getMetadata().getName()).isEqualTo("data");
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("local-path");
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo("1Gi");
    StatefulSet defaults = builder.build(Fixtures.pair("load-balance")).primary();
    var defaultClaim = defaults.getSpec().getVolumeClaimTemplates().get(0);
    assertThat(defaultClaim.getSpec().getStorageClassName()).isNull();
    assertThat(defaultClaim.getSpec().getResources().getRequests().get("storage").toString())
        .isEqualTo("1Gi");
  }

  @Test
  void emptyImageFallsBackToTheOperatorVersionImage() {
    DhcpFailoverPair pair = Fixtures.pair("load-balance");
    assertThat(pair.getSpec().getImage()).isNull();
    assertThat(container(builder.build(pair).primary()).getImage()).isEqualTo(DEFAULT_IMAGE);
    assertThat(builder.build(pair).primary().getSpec().getTemplate().getSpec().getNodeSelector())
        .isNullOrEmpty();
  }

  @Test
  void roleAllowsReadingPairsAndPatchingStatusOnly() {
    List<PolicyRule> rules = builder.build(Fixtures.pair("hot-standby")).role().getRules();
    assertThat(rules).hasSize(2);
    assertThat(rules.get(0).getResources()).containsExactly("dhcpfailoverpairs");
    assertThat(rules.get(0).getVerbs()).containsExactly("get", "list", "watch");
    assertThat(rules.get(1).getResources()).containsExactly("dhcpfailoverpairs/status");
    assertThat(rules.get(1).getVerbs()).containsExactly("get", "patch");
    assertThat(rules).allSatisfy(r -> assertThat(r.getApiGroups()).containsExactly("dhcpfailover.io"));
    var binding = builder.build(Fixtures.pair("hot-standby")).roleBinding();
    assertThat(binding.getRoleRef().getName()).isEqualTo("campus-a-node");
    assertThat(binding.getSubjects()).singleElement()
        .satisfies(s -> assertThat(s.getName()).isEqualTo("campus-a-node"));
  }

  @Test
  void buildingTwiceYieldsEqualObjects() {
    assertThat(builder.build(Fixtures.pair("hot-standby")))
        .isEqualTo(builder.build(Fixtures.pair("hot-standby")));
  }

  @Test
  void subnetChangeChangesOnlyTheConfigMap() {
    DhcpFailoverPair before = Fixtures.pair("hot-standby");
    DhcpFailoverPair after = Fixtures.pair("hot-standby");
    after.getSpec().getSubnets().get(0).setLeaseTime("2h");
    after.getSpec().getSubnets().get(0).getRanges().add("198.18.3.251-198.18.3.254");
    DesiredState a = builder.build(before);
    DesiredState b = builder.build(after);
    assertThat(b.configMap()).isNotEqualTo(a.configMap());
    assertThat(b.primary()).isEqualTo(a.primary());
    assertThat(b.secondary()).isEqualTo(a.secondary());
    assertThat(b.role()).isEqualTo(a.role());
  }

  @Test
  void imageChangeChangesTheStatefulSetTemplateAndRestartHash() {
    DhcpFailoverPair before = Fixtures.pair("hot-standby");
    DhcpFailoverPair after = Fixtures.pair("hot-standby");
    after.getSpec().setImage("ghcr.io/dhcpfailover/dhcp-node:0.2.0");
    DesiredState a = builder.build(before);
    DesiredState b = builder.build(after);
    assertThat(container(b.primary()).getImage()).isEqualTo("ghcr.io/dhcpfailover/dhcp-node:0.2.0");
    assertThat(hash(b.primary())).isNotEqualTo(hash(a.primary()));
    assertThat(hash(b.secondary())).isNotEqualTo(hash(a.secondary()));
  }

  private static String hash(StatefulSet sts) {
    return sts.getSpec().getTemplate().getMetadata().getAnnotations()
        .get(DesiredStateBuilder.CONFIG_HASH_ANNOTATION);
  }

  private static Container container(StatefulSet sts) {
    return sts.getSpec().getTemplate().getSpec().getContainers().get(0);
  }
}
