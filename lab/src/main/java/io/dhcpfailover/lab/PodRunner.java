package io.dhcpfailover.lab;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fake StatefulSet controller and kubelet for the mock API server: for every StatefulSet in one
 * namespace it keeps pod {@code <name>-0} in the mock and runs that pod's container as a real local
 * process in the network namespace of the "cluster node" the pod is pinned to.
 *
 * <p>What it does, as the real components would:
 *
 * <ul>
 *   <li>The container runs as {@code command prefix + args}: the image is not pulled, its entry
 *       point is the given command. Each volume mount becomes a directory: a ConfigMap volume gets
 *       the ConfigMap's keys as files (rewritten when the ConfigMap changes), a Secret volume the
 *       Secret's keys, or the projected items, as files (rewritten when the Secret changes; the pod
 *       waits in ContainerCreating while the Secret does not exist), an emptyDir is fresh
 *       per pod, a volume claim template is a directory kept per StatefulSet like a persistent
 *       volume. Arguments that start with a mount path are rewritten to that directory.
 *   <li>Environment: plain values, the downward API fields the node uses, and {@code KUBECONFIG}.
 *   <li>The readiness probe (HTTP GET) is run every second; pod conditions, container status and
 *       the StatefulSet's {@code status} (replicas, readyReplicas, revisions, observedGeneration)
 *       are written back.
 *   <li>A container that exits is restarted (restartPolicy Always), counting restarts.
 *   <li>Deleting a pod sends SIGTERM, then SIGKILL after its termination grace period; the pod is
 *       then created again from the StatefulSet's current template (so {@code OnDelete} updates
 *       work). Deleting the StatefulSet stops and deletes its pod.
 * </ul>
 *
 * <p>All bookkeeping runs on one thread; stopping a process runs on its own thread so that a grace
 * period does not hold up the other pod.
 */
