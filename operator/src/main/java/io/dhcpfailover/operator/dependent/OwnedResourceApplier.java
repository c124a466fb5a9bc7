package io.dhcpfailover.operator.dependent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or updates one owned object so that it matches its desired form, and writes only when
 * something differs.
 *
 * <p>"Differs" is decided by a hash of the desired object kept in the {@value #DESIRED_HASH}
 * annotation, not by comparing with the live object: the API server adds defaults to a live
 * StatefulSet, so a field-by-field comparison would see a difference on every reconcile. An update
 * is a replace with the live resourceVersion (a concurrent writer gets a conflict and the reconcile
 * retries) that keeps what others own: other labels and annotations, and the immutable fields of a
 * StatefulSet (selector, serviceName, volumeClaimTemplates). A StatefulSet is never deleted to be
 * recreated.
 */
public class OwnedResourceApplier {
  private static final Logger LOG = LoggerFactory.getLogger(OwnedResourceApplier.class);

  /** Annotation holding the hash of the desired object last written. */
  public static final String DESIRED_HASH = "dhcpfailover.io/desired-hash";

  /** What applying an object did. */
  public enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED
  }

  /**
   * @param outcome what was done
   * @param object the live object after the operation
   */
  public record Applied(Outcome outcome, HasMetadata object) {
    /** {@code Kind/name}, for logs and events. */
    public String describe() {
      return object.getKind() + " " + object.getMetadata().getName();
    }
  }

  private final KubernetesClient client;

  public OwnedResourceApplier(KubernetesClient client) {
    this.client = client;
  }

  /** Creates {@code desired} if absent, updates it if its desired form changed. */
  public Applied apply(HasMetadata desired) {
    String hash = hash(desired);
    HasMetadata live = client.resource(desired).get();
    if (live == null) {
      HasMetadata toCreate = Serialization.clone(desired);
      annotations(toCreate).put(DESIRED_HASH, hash);
      HasMetadata created = client.resource(toCreate).create();
      LOG.info("CREATED {} {}/{}", kind(desired), namespace(desired), name(desired));
      return new Applied(Outcome.CREATED, created);
    }
    if (hash.equals(annotations(live).get(DESIRED_HASH))) {
      return new Applied(Outcome.UNCHANGED, live);
    }
    HasMetadata merged = merge(live, desired);
    annotations(merged).put(DESIRED_HASH, hash);
    HasMetadata updated = client.resource(merged).update();
    LOG.info("UPDATED {} {}/{}", kind(desired), namespace(desired), name(desired));
    return new Applied(Outcome.UPDATED, updated);
  }

  /** The live object with the desired content and the live object's other metadata. */
  static HasMetadata merge(HasMetadata live, HasMetadata desired) {
    HasMetadata merged = Serialization.clone(live);
    Map<String, String> labels = new HashMap<>();
    if (live.getMetadata().getLabels() != null) {
      labels.putAll(live.getMetadata().getLabels());
    }
    if (desired.getMetadata().getLabels() != null) {
      labels.putAll(desired.getMetadata().getLabels());
    }
    merged.getMetadata().setLabels(labels);
    merged.getMetadata().setOwnerReferences(desired.getMetadata().getOwnerReferences());
    if (desired instanceof ConfigMap d && merged instanceof ConfigMap m) {
      m.setData(d.getData());
      m.setBinaryData(d.getBinaryData());
    } else if (desired instanceof Role d && merged instanceof Role m) {
      m.setRules(d.getRules());
    } else if (desired instanceof RoleBinding d && merged instanceof RoleBinding m) {
      m.setSubjects(d.getSubjects());
    } else if (desired instanceof StatefulSet d && merged instanceof StatefulSet m) {
      StatefulSetSpec spec = Serialization.clone(d.getSpec());
      StatefulSetSpec current = m.getSpec();
      if (current != null) {
        spec.setSelector(current.getSelector());
        spec.setServiceName(current.getServiceName());
        if (!Serialization.asJson(current.getVolumeClaimTemplates())
            .equals(Serialization.asJson(spec.getVolumeClaimTemplates()))) {
          LOG.warn(
              "STORAGE_CHANGE_IGNORED StatefulSet {}/{}: volume claim templates are immutable;"
                  + " resize the claims themselves",
              namespace(d),
              name(d));
        }
        spec.setVolumeClaimTemplates(current.getVolumeClaimTemplates());
      }
      m.setSpec(spec);
    }
    return merged;
  }

  static String hash(HasMetadata desired) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(Serialization.asJson(desired).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static Map<String, String> annotations(HasMetadata object) {
    if (object.getMetadata().getAnnotations() == null) {
      object.getMetadata().setAnnotations(new HashMap<>());
    }
    return object.getMetadata().getAnnotations();
  }

  private static String kind(HasMetadata o) {
    return o.getKind();
  }

  private static String name(HasMetadata o) {
    return o.getMetadata().getName();
  }

  private static String namespace(HasMetadata o) {
    return o.getMetadata().getNamespace();
  }
}
