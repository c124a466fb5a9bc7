package io.dhcpfailover.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.corpus.SpecCorpus;
import io.dhcpfailover.api.corpus.SpecCorpus.BadSpec;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.operator.status.StatusAggregator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A spec change that fails validation reaches neither the ConfigMap nor a pod template: the
 * running nodes keep the last valid rendering and InvalidSpec names the field.
 */
class InvalidSpecTest {
  private ReconcilerHarness k8s;

  @BeforeEach
  void start() {
    k8s = new ReconcilerHarness();
  }

  @AfterEach
  void stop() {
    k8s.close();
  }

  static List<BadSpec> firstUserSpecs() {
    return SpecCorpus.firstUserSpecs();
  }

  /** Values of the wrong type for their option code: the schema lets them in, the operator not. */
  static List<BadSpec> typedOptionSpecs() {
    return SpecCorpus.typedOptionSpecs();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"firstUserSpecs", "typedOptionSpecs"})
  void aBadChangeLeavesTheRenderingAndTheNodesAlone(BadSpec bad) {
    k8s.create(SpecCorpus.toPair(SpecCorpus.valid()));
    k8s.reconcile();
    Map<String, String> before = k8s.resourceVersions();
    String pairFile = pairFile();
    DhcpFailoverPair changed = SpecCorpus.toPair(bad.manifest());
    DhcpFailoverPair live = k8s.get();
    live.setSpec(changed.getSpec());
    k8s.client.resource(live).update();

    k8s.reconcile();

    Map<String, String> after = k8s.resourceVersions();
    after.remove("DhcpFailoverPair/" + ReconcilerHarness.NAME);
    before.remove("DhcpFailoverPair/" + ReconcilerHarness.NAME);
    assertThat(after).isEqualTo(before);
    assertThat(pairFile()).isEqualTo(pairFile);
    assertThat(k8s.client.apps().statefulSets().inNamespace(ReconcilerHarness.NS).list().getItems())
        .extracting(StatefulSet::getMetadata)
        .allSatisfy(m -> assertThat(m.getGeneration()).isEqualTo(1L));
    Condition invalid =
        StatusAggregator.find(k8s.get().getStatus().getConditions(), StatusAggregator.INVALID_SPEC);
    assertThat(invalid.getStatus()).isEqualTo("True");
    assertThat(invalid.getMessage()).contains(bad.field() + ":");
  }

  private String pairFile() {
    return k8s.client
        .configMaps()
        .inNamespace(ReconcilerHarness.NS)
        .withName(ReconcilerHarness.NAME + "-pair")
        .get()
        .getData()
        .get("pair.yaml");
  }
}
