package io.dhcpfailover.operator.model;

import io.dhcpfailover.api.v1alpha1.ConfigVersion;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairSpec;
import io.dhcpfailover.api.v1alpha1.NodeSpec;
import io.dhcpfailover.api.v1alpha1.PeerTls;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.api.v1alpha1.StorageSpec;
import io.dhcpfailover.api.contract.RestartInputs;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the {@link DesiredState} of a pair. A pure function of the pair and the default image:
 * no client, no clock, no randomness, so the same pair always yields equal objects.
 *
 * <p>What goes where follows one rule: configuration the node applies live (subnets, options,
 * timers) lives only in the ConfigMap, so changing it never restarts a node; what needs a restart
 * (the image, the HTTP port, the node the pod is pinned to) lives in the pod template and in its
 * {@value #CONFIG_HASH_ANNOTATION} annotation. The StatefulSets use the {@code OnDelete} update
 * strategy: the operator, not the StatefulSet controller, decides when a node restarts.
 */
public final class DesiredStateBuilder {

  /** Pod-template annotation with a hash of the inputs that need a node restart. */
  public static final String CONFIG_HASH_ANNOTATION = "dhcpfailover.io/config-hash";

  /** Label naming the pair an object belongs to. */
  public static final String PAIR_LABEL = "dhcpfailover.io/pair";

  /** Label naming the role of a node's objects. */
  public static final String ROLE_LABEL = "dhcpfailover.io/role";

  /** Value of {@code app.kubernetes.io/managed-by} on everything the operator renders. */
  public static final String MANAGER = "dhcp-failover-operator";

  /** Where the ConfigMap is mounted in the node container. */
  public static final String CONFIG_DIR = "/etc/dhcp-failover";

  /** The key of the pair manifest in the ConfigMap. */
  public static final String PAIR_FILE = "pair.yaml";

  /** Where the lease store volume is mounted in the node container. */
  public static final String DATA_DIR = "/var/lib/dhcp-node";

  /**
   * Where a node's peer-channel TLS files are mounted ({@code ca.crt}, {@code tls.crt}, {@code
   * tls.key}, projected from the Secret {@code <name>-peer-tls}); the node's {@code --tls-dir}.
   */
  public static final String PEER_TLS_DIR = "/etc/dhcp-failover-tls";

  /** The unprivileged user the node runs as (the "nonroot" user of distroless images). */
  public static final long NODE_USER = 65532L;

  static final String DEFAULT_STORAGE = "1Gi";
  static final int TERMINATION_GRACE_SECONDS = 30;

  private final String defaultImage;

  /**
   * @param defaultImage the node image used when {@code spec.image} is empty, normally {@code
   *     ghcr.io/dhcpfailover/dhcp-node:<operator version>}
   */
  public DesiredStateBuilder(String defaultImage) {
    this.defaultImage = defaultImage;
  }

  /** The default node image for an operator of the given version. */
  public static String defaultImageFor(String version) {
    return "ghcr.io/dhcpfailover/dhcp-node:" + version;
  }

  /** Renders all objects of the pair. The pair must have passed {@link io.dhcpfailover.api.validation.PairValidator}. */
  public DesiredState build(DhcpFailoverPair pair) {
    return new DesiredState(
        serviceAccount(pair),
        role(pair),
        roleBinding(pair),
        configMap(pair),
        statefulSet(pair, Role.PRIMARY),
        statefulSet(pair, Role.SECONDARY),
        ConfigVersion.of(pair));
  }

  /** {@code <name>-pair}. */
  public static String configMapName(DhcpFailoverPair pair) {
    return pair.getMetadata().getName() + "-pair";
  }

  /** {@code <name>-primary} or {@code <name>-secondary}. */
  public static String statefulSetName(DhcpFailoverPair pair, Role role) {
    return pair.getMetadata().getName() + "-" + role.id();
  }

  /**
   * {@code <name>-peer-tls}: the Secret with the pair's certificate authority and each node's
   * certificate and key (keys {@code ca.crt}, {@code ca.key}, {@code <role>.crt}, {@code
   * <role>.key}). The operator issues it (its content is not part of the desired state: keys are
   * random); each node's pod projects only the authority's certificate and its own pair.
   */
  public static String peerTlsSecretName(DhcpFailoverPair pair) {
    return pair.getMetadata().getName() + "-peer-tls";
  }

  /** Whether the pair's failover link runs over TLS ({@code spec.peerTLS}, Enabled when unset). */
  public static boolean peerTls(DhcpFailoverPair pair) {
    return pair.getSpec().getPeerTLS() != PeerTls.DISABLED;
  }

  /** {@code <name>-node}: the ServiceAccount, Role and RoleBinding of the nodes. */
  public static String nodeIdentityName(DhcpFailoverPair pair) {
    return pair.getMetadata().getName() + "-node";
  }

  /** The image the nodes run: {@code spec.image}, or the default when empty. */
  public String image(DhcpFailoverPair pair) {
    String image = pair.getSpec().getImage();
    return image == null || image.isBlank() ? defaultImage : image;
  }

  ConfigMap configMap(DhcpFailoverPair pair) {
    return new ConfigMapBuilder()
        .withMetadata(metadata(pair, configMapName(pair), null))
        .addToData(PAIR_FILE, pairManifest(pair))
        .build();
  }

  /**
   * The pair file the nodes read: apiVersion, kind, name, namespace and spec; never the status or
   * other metadata, so status writes do not change the ConfigMap. A node reading it computes the
   * same {@link ConfigVersion} as the pair it was rendered from (name and spec are all it hashes).
   */
  public static String pairManifest(DhcpFailoverPair pair) {
    DhcpFailoverPair file = new DhcpFailoverPair();
    file.setMetadata(
        new ObjectMetaBuilder()
            .withName(pair.getMetadata().getName())
            .withNamespace(pair.getMetadata().getNamespace())
            .build());
    file.setSpec(pair.getSpec());
    file.setStatus(null);
    return Serialization.asYaml(file);
  }

  ServiceAccount serviceAccount(DhcpFailoverPair pair) {
    return new ServiceAccountBuilder()
        .withMetadata(metadata(pair, nodeIdentityName(pair), null))
        .build();
  }

  io.fabric8.kubernetes.api.model.rbac.Role role(DhcpFailoverPair pair) {
    return new RoleBuilder()
        .withMetadata(metadata(pair, nodeIdentityName(pair), null))
        .withRules(
            // its own pair only: read it, and patch its entry of the status (StatusPublisher)
            new PolicyRuleBuilder()
                .withApiGroups(DhcpFailoverPair.GROUP)
                .withResources("dhcpfailoverpairs")
                .withResourceNames(pair.getMetadata().getName())
                .withVerbs("get")
                .build(),
            new PolicyRuleBuilder()
                .withApiGroups(DhcpFailoverPair.GROUP)
                .withResources("dhcpfailoverpairs/status")
                .withResourceNames(pair.getMetadata().getName())
                .withVerbs("get", "patch")
                .build())
        .build();
  }

  RoleBinding roleBinding(DhcpFailoverPair pair) {
    return new RoleBindingBuilder()
        .withMetadata(metadata(pair, nodeIdentityName(pair), null))
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", nodeIdentityName(pair))
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(nodeIdentityName(pair))
        .withNamespace(pair.getMetadata().getNamespace())
        .endSubject()
        .build();
  }

  StatefulSet statefulSet(DhcpFailoverPair pair, Role role) {
    Map<String, String> selector = selectorLabels(pair, role);
    Map<String, String> podLabels = new LinkedHashMap<>(labels(pair, role));
    return new StatefulSetBuilder()
        .withMetadata(metadata(pair, statefulSetName(pair, role), role))
        .withNewSpec()
        .withReplicas(1)
        .withServiceName(statefulSetName(pair, role))
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        .withNewUpdateStrategy()
        .withType("OnDelete")
        .endUpdateStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .withAnnotations(Map.of(CONFIG_HASH_ANNOTATION, restartHash(pair, role)))
        .endMetadata()
        .withSpec(podSpec(pair, role))
        .endTemplate()
        .withVolumeClaimTemplates(dataClaim(pair, role))
        .endSpec()
        .build();
  }

  private PodSpec podSpec(DhcpFailoverPair pair, Role role) {
    NodeSpec node = role.nodeSpec(pair.getSpec());
    PodSpecBuilder pod =
        new PodSpecBuilder()
            .withServiceAccountName(nodeIdentityName(pair))
            .withHostNetwork(true)
            .withDnsPolicy("ClusterFirstWithHostNet")
            .withTerminationGracePeriodSeconds((long) TERMINATION_GRACE_SECONDS)
            .withNewSecurityContext()
            .withFsGroup(NODE_USER)
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext()
            .withNewAffinity()
            .withNewPodAntiAffinity()
            .addNewRequiredDuringSchedulingIgnoredDuringExecution()
            .withTopologyKey("kubernetes.io/hostname")
            .withNewLabelSelector()
            .withMatchLabels(selectorLabels(pair, role.partner()))
            .endLabelSelector()
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endPodAntiAffinity()
            .endAffinity()
            .withContainers(NodeContainer.of(pair, role, image(pair)))
            .addNewVolume()
            .withName("config")
            .withNewConfigMap()
            .withName(configMapName(pair))
            .endConfigMap()
            .endVolume()
            .addNewVolume()
            .withName("tmp")
            .withNewEmptyDir()
            .endEmptyDir()
            .endVolume();
    if (peerTls(pair)) {
      pod.addNewVolume()
          .withName("peer-tls")
          .withNewSecret()
          .withSecretName(peerTlsSecretName(pair))
          .withDefaultMode(0400)
          .withItems(
              new KeyToPath("ca.crt", null, "ca.crt"),
              new KeyToPath(role.id() + ".crt", null, "tls.crt"),
              new KeyToPath(role.id() + ".key", null, "tls.key"))
          .endSecret()
          .endVolume();
    }
    if (node.getNodeName() != null && !node.getNodeName().isBlank()) {
      pod.withNodeSelector(Map.of("kubernetes.io/hostname", node.getNodeName()));
    }
    return pod.build();
  }

  private static PersistentVolumeClaim dataClaim(DhcpFailoverPair pair, Role role) {
    StorageSpec storage = pair.getSpec().getStorage();
    String size =
        storage == null || storage.getSize() == null || storage.getSize().isBlank()
            ? DEFAULT_STORAGE
            : storage.getSize();
    String storageClass = storage == null ? null : storage.getStorageClassName();
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName("data")
        .withLabels(selectorLabels(pair, role))
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(storageClass == null || storageClass.isBlank() ? null : storageClass)
        .withNewResources()
        .addToRequests("storage", new Quantity(size))
        .endResources()
        .endSpec()
        .build();
  }

  /**
   * Hash of the inputs of one node that only take effect on a restart: the image and the node the
   * pod is pinned to (pod-template inputs), and the pair file's {@link RestartInputs}, the same
   * record the node compares before it reloads a pair file live. A change to any of them changes
   * the pod template, so the operator rolls it one node at a time like an upgrade; the rest of the
   * ConfigMap is reloaded live by the nodes.
   */
  String restartHash(DhcpFailoverPair pair, Role role) {
    DhcpFailoverPairSpec spec = pair.getSpec();
    NodeSpec node = role.nodeSpec(spec);
    String inputs =
        String.join(
            "\n",
            image(pair),
            String.valueOf(node.getNodeName()),
            RestartInputs.of(pair, node, role.partner().nodeSpec(spec)).toString());
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(inputs.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static ObjectMeta metadata(DhcpFailoverPair pair, String name, Role role) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(pair.getMetadata().getNamespace())
        .withLabels(labels(pair, role))
        .withOwnerReferences(ownerReference(pair))
        .build();
  }

  /** Labels of every object of the pair; role-specific ones when {@code role} is not null. */
  public static Map<String, String> labels(DhcpFailoverPair pair, Role role) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", "dhcp-node");
    labels.put("app.kubernetes.io/instance", pair.getMetadata().getName());
    labels.put("app.kubernetes.io/managed-by", MANAGER);
    labels.put(PAIR_LABEL, pair.getMetadata().getName());
    if (role != null) {
      labels.put("app.kubernetes.io/component", role.id());
      labels.put(ROLE_LABEL, role.id());
    }
    return labels;
  }

  private static Map<String, String> selectorLabels(DhcpFailoverPair pair, Role role) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(PAIR_LABEL, pair.getMetadata().getName());
    labels.put(ROLE_LABEL, role.id());
    return labels;
  }

  /** The controller reference every rendered object carries, so deleting the pair deletes them. */
  public static OwnerReference ownerReference(DhcpFailoverPair pair) {
    return new OwnerReferenceBuilder()
        .withApiVersion(pair.getApiVersion())
        .withKind(pair.getKind())
        .withName(pair.getMetadata().getName())
        .withUid(pair.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }
}
