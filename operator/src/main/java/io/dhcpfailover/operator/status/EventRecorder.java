package io.dhcpfailover.operator.status;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Kubernetes Events about a pair (shown by {@code kubectl describe dfp}). Failing to write
 * an event is logged and never fails a reconcile.
 */
public class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  static final String COMPONENT = "dhcp-failover-operator";

  private final KubernetesClient client;
  private final Clock clock;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Records a Normal event. */
  public void normal(DhcpFailoverPair pair, String reason, String message) {
    record(pair, "Normal", reason, message);
  }

  /** Records a Warning event. */
  public void warning(DhcpFailoverPair pair, String reason, String message) {
    record(pair, "Warning", reason, message);
  }

  private void record(DhcpFailoverPair pair, String type, String reason, String message) {
    String now = clock.instant().toString();
    String namespace = pair.getMetadata().getNamespace();
    try {
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(
                      pair.getMetadata().getName()
                          + "."
                          + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
                  .withNamespace(namespace)
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withApiVersion(pair.getApiVersion())
                  .withKind(pair.getKind())
                  .withName(pair.getMetadata().getName())
                  .withNamespace(namespace)
                  .withUid(pair.getMetadata().getUid())
                  .withResourceVersion(pair.getMetadata().getResourceVersion())
                  .endInvolvedObject()
                  .withType(type)
                  .withReason(reason)
                  .withMessage(message)
                  .withCount(1)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .endSource()
                  .withReportingComponent(COMPONENT)
                  .build())
          .create();
      LOG.info(
          "EVENT {} {}/{} {}: {}",
          type.toUpperCase(Locale.ROOT),
          namespace,
          pair.getMetadata().getName(),
          reason,
          message);
    } catch (KubernetesClientException e) {
      LOG.warn("could not record event {} for {}/{}: {}", reason, namespace,
          pair.getMetadata().getName(), e.getMessage());
    }
  }
}
