package dev.flightplan.testing;

import dev.flightplan.plan.HttpProbeMetric;
import dev.flightplan.plan.Metadata;
import dev.flightplan.plan.MetricDefinition;
import dev.flightplan.plan.MigrationPlan;
import dev.flightplan.plan.MigrationSpec;
import dev.flightplan.plan.Notify;
import dev.flightplan.plan.OnTimeout;
import dev.flightplan.plan.Phase;
import dev.flightplan.plan.PlanDuration;
import dev.flightplan.plan.PrometheusMetric;
import dev.flightplan.plan.RouterSpec;
import dev.flightplan.plan.StableSide;
import dev.flightplan.plan.Step;
import dev.flightplan.plan.Target;
import dev.flightplan.plan.Threshold;
import dev.flightplan.plan.Trigger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plans and cluster objects for workflow tests, built as records so tests do not depend on the YAML loader. */
public final class TestPlans {
  private TestPlans() {}

  public static MigrationPlan plan(String name, List<String> approvers, Phase... phases) {
    Map<String, MetricDefinition> metrics = new LinkedHashMap<>();
    metrics.put("error_rate", new MetricDefinition(new PrometheusMetric("sum(rate(errors[1m]))"), null, null, null, null, null));
    metrics.put("health", new MetricDefinition(null, new HttpProbeMetric("http://web-green/health", 200, null, null), null, null, null, null));
    List<Trigger> triggers = List.of(new Trigger("error_rate", Threshold.absolute(0.05), null, null));
    return new MigrationPlan(
        "flightplan/v1",
        "Migration",
        new Metadata(name, null),
        new MigrationSpec(
            new Target("default", null),
            Map.of(),
            metrics,
            triggers,
            approvers,
            new Notify(new Notify.SlackNotify("#migrations"), null),
            List.of(phases)));
  }

  /**
   * A plan whose new version runs beside the old one before the switch: config, green deploy, {@code parallelRun},
   * selector switch. Throughput and latency are measured on both sides; error_rate has a rollback trigger.
   */
  public static MigrationPlan parallelRunPlan(String name, Step.ParallelRun parallelRun) {
    Map<String, MetricDefinition> metrics = new LinkedHashMap<>();
    metrics.put("error_rate", new MetricDefinition(new PrometheusMetric("sum(rate(errors[1m]))"), null, null, null, null, null));
    metrics.put("throughput", bothSides("sum(rate(requests{version=\"green\"}[1m]))", "sum(rate(requests{version=\"blue\"}[1m]))"));
    metrics.put("latency_p95", bothSides("p95{version=\"green\"}", "p95{version=\"blue\"}"));
    return new MigrationPlan(
        "flightplan/v1",
        "Migration",
        new Metadata(name, null),
        new MigrationSpec(
            new Target("default", null),
            Map.of(),
            metrics,
            List.of(new Trigger("error_rate", Threshold.absolute(0.05), null, null)),
            List.of("alice"),
            new Notify(new Notify.SlackNotify("#migrations"), null),
            List.of(
                phase("prepare", new Step.Apply(List.of(configMap("web-config", "optimized")))),
                phase(
                    "side-by-side",
                    new Step.Deploy(List.of(deployment("web-green", "web:2.0", 2)), PlanDuration.parse("5m")),
                    parallelRun),
                phase("cutover", new Step.Switch("web", Map.of("app", "web", "version", "green"))))));
  }

  private static MetricDefinition bothSides(String canaryQuery, String stableQuery) {
    return new MetricDefinition(
        new PrometheusMetric(canaryQuery),
        null,
        null,
        null,
        null,
        null,
        new StableSide(new PrometheusMetric(stableQuery), null, null));
  }

  public static Phase phase(String name, Step... steps) {
    return new Phase(name, List.of(steps));
  }

  /** Preflight, config apply, green deploy, canary 10→50→100, selector switch, approval, decommission. */
  public static MigrationPlan blueGreenWithCanary(String name) {
    return plan(
        name,
        List.of("alice", "bob", "group:sre"),
        phase("preparation", new Step.Preflight(), new Step.Apply(List.of(configMap("web-config", "optimized")))),
        phase(
            "rollout",
            new Step.Deploy(List.of(deployment("web-green", "web:2.0", 2)), PlanDuration.parse("5m")),
            canary(10, 50, 100),
            new Step.Switch("web", Map.of("app", "web", "version", "green"))),
        phase(
            "cleanup",
            new Step.Approval("Delete blue?", 1, PlanDuration.parse("72h"), OnTimeout.ROLLBACK, null),
            new Step.Decommission("web-blue", null)));
  }

  public static Step.Canary canary(Integer... weights) {
    return new Step.Canary(
        "web-blue",
        "web-green",
        new RouterSpec(null, new RouterSpec.ReplicasRouter(4)),
        List.of(weights),
        new Step.ObserveSettings(PlanDuration.parse("24h"), PlanDuration.parse("1m")));
  }

  /** The objects that exist before a migration starts. */
  public static void seedCluster(FakeCluster cluster) {
    cluster.put(configMap("web-config", "baseline"));
    cluster.put(deployment("web-blue", "web:1.0", 4));
    cluster.put(service("web", Map.of("app", "web", "version", "blue")));
  }

  public static Map<String, Object> configMap(String name, String mode) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", "v1");
    object.put("kind", "ConfigMap");
    object.put("metadata", new LinkedHashMap<>(Map.of("name", name)));
    object.put("data", new LinkedHashMap<>(Map.of("mode", mode)));
    return object;
  }

  public static Map<String, Object> deployment(String name, String image, int replicas) {
    Map<String, Object> container = new LinkedHashMap<>(Map.of("name", "app", "image", image));
    Map<String, Object> podSpec = new LinkedHashMap<>(Map.of("containers", new ArrayList<>(List.of(container))));
    Map<String, Object> template = new LinkedHashMap<>(Map.of("spec", podSpec));
    Map<String, Object> spec = new LinkedHashMap<>(Map.of("replicas", replicas, "template", template));
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", "apps/v1");
    object.put("kind", "Deployment");
    object.put("metadata", new LinkedHashMap<>(Map.of("name", name)));
    object.put("spec", spec);
    return object;
  }

  public static Map<String, Object> service(String name, Map<String, String> selector) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", "v1");
    object.put("kind", "Service");
    object.put("metadata", new LinkedHashMap<>(Map.of("name", name)));
    object.put("spec", new LinkedHashMap<>(Map.of("selector", new LinkedHashMap<>(selector))));
    return object;
  }
}