public final class PodRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PodRunner.class);
  private static final String HOSTNAME_LABEL = "kubernetes.io/hostname";

  /** A cluster node: the lab host (network namespace) pods pinned to it run in, and its address. */
  public record Node(String host, String address) {}

  private final KubernetesClient client;
  private final NamespaceLab lab;
  private final String namespace;
  private final Map<String, Node> nodes;
  private final List<String> entryPoint;
  private final Path kubeconfig;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "pod-runner"));
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final Map<String, RunningPod> pods = new ConcurrentHashMap<>();
  private final Map<String, String> lastReported = new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private volatile boolean closed;

  /** One pod and its container process. */
  private static final class RunningPod {
    final String name;
    final String statefulSet;
    final String revision;
    final Pod pod;
    final Node node;
    final Map<String, Path> configMapDirs = new LinkedHashMap<>();
    final Map<String, Volume> secretVolumes = new LinkedHashMap<>();
    final Map<String, Path> secretDirs = new LinkedHashMap<>();
    List<String> command;
    Map<String, String> env;
    Process process;
    int starts;
    int restarts;
    boolean ready;
    boolean stopping;
    Instant restartAt;

    RunningPod(String name, String statefulSet, String revision, Pod pod, Node node) {
      this.name = name;
      this.statefulSet = statefulSet;
      this.revision = revision;
      this.pod = pod;
      this.node = node;
    }

    /** One log per pod incarnation and container start. */
    String logName() {
      String uid = pod.getMetadata().getUid();
      return name + "-" + uid.substring(Math.max(0, uid.length() - 6)) + "-" + starts;
    }
  }

  /**
   * @param nodes cluster nodes by their {@code kubernetes.io/hostname}; pods run on the node their
   *     node selector names
   * @param entryPoint the command that stands for the image's entry point
   * @param kubeconfig the kubeconfig given to the containers
   */
  public PodRunner(
      KubernetesClient client,
      NamespaceLab lab,
      String namespace,
      Map<String, Node> nodes,
      List<String> entryPoint,
      Path kubeconfig) {
    this.client = client;
    this.lab = lab;
    this.namespace = namespace;
    this.nodes = Map.copyOf(nodes);
    this.entryPoint = List.copyOf(entryPoint);
    this.kubeconfig = kubeconfig;
  }

  /** Starts watching StatefulSets, pods and ConfigMaps, and probing readiness every second. */
  public PodRunner start() {
    informers.add(
        client
            .apps()
            .statefulSets()
            .inNamespace(namespace)
            .inform(
                handler(
                    sts -> submit(() -> syncStatefulSet(sts.getMetadata().getName())),
                    sts -> submit(() -> statefulSetDeleted(sts.getMetadata().getName()))),
                0));
    informers.add(
        client
            .pods()
            .inNamespace(namespace)
            .inform(
                handler(pod -> {}, pod -> submit(() -> podDeleted(pod.getMetadata().getName()))),
                0));
    informers.add(
        client
            .configMaps()
            .inNamespace(namespace)
            .inform(handler(cm -> submit(() -> configMapChanged(cm)), cm -> {}), 0));
    informers.add(
        client
            .secrets()
            .inNamespace(namespace)
            .inform(handler(secret -> submit(() -> secretChanged(secret)), secret -> {}), 0));
    loop.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    return this;
  }

  /** The output so far of the container of {@code pod}'s latest start. */
  public String log(String pod) {
    RunningPod p = pods.get(pod);
    return p == null ? "(no pod " + pod + ")" : lab.output(p.logName());
  }

  /** Names of the pods running now, for diagnostics. */
  public List<String> running() {
    return pods.values().stream()
        .filter(p -> p.process != null && p.process.isAlive())
        .map(p -> p.name)
        .sorted()
        .toList();
  }

  private static <T> ResourceEventHandler<T> handler(
      java.util.function.Consumer<T> upsert, java.util.function.Consumer<T> delete) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        upsert.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        upsert.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        delete.accept(obj);
      }
    };
  }

  private void submit(Runnable task) {
    if (closed) {
      return;
    }
    loop.execute(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            LOG.warn("POD_RUNNER_ERROR {}", e.toString(), e);
          }
        });
  }

  /** Creates the pod of a StatefulSet when it has none, and reports the StatefulSet's status. */
  private void syncStatefulSet(String name) {
    StatefulSet sts = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
    if (sts == null || closed) {
      return;
    }
    String podName = name + "-0";
    if (!pods.containsKey(podName)) {
      startPod(sts, podName);
    }
    reportStatefulSet(sts);
  }

  private void startPod(StatefulSet sts, String podName) {
    PodSpec spec = Serialization.clone(sts.getSpec().getTemplate().getSpec());
    String hostname =
        spec.getNodeSelector() == null ? null : spec.getNodeSelector().get(HOSTNAME_LABEL);
    Node node = nodes.get(hostname);
    if (node == null) {
      LOG.warn("POD_UNSCHEDULABLE {}: no node {}", podName, hostname);
      return;
    }
    spec.setNodeName(hostname);
    String revision = revision(sts);
    Map<String, String> labels = new LinkedHashMap<>();
    if (sts.getSpec().getTemplate().getMetadata().getLabels() != null) {
      labels.putAll(sts.getSpec().getTemplate().getMetadata().getLabels());
    }
    labels.put("statefulset.kubernetes.io/pod-name", podName);
    labels.put("controller-revision-hash", revision);
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(podName)
            .withNamespace(namespace)
            .withLabels(labels)
            .withAnnotations(sts.getSpec().getTemplate().getMetadata().getAnnotations())
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion("apps/v1")
                    .withKind("StatefulSet")
                    .withName(sts.getMetadata().getName())
                    .withUid(sts.getMetadata().getUid())
                    .withController(true)
                    .build())
            .endMetadata()
            .withSpec(spec)
            .build();
    Pod created = client.pods().inNamespace(namespace).resource(pod).create();
    RunningPod running =
        new RunningPod(podName, sts.getMetadata().getName(), revision, created, node);
    try {
      prepare(running, sts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    pods.put(podName, running);
    launch(running);
    reportPod(running);
  }

  /** Lays out the volumes and works out command and environment of the pod's container. */
  private void prepare(RunningPod running, StatefulSet sts) throws IOException {
    PodSpec spec = running.pod.getSpec();
    Container container = spec.getContainers().get(0);
    Path podDir = Files.createDirectories(lab.dir().resolve("pods").resolve(running.name));
    Map<String, Path> volumeDirs = new LinkedHashMap<>();
    for (Volume volume : spec.getVolumes()) {
      Path dir = Files.createDirectories(podDir.resolve("volumes").resolve(volume.getName()));
      volumeDirs.put(volume.getName(), dir);
      if (volume.getConfigMap() != null) {
        running.configMapDirs.put(volume.getConfigMap().getName(), dir);
        ConfigMap cm =
            client
                .configMaps()
                .inNamespace(namespace)
                .withName(volume.getConfigMap().getName())
                .get();
        if (cm != null) {
          writeConfigMap(cm, dir);
        }
      }
      if (volume.getSecret() != null) {
        String secretName = volume.getSecret().getSecretName();
        running.secretVolumes.put(secretName, volume);
        running.secretDirs.put(secretName, dir);
        Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
        if (secret == null) {
          throw new IOException(running.name + ": secret " + secretName + " not found (ContainerCreating)");
        }
        writeSecret(secret, volume, dir);
      }
    }
    if (sts.getSpec().getVolumeClaimTemplates() != null) {
      for (var claim : sts.getSpec().getVolumeClaimTemplates()) {
        String claimName = claim.getMetadata().getName();
        volumeDirs.put(
            claimName,
            Files.createDirectories(
                lab.dir().resolve("volumes").resolve(claimName + "-" + running.name)));
      }
    }
    Map<String, Path> mounts = new LinkedHashMap<>();
    for (VolumeMount mount : container.getVolumeMounts()) {
      Path dir = volumeDirs.get(mount.getName());
      if (dir == null) {
        throw new IllegalStateException(running.name + ": no volume " + mount.getName());
      }
      mounts.put(mount.getMountPath(), dir);
    }
    List<String> command = new ArrayList<>(entryPoint);
    for (String arg : container.getArgs()) {
      command.add(mapPath(arg, mounts));
    }
    running.command = command;
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : container.getEnv()) {
      env.put(var.getName(), envValue(var, running));
    }
    env.put("KUBECONFIG", kubeconfig.toString());
    running.env = env;
  }

  private static String mapPath(String arg, Map<String, Path> mounts) {
    for (Map.Entry<String, Path> mount : mounts.entrySet()) {
      String mountPath = mount.getKey();
      if (arg.equals(mountPath)) {
        return mount.getValue().toString();
      }
      if (arg.startsWith(mountPath + "/")) {
        return mount.getValue().resolve(arg.substring(mountPath.length() + 1)).toString();
      }
    }
    return arg;
  }

  private String envValue(EnvVar var, RunningPod running) {
    if (var.getValueFrom() == null) {
      return var.getValue() == null ? "" : var.getValue();
    }
    if (var.getValueFrom().getFieldRef() == null) {
      throw new IllegalStateException("unsupported env source for " + var.getName());
    }
    String field = var.getValueFrom().getFieldRef().getFieldPath();
    return switch (field) {
      case "metadata.namespace" -> namespace;
      case "metadata.name" -> running.name;
      case "spec.nodeName" -> running.pod.getSpec().getNodeName();
      case "status.podIP", "status.hostIP" -> running.node.address();
      default -> throw new IllegalStateException("unsupported field " + field);
    };
  }

  private static void writeConfigMap(ConfigMap cm, Path dir) throws IOException {
    if (cm.getData() == null) {
      return;
    }
    for (Map.Entry<String, String> entry : cm.getData().entrySet()) {
      Path tmp = dir.resolve("." + entry.getKey() + ".tmp");
      Files.writeString(tmp, entry.getValue());
      Files.move(
          tmp, dir.resolve(entry.getKey()), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** The Secret's keys (or the volume's items) as files, each replaced atomically, as the kubelet does. */
  private static void writeSecret(Secret secret, Volume volume, Path dir) throws IOException {
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    Map<String, String> files = new LinkedHashMap<>();
    if (volume.getSecret().getItems() == null || volume.getSecret().getItems().isEmpty()) {
      data.keySet().forEach(k -> files.put(k, k));
    } else {
      volume.getSecret().getItems().forEach(i -> files.put(i.getKey(), i.getPath()));
    }
    for (Map.Entry<String, String> f : files.entrySet()) {
      String value = data.get(f.getKey());
      if (value == null) {
        throw new IOException("secret " + secret.getMetadata().getName() + " has no key " + f.getKey());
      }
      Path tmp = dir.resolve("." + f.getValue() + ".tmp");
      Files.write(tmp, java.util.Base64.getDecoder().decode(value));
      Files.move(tmp, dir.resolve(f.getValue()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private void secretChanged(Secret secret) {
    for (RunningPod running : pods.values()) {
      Volume volume = running.secretVolumes.get(secret.getMetadata().getName());
      if (volume != null) {
        try {
          writeSecret(secret, volume, running.secretDirs.get(secret.getMetadata().getName()));
        } catch (IOException e) {
          LOG.warn("SECRET_WRITE_FAILED {}: {}", running.name, e.toString());
        }
      }
    }
  }

  private void configMapChanged(ConfigMap cm) {
    for (RunningPod running : pods.values()) {
      Path dir = running.configMapDirs.get(cm.getMetadata().getName());
      if (dir != null) {
        try {
          writeConfigMap(cm, dir);
        } catch (IOException e) {
          LOG.warn("CONFIGMAP_WRITE_FAILED {}: {}", running.name, e.toString());
        }
      }
    }
  }

  private void launch(RunningPod running) {
    running.starts++;
    try {
      running.process =
          lab.start(running.node.host(), running.logName(), running.env, running.command);
      // the container's PID, for whoever wants to kill it as a crash would (the lab's demo)
      Files.writeString(
          Files.createDirectories(lab.dir().resolve("pods").resolve(running.name)).resolve("pid"),
          running.process.pid() + "\n");
      LOG.info(
          "CONTAINER_STARTED {} on {} pid {}",
          running.name,
          running.pod.getSpec().getNodeName(),
          running.process.pid());
    } catch (IOException e) {
      LOG.warn("CONTAINER_START_FAILED {}: {}", running.name, e.toString());
      running.restartAt = Instant.now().plusSeconds(2);
    }
  }

  /** Restarts exited containers, probes readiness and reports changes. */
  private void tick() {
    if (closed) {
      return;
    }
    try {
      for (RunningPod running : List.copyOf(pods.values())) {
        if (running.stopping) {
          continue;
        }
        boolean alive = running.process != null && running.process.isAlive();
        if (!alive && running.process != null && running.restartAt == null) {
          LOG.warn(
              "CONTAINER_EXITED {} code {}:\n{}",
              running.name,
              running.process.exitValue(),
              tail(lab.output(running.logName())));
          running.restartAt = Instant.now().plusSeconds(2);
        }
        if (!alive && running.restartAt != null && Instant.now().isAfter(running.restartAt)) {
          running.restartAt = null;
          running.restarts++;
          launch(running);
          alive = running.process != null && running.process.isAlive();
        }
        boolean ready = alive && probe(running);
        if (ready != running.ready) {
          running.ready = ready;
          LOG.info("POD_READY {} {}", running.name, ready);
          reportPod(running);
          StatefulSet sts =
              client.apps().statefulSets().inNamespace(namespace).withName(running.statefulSet).get();
          if (sts != null) {
            reportStatefulSet(sts);
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("POD_RUNNER_ERROR {}", e.toString(), e);
    }
  }

  private boolean probe(RunningPod running) {
    Container container = running.pod.getSpec().getContainers().get(0);
    if (container.getReadinessProbe() == null
        || container.getReadinessProbe().getHttpGet() == null) {
      return true;
    }
    HTTPGetAction get = container.getReadinessProbe().getHttpGet();
    URI uri =
        URI.create(
            "http://" + running.node.address() + ":" + get.getPort().getIntVal() + get.getPath());
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1)).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() >= 200 && response.statusCode() < 400;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void reportPod(RunningPod running) {
    String now = Instant.now().toString();
    String ready = running.ready ? "True" : "False";
    Map<String, Object> containerStatus = new LinkedHashMap<>();
    containerStatus.put("name", running.pod.getSpec().getContainers().get(0).getName());
    containerStatus.put("image", running.pod.getSpec().getContainers().get(0).getImage());
    containerStatus.put("ready", running.ready);
    containerStatus.put("started", running.process != null && running.process.isAlive());
    containerStatus.put("restartCount", running.restarts);
    containerStatus.put("state", Map.of("running", Map.of("startedAt", now)));
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("phase", "Running");
    status.put("hostIP", running.node.address());
    status.put("podIP", running.node.address());
    status.put(
        "conditions",
        List.of(
            Map.of("type", "PodScheduled", "status", "True", "lastTransitionTime", now),
            Map.of("type", "ContainersReady", "status", ready, "lastTransitionTime", now),
            Map.of("type", "Ready", "status", ready, "lastTransitionTime", now)));
    status.put("containerStatuses", List.of(containerStatus));
    client
        .pods()
        .inNamespace(namespace)
        .withName(running.name)
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("status", status)));
  }

  private void reportStatefulSet(StatefulSet sts) {
    RunningPod running = pods.get(sts.getMetadata().getName() + "-0");
    String updateRevision = revision(sts);
    boolean exists = running != null && !running.stopping;
    boolean current = exists && running.revision.equals(updateRevision);
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("observedGeneration", sts.getMetadata().getGeneration());
    status.put("replicas", exists ? 1 : 0);
    status.put("readyReplicas", exists && running.ready ? 1 : 0);
    status.put("availableReplicas", exists && running.ready ? 1 : 0);
    status.put("currentReplicas", exists ? 1 : 0);
    status.put("updatedReplicas", current ? 1 : 0);
    status.put("currentRevision", exists ? running.revision : updateRevision);
    status.put("updateRevision", updateRevision);
    if (Objects.equals(Serialization.asJson(status), lastReported.get(sts.getMetadata().getName()))) {
      return;
    }
    client
        .apps()
        .statefulSets()
        .inNamespace(namespace)
        .withName(sts.getMetadata().getName())
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("status", status)));
    lastReported.put(sts.getMetadata().getName(), Serialization.asJson(status));
  }


  /** The revision of a StatefulSet's pod template: {@code <name>-<hash of the template>}. */
  public static String revision(StatefulSet sts) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  Serialization.asJson(sts.getSpec().getTemplate())
                      .getBytes(StandardCharsets.UTF_8));
      return sts.getMetadata().getName() + "-" + HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void podDeleted(String podName) {
    RunningPod running = pods.get(podName);
    if (running == null || running.stopping) {
      return;
    }
    running.stopping = true;
    Thread stopper =
        new Thread(
            () -> {
              stop(running);
              submit(
                  () -> {
                    pods.remove(podName, running);
                    lastReported.remove(running.statefulSet);
                    syncStatefulSet(running.statefulSet);
                  });
            },
            "stop-" + podName);
    stopper.setDaemon(true);
    stopper.start();
  }

  private void statefulSetDeleted(String name) {
    lastReported.remove(name);
    RunningPod running = pods.get(name + "-0");
    if (running != null) {
      client.pods().inNamespace(namespace).withName(running.name).delete();
    }
  }

  /** SIGTERM, then SIGKILL after the pod's termination grace period. */
  private void stop(RunningPod running) {
    Process process = running.process;
    if (process == null || !process.isAlive()) {
      return;
    }
    Long grace = running.pod.getSpec().getTerminationGracePeriodSeconds();
    Duration period = Duration.ofSeconds(grace == null ? 30 : grace);
    boolean graceful = NamespaceLab.terminate(process, period);
    LOG.info(
        "CONTAINER_STOPPED {} pid {} {}",
        running.name,
        process.pid(),
        graceful ? "after SIGTERM" : "by SIGKILL after " + period);
  }

  private static String tail(String log) {
    String[] lines = log.split("\n");
    return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 30), lines.length));
  }

  /** Stops watching and stops every container (SIGTERM, SIGKILL after {@code grace}). */
  public void stopAll(Duration grace) {
    closed = true;
    informers.forEach(SharedIndexInformer::close);
    loop.shutdownNow();
    try {
      loop.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Thread> stoppers = new ArrayList<>();
    for (RunningPod running : pods.values()) {
      if (running.process != null && running.process.isAlive()) {
        Thread t = new Thread(() -> NamespaceLab.terminate(running.process, grace));
        t.start();
        stoppers.add(t);
      }
    }
    for (Thread t : stoppers) {
      try {
        t.join(grace.toMillis() + 10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    stopAll(Duration.ofSeconds(5));
  }
}
