package io.dhcpfailover.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.operator.Fixtures;
import io.dhcpfailover.operator.model.DesiredStateBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, checked against what is shipped: every grant of the operator's ClusterRole in
 * {@code deploy/} and of the Role rendered for a pair's nodes is on an allowlist, so a wider grant
 * (a new verb, resource or API group, a wildcard, a node rule without its pair's name) fails here
 * and has to be argued for by changing the list. (The Helm chart renders the same ClusterRole:
 * HelmChartIT.)
 */
class RbacFootprintTest {
  /** apiGroup / resource / verb the operator may hold, and why. */
  private static final Set<String> OPERATOR =
      new TreeSet<>(List.of(
          // pairs: read, watch, annotate (observed node states); status written by the reconciler
          "dhcpfailover.io/dhcpfailoverpairs/get", "dhcpfailover.io/dhcpfailoverpairs/list",
          "dhcpfailover.io/dhcpfailoverpairs/watch", "dhcpfailover.io/dhcpfailoverpairs/patch",
          "dhcpfailover.io/dhcpfailoverpairs/status/get", "dhcpfailover.io/dhcpfailoverpairs/status/patch",
          "dhcpfailover.io/dhcpfailoverpairs/status/update",
          // what it renders for each pair (never deletes: owner references do)
          "apps/statefulsets/get", "apps/statefulsets/list", "apps/statefulsets/watch",
          "apps/statefulsets/create", "apps/statefulsets/update",
          "/configmaps/get", "/configmaps/list", "/configmaps/watch", "/configmaps/create", "/configmaps/update",
          "/serviceaccounts/get", "/serviceaccounts/list", "/serviceaccounts/watch",
          "/serviceaccounts/create", "/serviceaccounts/update",
          "rbac.authorization.k8s.io/roles/get", "rbac.authorization.k8s.io/roles/list",
          "rbac.authorization.k8s.io/roles/watch", "rbac.authorization.k8s.io/roles/create",
          "rbac.authorization.k8s.io/roles/update",
          "rbac.authorization.k8s.io/rolebindings/get", "rbac.authorization.k8s.io/rolebindings/list",
          "rbac.authorization.k8s.io/rolebindings/watch", "rbac.authorization.k8s.io/rolebindings/create",
          "rbac.authorization.k8s.io/rolebindings/update",
          // the pair's peer-TLS Secret, by name: never listed or watched
          "/secrets/get", "/secrets/create", "/secrets/update",
          // node pods: watched for crashes, deleted one at a time during a roll
          "/pods/get", "/pods/list", "/pods/watch", "/pods/delete",
          "/events/create", "/events/patch",
          // leader election
          "coordination.k8s.io/leases/get", "coordination.k8s.io/leases/create",
          "coordination.k8s.io/leases/update"));

  @SuppressWarnings("unchecked")
  @Test
  void theOperatorsClusterRoleHoldsNothingBeyondTheList() throws IOException {
    Path file = Path.of(System.getProperty("deploy.dir", "../deploy"), "02-clusterrole.yaml");
    Map<String, Object> role = Manifests.documents(Files.readString(file)).get(0);
    Set<String> granted = new TreeSet<>();
    for (Map<String, Object> rule : (List<Map<String, Object>>) role.get("rules")) {
      assertThat(rule).as("no resourceNames-free wildcard or non-resource URL").doesNotContainKey("nonResourceURLs");
      for (String group : (List<String>) rule.get("apiGroups")) {
        for (String resource : (List<String>) rule.get("resources")) {
          for (String verb : (List<String>) rule.get("verbs")) {
            assertThat(group + resource + verb).doesNotContain("*");
            granted.add(group + "/" + resource + "/" + verb);
          }
        }
      }
    }
    assertThat(granted).isEqualTo(OPERATOR);
  }

  @Test
  void aNodeMayReadItsOwnPairAndPatchItsStatusNothingElse() {
    List<PolicyRule> rules =
        new DesiredStateBuilder(DesiredStateBuilder.defaultImageFor("0.1.0"))
            .build(Fixtures.pair("hot-standby")).role().getRules();
    Set<String> granted = new TreeSet<>();
    for (PolicyRule r : rules) {
      assertThat(r.getResourceNames()).as("every node grant names its own pair").containsExactly("campus-a");
      assertThat(r.getNonResourceURLs()).isNullOrEmpty();
      for (String group : r.getApiGroups()) {
        for (String resource : r.getResources()) {
          for (String verb : r.getVerbs()) {
            granted.add(group + "/" + resource + "/" + verb);
          }
        }
      }
    }
    assertThat(granted).containsExactlyInAnyOrder(
        "dhcpfailover.io/dhcpfailoverpairs/get",
        "dhcpfailover.io/dhcpfailoverpairs/status/get",
        "dhcpfailover.io/dhcpfailoverpairs/status/patch");
  }

  /** The ClusterRoles for people (deploy/05-user-clusterroles.yaml): each grant, and why. */
  private static final Map<String, Set<String>> USERS = Map.of(
      // added to the built-in view, edit and admin roles
      "dhcp-failover-operator-pairs-view", Set.of(
          "dhcpfailover.io/dhcpfailoverpairs/get", "dhcpfailover.io/dhcpfailoverpairs/list",
          "dhcpfailover.io/dhcpfailoverpairs/watch", "dhcpfailover.io/dhcpfailoverpairs/status/get",
          "dhcpfailover.io/dhcpfailoverpairs/status/list",
          "dhcpfailover.io/dhcpfailoverpairs/status/watch"),
      // added to edit and admin: the pair's spec, never its status (the nodes and operator own it)
      "dhcp-failover-operator-pairs-edit", Set.of(
          "dhcpfailover.io/dhcpfailoverpairs/create", "dhcpfailover.io/dhcpfailoverpairs/update",
          "dhcpfailover.io/dhcpfailoverpairs/patch", "dhcpfailover.io/dhcpfailoverpairs/delete",
          "dhcpfailover.io/dhcpfailoverpairs/deletecollection"),
      // kubectl dfp status, leases: reads only (GET through the pod proxy)
      "dhcp-failover-operator-plugin-view", Set.of(
          "dhcpfailover.io/dhcpfailoverpairs/get", "dhcpfailover.io/dhcpfailoverpairs/list",
          "/events/list", "/pods/get", "/pods/proxy/get"),
      // kubectl dfp partner-down (POST through the proxy), continue-upgrade (an annotation)
      "dhcp-failover-operator-plugin-admin", Set.of(
          "dhcpfailover.io/dhcpfailoverpairs/get", "dhcpfailover.io/dhcpfailoverpairs/list",
          "dhcpfailover.io/dhcpfailoverpairs/patch",
          "/events/list", "/pods/get", "/pods/proxy/get", "/pods/proxy/create"));

  @SuppressWarnings("unchecked")
  @Test
  void theRolesForPeopleHoldNothingBeyondTheirListsAndOnlyThePairRolesAggregate() throws IOException {
    Path file = Path.of(System.getProperty("deploy.dir", "../deploy"), "05-user-clusterroles.yaml");
    Map<String, Set<String>> found = new java.util.TreeMap<>();
    for (Map<String, Object> role : Manifests.documents(Files.readString(file))) {
      assertThat(role.get("kind")).isEqualTo("ClusterRole");
      Map<String, Object> meta = (Map<String, Object>) role.get("metadata");
      String name = (String) meta.get("name");
      Map<String, Object> labels = (Map<String, Object>) meta.getOrDefault("labels", Map.of());
      assertThat(labels.keySet()).as(name + ": aggregated only into view, edit and admin")
          .allMatch(k -> k.matches("rbac\\.authorization\\.k8s\\.io/aggregate-to-(view|edit|admin)"));
      if (name.contains("plugin")) {
        assertThat(labels).as(name + ": pods/proxy stays out of the built-in roles").isEmpty();
      }
      if (labels.containsKey("rbac.authorization.k8s.io/aggregate-to-view")) {
        assertThat(name).as("view takes reads only").endsWith("-view");
      }
      Set<String> granted = new TreeSet<>();
      for (Map<String, Object> rule : (List<Map<String, Object>>) role.get("rules")) {
        assertThat(rule).doesNotContainKeys("nonResourceURLs", "resourceNames");
        for (String group : (List<String>) rule.get("apiGroups")) {
          for (String resource : (List<String>) rule.get("resources")) {
            for (String verb : (List<String>) rule.get("verbs")) {
              assertThat(group + resource + verb).doesNotContain("*");
              granted.add(group + "/" + resource + "/" + verb);
            }
          }
        }
      }
      found.put(name, granted);
    }
    assertThat(found).isEqualTo(new java.util.TreeMap<>(USERS));
  }
}
