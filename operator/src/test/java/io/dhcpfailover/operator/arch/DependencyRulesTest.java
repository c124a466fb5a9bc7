package io.dhcpfailover.operator.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency direction inside the operator: the reconciler drives everything; the desired
 * state ({@code model}) is a pure function of the pair that knows nothing of how it is applied,
 * sequenced or reported; the upgrade sequencer decides from the rendered model and what it
 * observes; status reporting reads the sequencer's steps; nothing below the reconciler reaches
 * back up to it, and the packages form no cycle.
 */
class DependencyRulesTest {
  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.dhcpfailover.operator");
  }

  @Test
  void operatorPackagesFormNoCycle() {
    slices().matching("io.dhcpfailover.operator.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void desiredStateDependsOnNoOtherOperatorPackage() {
    noClasses()
        .that().resideInAPackage("..operator.model..")
        .should().dependOnClassesThat()
        .resideInAnyPackage("..operator.upgrade..", "..operator.status..", "..operator.reconciler..",
            "..operator.dependent..", "..operator.config..")
        .check(classes);
  }

  @Test
  void desiredStateTalksToNoApiServer() {
    noClasses()
        .that().resideInAPackage("..operator.model..")
        .should().dependOnClassesThat()
        .haveNameMatching("io\\.fabric8\\.kubernetes\\.client\\.(KubernetesClient|dsl\\..*)")
        .check(classes);
  }

  @Test
  void upgradeSequencerBuildsOnlyOnTheModel() {
    noClasses()
        .that().resideInAPackage("..operator.upgrade..")
        .should().dependOnClassesThat()
        .resideInAnyPackage("..operator.status..", "..operator.reconciler..",
            "..operator.dependent..", "..operator.config..")
        .check(classes);
  }

  @Test
  void statusReportingReachesNeitherTheReconcilerNorTheApplier() {
    noClasses()
        .that().resideInAPackage("..operator.status..")
        .should().dependOnClassesThat()
        .resideInAnyPackage("..operator.reconciler..", "..operator.dependent..",
            "..operator.model..", "..operator.config..")
        .check(classes);
  }

  @Test
  void onlyTheEntryPointUsesTheReconciler() {
    noClasses()
        .that().resideInAnyPackage("..operator.model..", "..operator.upgrade..",
            "..operator.status..", "..operator.dependent..", "..operator.config..")
        .should().dependOnClassesThat()
        .resideInAPackage("..operator.reconciler..")
        .check(classes);
  }

  @Test
  void noOperatorClassUsesTheNodesCode() {
    noClasses()
        .should().dependOnClassesThat()
        .resideInAPackage("io.dhcpfailover.node..")
        .check(classes);
  }
}
