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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the operator. Connects with the in-cluster service account or {@code KUBECONFIG},
 * runs the {@link DhcpFailoverPair} controller under leader election (a Lease), and serves health
 * and metrics. When the operator cannot start (no API server, leader election refused by RBAC, a
 * controller that fails to register) it logs {@code OPERATOR_START_FAILED} with the reason and
 * exits with status 1, so Kubernetes restarts it and {@code kubectl describe} shows why.
 */
public final class OperatorMain {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {}

  public static void main(String[] args) {
    int status = run(args, System.getenv(), KubernetesClientBuilder::new);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Starts the operator; returns 0 once it runs, 1 when it could not start (after closing what it
   * had opened).
   */
  static int run(
      String[] args, Map<String, String> env, Supplier<KubernetesClientBuilder> clients) {
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      start(args, env, clients.get(), opened);
      return 0;
    } catch (RuntimeException e) {
      LOG.error("OPERATOR_START_FAILED {}", reason(e), e);
      for (int i = opened.size() - 1; i >= 0; i--) {
        try {
          opened.get(i).close();
        } catch (Exception closing) {
          e.addSuppressed(closing);
        }
      }
      return 1;
    }
  }

  private static String reason(Throwable e) {
    StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      b.append(": ").append(c.getMessage());
    }
    return b.toString();
  }

  private static void start(
      String[] args,
      Map<String, String> env,
      KubernetesClientBuilder clientBuilder,
      List<AutoCloseable> opened) {
    String version = OperatorMain.class.getPackage().getImplementationVersion();
    OperatorConfig config =
        OperatorConfig.from(args, env, version == null ? "0.1.0" : version);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);

    KubernetesClient client = clientBuilder.build();
    opened.add(client);
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
    HealthServer health;
    try {
      health =
          new HealthServer(
              config.httpPort(),
              () -> operator.getRuntimeInfo().isStarted()
                  && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
              registry);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve HTTP on port " + config.httpPort(), e);
    }
    opened.add(health::close);
    LOG.info("HTTP_LISTENING port {} (/healthz /readyz /metrics)", health.port());
    operator.installShutdownHook(Duration.ofSeconds(20));
    Runtime.getRuntime().addShutdownHook(new Thread(health::close, "health-stop"));
    opened.add(operator::stop);
    operator.start();
    LOG.info("OPERATOR_STARTED");
  }
}
