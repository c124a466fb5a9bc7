package io.dhcpfailover.node.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency direction inside the node: codecs know nothing of what uses them; the engine and
 * the lease store know no sockets and no Kubernetes; failover builds on the engine, never the
 * reverse; the lease model and store interface know nothing of the journal that makes a store
 * durable; only the status package talks to the Kubernetes API.
 */
class DependencyRulesTest {
  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.dhcpfailover.node");
  }

  @Test
  void codecsDependOnNothingThatUsesThem() {
    noClasses()
        .that().resideInAPackage("..node.codec..")
        .should().dependOnClassesThat()
        .resideInAnyPackage("..node.lease..", "..node.engine..", "..node.failover..", "..node.status..",
            "..node.journal..", "..node.server..")
        .check(classes);
  }

  @Test
  void engineAndStoreKnowNoNettyAndNoKubernetes() {
    noClasses()
        .that().resideInAnyPackage("..node.engine..", "..node.lease..", "..node.journal..")
        .should().dependOnClassesThat()
        .resideInAnyPackage("io.netty..", "io.fabric8.kubernetes.client..")
        .check(classes);
  }

  @Test
  void failoverDependsOnTheEngineNeverTheReverse() {
    noClasses()
        .that().resideInAnyPackage("..node.engine..", "..node.lease..", "..node.journal..", "..node.codec..")
        .should().dependOnClassesThat()
        .resideInAPackage("..node.failover..")
        .check(classes);
  }

  @Test
  void leasesKnowNothingOfTheJournal() {
    noClasses()
        .that().resideInAPackage("..node.lease..")
        .should().dependOnClassesThat()
        .resideInAPackage("..node.journal..")
        .check(classes);
  }

  @Test
  void onlyTheStatusPackageTalksToKubernetes() {
    noClasses()
        .that().resideOutsideOfPackage("..node.status..")
        .should().dependOnClassesThat()
        .haveNameMatching("io\\.fabric8\\.kubernetes\\.client\\.(KubernetesClient|KubernetesClientBuilder|dsl\\..*)")
        .check(classes);
  }
}
