package io.dhcpfailover.operator.config;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Start-up settings of the operator, from command-line arguments first, then environment.
 *
 * @param namespaces namespaces to watch; empty means all namespaces ({@code --namespace a,b} or
 *     {@code WATCH_NAMESPACE})
 * @param httpPort port of /healthz, /readyz and /metrics ({@code --http-port}, {@code HTTP_PORT},
 *     default 8080)
 * @param leaseName leader-election Lease name ({@code LEASE_NAME}, default dhcp-failover-operator)
 * @param leaseNamespace namespace of the Lease ({@code --lease-namespace}, {@code POD_NAMESPACE});
 *     null lets the client pick its own namespace
 * @param version operator version, which selects the default node image
 */
public record OperatorConfig(
    Set<String> namespaces, int httpPort, String leaseName, String leaseNamespace, String version) {

  /** Parses arguments and environment; unknown arguments are an error. */
  public static OperatorConfig from(String[] args, Map<String, String> env, String version) {
    String namespaces = env.getOrDefault("WATCH_NAMESPACE", "");
    String port = env.getOrDefault("HTTP_PORT", "8080");
    String leaseNamespace = env.get("POD_NAMESPACE");
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + arg);
      }
      switch (arg) {
        case "--namespace" -> namespaces = args[++i];
        case "--http-port" -> port = args[++i];
        case "--lease-namespace" -> leaseNamespace = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + arg);
      }
    }
    Set<String> watched = new LinkedHashSet<>();
    for (String ns : namespaces.split(",")) {
      if (!ns.isBlank()) {
        watched.add(ns.trim());
      }
    }
    return new OperatorConfig(
        watched,
        Integer.parseInt(port),
        env.getOrDefault("LEASE_NAME", "dhcp-failover-operator"),
        leaseNamespace,
        version);
  }
}
