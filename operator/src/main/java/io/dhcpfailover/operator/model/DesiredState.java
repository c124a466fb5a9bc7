package io.dhcpfailover.operator.model;

import io.dhcpfailover.api.v1alpha1.Role;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;

/**
 * Everything the operator keeps in the cluster for one pair, as computed by {@link
 * DesiredStateBuilder}. Objects are listed in the order they are applied: identity and permissions
 * first, then the configuration, then the workloads that use them.
 *
 * @param serviceAccount {@code <name>-node}, the identity of both nodes
 * @param role lets a node read its pair and patch its status
 * @param roleBinding binds {@code role} to {@code serviceAccount}
 * @param configMap {@code <name>-pair}, holding {@code pair.yaml}
 * @param primary the {@code <name>-primary} StatefulSet
 * @param secondary the {@code <name>-secondary} StatefulSet
 * @param configVersion the {@link io.dhcpfailover.api.v1alpha1.ConfigVersion} of the pair file in
 *     {@code configMap}: what each node reports once it runs that file
 */
public record DesiredState(
    ServiceAccount serviceAccount,
    io.fabric8.kubernetes.api.model.rbac.Role role,
    RoleBinding roleBinding,
    ConfigMap configMap,
    StatefulSet primary,
    StatefulSet secondary,
    String configVersion) {

  /** All objects, in apply order. */
  public List<HasMetadata> all() {
    return List.of(serviceAccount, role, roleBinding, configMap, primary, secondary);
  }

  /** The StatefulSet of one role. */
  public StatefulSet statefulSet(Role role) {
    return role == Role.PRIMARY ? primary : secondary;
  }
}
