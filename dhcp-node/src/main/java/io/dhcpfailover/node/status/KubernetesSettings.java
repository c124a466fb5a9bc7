package io.dhcpfailover.node.status;

import io.dhcpfailover.api.v1alpha1.NodeStatus;
import io.dhcpfailover.api.v1alpha1.Role;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * How a node finds the {@code DhcpFailoverPair} whose status it publishes: the pair's name and
 * namespace, and optionally a kubeconfig file.
 *
 * <p>Command-line values win over the environment: {@code DHCP_PAIR_NAME} for the name; {@code
 * DHCP_PAIR_NAMESPACE}, then {@code POD_NAMESPACE} for the namespace; {@code KUBECONFIG} for the
 * kubeconfig. Without a pair name there are no settings and the node runs without publishing.
 * Without a namespace the client's own (the service account's, or the kubeconfig context's) is
 * used, else {@code default}.
 */
public final class KubernetesSettings {

  /** Environment variable with the pair name. */
  public static final String ENV_PAIR_NAME = "DHCP_PAIR_NAME";

  /** Environment variable with the pair namespace. */
  public static final String ENV_PAIR_NAMESPACE = "DHCP_PAIR_NAMESPACE";

  /** Environment variable with the pod's namespace (from the downward API). */
  public static final String ENV_POD_NAMESPACE = "POD_NAMESPACE";

  /** Environment variable with the kubeconfig path (a list separated by the path separator). */
  public static final String ENV_KUBECONFIG = "KUBECONFIG";

  private static final String DEFAULT_NAMESPACE = "default";

  /** RFC 1123 subdomain: what Kubernetes accepts as an object name. */
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** RFC 1123 label: what Kubernetes accepts as a namespace name. */
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private static final int REQUEST_TIMEOUT_MILLIS = 10_000;
  private static final int CONNECTION_TIMEOUT_MILLIS = 5_000;

  private final String pairName;
  private final String namespace;
  private final String kubeconfig;

  private KubernetesSettings(String pairName, String namespace, String kubeconfig) {
    this.pairName = pairName;
    this.namespace = namespace;
    this.kubeconfig = kubeconfig;
  }

  /**
   * Resolves the settings from command-line values and the environment.
   *
   * @param nameArg the pair name given on the command line, or null
   * @param namespaceArg the namespace given on the command line, or null
   * @param env the process environment
   * @return the settings, or empty when no pair name is given (no publishing)
   * @throws IllegalArgumentException when a name or namespace is not a valid Kubernetes name; the
   *     message names where the value came from
   */
  public static Optional<KubernetesSettings> resolve(
      String nameArg, String namespaceArg, Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    String name = firstText(nameArg, env.get(ENV_PAIR_NAME));
    if (name == null) {
      return Optional.empty();
    }
    check(
        name, NAME, textOrNull(nameArg) != null ? "pair name (command line)" : ENV_PAIR_NAME, 253);
    String namespace =
        firstText(namespaceArg, env.get(ENV_PAIR_NAMESPACE), env.get(ENV_POD_NAMESPACE));
    if (namespace != null) {
      String from =
          textOrNull(namespaceArg) != null
              ? "pair namespace (command line)"
              : textOrNull(env.get(ENV_PAIR_NAMESPACE)) != null
                  ? ENV_PAIR_NAMESPACE
                  : ENV_POD_NAMESPACE;
      check(namespace, NAMESPACE, from, 63);
    }
    return Optional.of(
        new KubernetesSettings(name, namespace, textOrNull(env.get(ENV_KUBECONFIG))));
  }

  /** The pair's name. */
  public String pairName() {
    return pairName;
  }

  /** The pair's namespace, if given. */
  public Optional<String> namespace() {
    return Optional.ofNullable(namespace);
  }

  /** The kubeconfig path list, if given. */
  public Optional<String> kubeconfig() {
    return Optional.ofNullable(kubeconfig);
  }

  /**
   * The namespace to use with a client: the one given, else the client's own, else {@code default}.
   */
  public String namespaceFor(KubernetesClient client) {
    if (namespace != null) {
      return namespace;
    }
    String own = client.getNamespace();
    return own == null || own.isBlank() ? DEFAULT_NAMESPACE : own;
  }

  /**
   * Builds a client: from the kubeconfig given, else fabric8's automatic configuration (the
   * in-cluster service account, or {@code ~/.kube/config}). The client does not retry requests
   * itself; the {@link StatusPublisher} retries with its own backoff.
   */
  public KubernetesClient createClient() {
    Config base = kubeconfigFile().map(f -> Config.fromKubeconfig(null, f)).orElse(null);
    if (base == null) {
      base = Config.autoConfigure(null);
    }
    Config config =
        new ConfigBuilder(base)
            .withRequestRetryBackoffLimit(0)
            .withRequestTimeout(REQUEST_TIMEOUT_MILLIS)
            .withConnectionTimeout(CONNECTION_TIMEOUT_MILLIS)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * Creates a client and starts a {@link StatusPublisher} with it; closing the publisher closes the
   * client.
   *
   * @param role primary or secondary
   * @param source the node's current status
   * @param clock stamps {@code updated}
   * @param minInterval shortest time between two writes not asked for by a state change
   */
  public StatusPublisher openPublisher(
      Role role, Supplier<NodeStatus> source, Clock clock, Duration minInterval) {
    KubernetesClient client = createClient();
    try {
      return new StatusPublisher(
          client,
          true,
          namespaceFor(client),
          pairName,
          role,
          source,
          clock,
          minInterval,
          StatusPublisher.DEFAULT_HEARTBEAT,
          StatusPublisher.DEFAULT_INITIAL_BACKOFF,
          StatusPublisher.DEFAULT_MAX_BACKOFF);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  @Override
  public String toString() {
    return "KubernetesSettings{pair="
        + (namespace == null ? "" : namespace + "/")
        + pairName
        + (kubeconfig == null ? "" : ", kubeconfig=" + kubeconfig)
        + "}";
  }

  private Optional<File> kubeconfigFile() {
    if (kubeconfig == null) {
      return Optional.empty();
    }
    return Arrays.stream(kubeconfig.split(Pattern.quote(File.pathSeparator)))
        .map(String::trim)
        .filter(p -> !p.isEmpty())
        .map(Path::of)
        .filter(Files::isRegularFile)
        .map(Path::toFile)
        .findFirst();
  }

  private static void check(String value, Pattern pattern, String from, int maxLength) {
    if (value.length() > maxLength || !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(
          from
              + ": '"
              + value
              + "' is not a valid Kubernetes name (lower case letters, digits and '-', at most "
              + maxLength
              + " characters)");
    }
  }

  private static String firstText(String... values) {
    for (String value : values) {
      String text = textOrNull(value);
      if (text != null) {
        return text;
      }
    }
    return null;
  }

  private static String textOrNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
