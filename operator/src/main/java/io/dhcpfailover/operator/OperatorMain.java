package io.dhcpfailover.operator;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.operator.config.HealthServer;
import io.dhcpfailover.operator.config.OperatorConfig;
import io.dhcpfailover.operator.model.DesiredStateBuilder;
import io.dhcpfailover.operator.reconciler.DhcpFailoverPairReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the operator. Connects with the in-cluster service account or {@code KUBECONFIG},
 * runs the {@link DhcpFailoverPair} controller under leader election (a Lease), and serves health
 * and metrics.
 */
public final class OperatorMain {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {}

  public static void main(String[] args) throws Exception {
    String version = OperatorMain.class.getPackage().getImplementationVersion();
    OperatorConfig config =
        OperatorConfig.from(args, System.getenv(), version == null ? "0.1.0" : version);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);

    KubernetesClient client = new KubernetesClientBuilder().build();
    LOG.info(
        "OPERATOR_STARTING version {} api server {} namespaces {}",
        config.version(),
        client.getMasterUrl(),
        config.namespaces().isEmpty() ? "all" : config.namespaces());

    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withLeaderElectionConfiguration(
                        config.leaseNamespace() == null
                            ? new LeaderElectionConfiguration(config.leaseName())
                            : new LeaderElectionConfiguration(
                                config.leaseName(), config.leaseNamespace())));
    DhcpFailoverPairReconciler reconciler =
        new DhcpFailoverPairReconciler(
            client,
            new DesiredStateBuilder(DesiredStateBuilder.defaultImageFor(config.version())),
            Clock.systemUTC(),
            registry);
    operator.register(
        reconciler,
        c -> {
          if (config.namespaces().isEmpty()) {
            c.watchingAllNamespaces();
          } else {
            c.settingNamespaces(config.namespaces());
          }
        });
    HealthServer health =
        new HealthServer(
            config.httpPort(),
            () -> operator.getRuntimeInfo().isStarted()
                && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
            registry);
    LOG.info("HTTP_LISTENING port {} (/healthz /readyz /metrics)", health.port());
    operator.installShutdownHook(Duration.ofSeconds(20));
    Runtime.getRuntime().addShutdownHook(new Thread(health::close, "health-stop"));
    operator.start();
    LOG.info("OPERATOR_STARTED");
  }
}
