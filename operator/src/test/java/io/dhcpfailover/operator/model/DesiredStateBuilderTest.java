package io.dhcpfailover.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dhcpfailover.api.v1alpha1.ConfigVersion;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairSpec;
import io.dhcpfailover.api.v1alpha1.OptionSpec;
import io.dhcpfailover.operator.Fixtures;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
            "--data-dir", "/var/lib/dhcp-node", "--http-port", "8067",
            "--tls-dir", "/etc/dhcp-failover-tls");
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
    assertThat(c.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    assertThat(c.getSecurityContext().getRunAsGroup()).isEqualTo(65532L);
    assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getPrivileged()).isNull();
    // the image's java binary carries the two capabilities as file capabilities, which exec grants
    // only without no_new_privs
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isTrue();
    assertThat(c.getVolumeMounts())
        .extracting(m -> m.getName() + ":" + m.getMountPath())
        .contains("config:/etc/dhcp-failover", "data:/var/lib/dhcp-node");
  }

  @Test
  void theNodeWritesOnlyItsDataVolumeAndTmpWithTheImageUsersGroup() {
    StatefulSet sts = builder.build(Fixtures.pair("hot-standby")).primary();
    PodSpec pod = sts.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(65532L);
    Container c = container(sts);
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getVolumeMounts())
        .extracting(m -> m.getMountPath() + (Boolean.TRUE.equals(m.getReadOnly()) ? ":ro" : ":rw"))
        .containsExactlyInAnyOrder("/etc/dhcp-failover:ro", "/var/lib/dhcp-node:rw", "/tmp:rw",
            "/etc/dhcp-failover-tls:ro");
    assertThat(pod.getVolumes().stream().filter(v -> v.getName().equals("tmp")).findFirst()
        .orElseThrow().getEmptyDir()).isNotNull();
    assertThat(sts.getSpec().getVolumeClaimTemplates())
        .extracting(claim -> claim.getMetadata().getName()).containsExactly("data");
  }

  @Test
  void eachNodeMountsOnlyTheAuthorityCertificateAndItsOwnCertificateAndKey() {
    DesiredState state = builder.build(Fixtures.pair("hot-standby"));
    for (var role : List.of(io.dhcpfailover.api.v1alpha1.Role.PRIMARY, io.dhcpfailover.api.v1alpha1.Role.SECONDARY)) {
      PodSpec pod = state.statefulSet(role).getSpec().getTemplate().getSpec();
      var secret = pod.getVolumes().stream().filter(v -> v.getName().equals("peer-tls")).findFirst().orElseThrow().getSecret();
      assertThat(secret.getSecretName()).isEqualTo("campus-a-peer-tls");
      assertThat(secret.getDefaultMode()).isEqualTo(0400);
      assertThat(secret.getItems())
          .extracting(i -> i.getKey() + "->" + i.getPath())
          .containsExactly("ca.crt->ca.crt", role.id() + ".crt->tls.crt", role.id() + ".key->tls.key");
      assertThat(pod.getContainers().get(0).getVolumeMounts())
          .anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("peer-tls");
            assertThat(m.getMountPath()).isEqualTo("/etc/dhcp-failover-tls");
            assertThat(m.getReadOnly()).isTrue();
          });
    }
  }

  @Test
  void peerTlsDisabledMountsNoSecretAndPassesNoTlsDir() {
    DhcpFailoverPair pair = Fixtures.pair("hot-standby");
    pair.getSpec().setPeerTLS(io.dhcpfailover.api.v1alpha1.PeerTls.DISABLED);
    StatefulSet sts = builder.build(pair).primary();
    PodSpec pod = sts.getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes()).noneMatch(v -> v.getSecret() != null);
    assertThat(pod.getContainers().get(0).getArgs()).doesNotContain("--tls-dir");
    assertThat(pod.getContainers().get(0).getVolumeMounts()).noneMatch(m -> m.getName().equals("peer-tls"));
    // turning TLS off changes the template hash: the nodes restart, one at a time
    assertThat(sts.getSpec().getTemplate().getMetadata().getAnnotations())
        .isNotEqualTo(builder.build(Fixtures.pair("hot-standby")).primary().getSpec().getTemplate().getMetadata().getAnnotations());
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
    assertThat(rules.get(0).getVerbs()).containsExactly("get");
    assertThat(rules).allSatisfy(r -> assertThat(r.getResourceNames()).containsExactly("campus-a"));
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

  @ParameterizedTest
  @ValueSource(strings = {"mclt", "maxResponseDelay", "failoverPort", "mode", "primaryAddress",
      "interfaces", "maxUnackedUpdates"})
  void whatTheNodeOnlyTakesOnARestartChangesTheRestartHash(String field) {
    DhcpFailoverPair before = Fixtures.pair("hot-standby");
    DhcpFailoverPair after = Fixtures.pair("hot-standby");
    var spec = after.getSpec();
    switch (field) {
      case "mclt" -> spec.setMclt("17m");
      case "maxResponseDelay" -> spec.setMaxResponseDelay("7s");
      case "failoverPort" -> spec.setFailoverPort(8647);
      case "mode" -> spec.setMode(io.dhcpfailover.api.v1alpha1.Mode.LOAD_BALANCE);
      case "primaryAddress" -> spec.getPrimary().setAddress("198.18.3.77");
      case "interfaces" -> spec.getSecondary().setInterfaces(java.util.List.of("eth7"));
      case "maxUnackedUpdates" -> spec.setMaxUnackedUpdates(7);
      default -> throw new IllegalArgumentException(field);
    }
    DesiredState a = builder.build(before);
    DesiredState b = builder.build(after);
    if (field.equals("interfaces")) {
      assertThat(hash(b.primary())).isEqualTo(hash(a.primary()));
    } else {
      assertThat(hash(b.primary())).as(field).isNotEqualTo(hash(a.primary()));
    }
    assertThat(hash(b.secondary())).as(field).isNotEqualTo(hash(a.secondary()));
  }

  @Test
  void aDurationSpelledDifferentlyIsTheSameRestartInput() {
    DhcpFailoverPair before = Fixtures.pair("hot-standby");
    DhcpFailoverPair after = Fixtures.pair("hot-standby");
    Duration mclt = io.dhcpfailover.api.validation.Durations.parseOr(
        before.getSpec().getMclt(), Duration.ofHours(1));
    after.getSpec().setMclt(mclt.toSeconds() + "s");
    assertThat(hash(builder.build(after).primary())).isEqualTo(hash(builder.build(before).primary()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hot-standby", "load-balance"})
  void aNodeReadingThePairFileComputesTheRenderedConfigVersion(String fixture) throws Exception {
    DhcpFailoverPair pair = Fixtures.pair(fixture);
    pair.getMetadata().setResourceVersion("42");
    pair.getMetadata().setGeneration(3L);
    pair.getMetadata().setLabels(Map.of("team", "net"));
    pair.setStatus(new io.dhcpfailover.api.v1alpha1.DhcpFailoverPairStatus());
    pair.getStatus().setPhase("Running");

    DesiredState state = builder.build(pair);
    DhcpFailoverPair read = readAsTheNodeDoes(state.configMap().getData().get("pair.yaml"));

    assertThat(state.configVersion()).isEqualTo(ConfigVersion.of(pair)).matches("[0-9a-f]{12}");
    assertThat(ConfigVersion.of(read)).isEqualTo(state.configVersion());
  }

  @Test
  void valuesThatLookLikeOtherYamlTypesKeepTheConfigVersion() throws Exception {
    DhcpFailoverPair pair = Fixtures.pair("hot-standby");
    List<OptionSpec> options = new ArrayList<>();
    for (String text : List.of("123", "yes", "null", "~", "0x1F", "1e10", "2024-01-01", "12:30")) {
      OptionSpec option = new OptionSpec();
      option.setCode(224);
      option.setText(text);
      options.add(option);
    }
    pair.getSpec().getSubnets().get(0).setOptions(options);
    pair.getSpec().getSubnets().get(0).getReservations().get(0).setHostname("007");

    DesiredState state = builder.build(pair);
    DhcpFailoverPair read = readAsTheNodeDoes(state.configMap().getData().get("pair.yaml"));

    assertThat(ConfigVersion.of(read)).isEqualTo(state.configVersion());
  }

  @Test
  void everySpecChangeChangesTheConfigVersion() {
    DhcpFailoverPair image = Fixtures.pair("hot-standby");
    image.getSpec().setImage("ghcr.io/dhcpfailover/dhcp-node:0.2.0");
    DhcpFailoverPair lease = Fixtures.pair("hot-standby");
    lease.getSpec().getSubnets().get(0).setLeaseTime("2h");
    String before = builder.build(Fixtures.pair("hot-standby")).configVersion();

    assertThat(builder.build(image).configVersion()).isNotEqualTo(before);
    assertThat(builder.build(lease).configVersion()).isNotEqualTo(before);
  }

  /**
   * Reads a pair file the way the node's {@code PairFileLoader} does (the operator does not depend
   * on the node): a YAML tree, the spec bound strictly (unknown fields and coerced scalars are
   * errors), metadata leniently.
   */
  private static DhcpFailoverPair readAsTheNodeDoes(String text) throws Exception {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(text);
    ObjectMapper strict =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    ObjectMapper lenient =
        JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    DhcpFailoverPair pair = new DhcpFailoverPair();
    pair.setMetadata(lenient.treeToValue(root.get("metadata"), ObjectMeta.class));
    pair.setSpec(strict.treeToValue(root.get("spec"), DhcpFailoverPairSpec.class));
    assertThat(root.has("status")).isFalse();
    return pair;
  }

  private static String hash(StatefulSet sts) {
    return sts.getSpec().getTemplate().getMetadata().getAnnotations()
        .get(DesiredStateBuilder.CONFIG_HASH_ANNOTATION);
  }

  @Test
  void nodeThatFailsToStartLeavesItsLastLogLinesAsTerminationMessage() {
    DesiredState desired = builder.build(Fixtures.pair("hot-standby"));
    assertThat(container(desired.primary()).getTerminationMessagePolicy())
        .isEqualTo("FallbackToLogsOnError");
    assertThat(container(desired.secondary()).getTerminationMessagePolicy())
        .isEqualTo("FallbackToLogsOnError");
  }

  private static Container container(StatefulSet sts) {
    return sts.getSpec().getTemplate().getSpec().getContainers().get(0);
  }
}
