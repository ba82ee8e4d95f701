package dev.flightplan.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanLoaderTest {

  private static final Map<String, String> DESIGN_FILES =
      Map.of(
          "k8s/pg-dump-job.yaml",
          """
          apiVersion: batch/v1
          kind: Job
          metadata: { name: pg-dump }
          spec:
            template:
              spec:
                restartPolicy: Never
                containers: [ { name: dump, image: 'postgres:16', args: [pg_dump, portfolio] } ]
          """,
          "k8s/configmap-optimized.yaml",
          """
          apiVersion: v1
          kind: ConfigMap
          metadata: { name: portfolio-service-config }
          data: { LOG_LEVEL: WARNING, ENABLE_METRICS: 'false' }
          """,
          "k8s/green-deployment.yaml",
          """
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: ${service}-green
            namespace: ${namespace}
          spec:
            replicas: 2
          """);

  private static String resource(String name) throws IOException {
    try (InputStream in = PlanLoaderTest.class.getResourceAsStream("/plans/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static MigrationPlan designExample() throws IOException {
    LoadResult result = new PlanLoader(TestPlans.resolver(DESIGN_FILES)).load(resource("design-example.yaml"));
    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings()).isEmpty();
    assertThat(result.ok()).isTrue();
    return result.plan();
  }

  @Test
  void loadsTheDesignExampleHeaderTargetAndVars() throws IOException {
    MigrationPlan plan = designExample();

    assertThat(plan.apiVersion()).isEqualTo("flightplan/v1");
    assertThat(plan.kind()).isEqualTo("Migration");
    assertThat(plan.name()).isEqualTo("portfolio-streamlining");
    assertThat(plan.spec().target()).isEqualTo(new Target("globeco", null));
    assertThat(plan.spec().vars()).containsExactly(Map.entry("service", "globeco-portfolio-service"));
    assertThat(plan.spec().approvers()).containsExactly("alice", "group:sre");
    assertThat(plan.spec().notifications()).isEqualTo(new Notify(new Notify.SlackNotify("#migrations"), null));
  }

  @Test
  void loadsMetricsWithVariablesSubstituted() throws IOException {
    MigrationSpec spec = designExample().spec();

    assertThat(spec.metrics()).containsOnlyKeys("error_rate", "latency_p95", "health");
    assertThat(spec.metrics().get("error_rate").prometheus().query())
        .isEqualTo(
            "sum(rate(http_requests_total{service=\"globeco-portfolio-service\",code=~\"5..\"}[1m]))"
                + " / sum(rate(http_requests_total{service=\"globeco-portfolio-service\"}[1m]))");
    assertThat(spec.metrics().get("health"))
        .isEqualTo(
            new MetricDefinition(
                null,
                new HttpProbeMetric("http://globeco-portfolio-service-green.globeco/health", 200, null, null),
                null,
                null,
                null,
                null));
  }

  @Test
  void loadsRollbackTriggersWithTheirThresholds() throws IOException {
    assertThat(designExample().spec().rollbackWhen())
        .containsExactly(
            new Trigger("error_rate", Threshold.absolute(0.05), null, null),
            new Trigger(
                "latency_p95", new Threshold(2, Threshold.Form.FACTOR, Threshold.Reference.BASELINE), null, null),
            new Trigger("health", null, null, 3));
  }

  @Test
  void loadsEveryPhaseAndStepInOrder() throws IOException {
    List<Phase> phases = designExample().spec().phases();

    assertThat(phases).extracting(Phase::name).containsExactly("preparation", "config", "cutover");
    assertThat(phases.get(0).steps())
        .extracting(Step::kindOf)
        .containsExactly("preflight", "job", "baseline");
    assertThat(phases.get(1).steps()).extracting(Step::kindOf).containsExactly("apply", "canary");
    assertThat(phases.get(2).steps())
        .extracting(Step::kindOf)
        .containsExactly("deploy", "analysis", "switch", "observe", "approval", "decommission");
  }

  @Test
  void loadsStepSettings() throws IOException {
    List<Phase> phases = designExample().spec().phases();

    assertThat(phases.get(0).steps().get(2))
        .isEqualTo(new Step.Baseline(PlanDuration.ofMinutes(10), List.of("latency_p95", "error_rate"), null));
    assertThat(phases.get(1).steps().get(1))
        .isEqualTo(
            new Step.Canary(
                "globeco-portfolio-service",
                "globeco-portfolio-service-optimized",
                new RouterSpec(null, new RouterSpec.ReplicasRouter(null)),
                List.of(10, 25, 50, 100),
                new Step.ObserveSettings(PlanDuration.parse("24h"), PlanDuration.ofMinutes(1))));
    List<Step> cutover = phases.get(2).steps();
    assertThat(cutover.get(1))
        .isEqualTo(new Step.Analysis(List.of("health"), 5, PlanDuration.ofSeconds(30), null));
    assertThat(cutover.get(2))
        .isEqualTo(new Step.Switch("globeco-portfolio-service", Map.of("version", "green")));
    assertThat(cutover.get(3)).isEqualTo(new Step.Observe(PlanDuration.parse("1h"), null, null));
    assertThat(cutover.get(4))
        .isEqualTo(new Step.Approval("Delete blue?", 2, PlanDuration.parse("72h"), OnTimeout.ROLLBACK, null));
    assertThat(cutover.get(5)).isEqualTo(new Step.Decommission("globeco-portfolio-service-blue", null));
    assertThat(Step.isIrreversible(cutover.get(5))).isTrue();
  }

  @Test
  void embedsReferencedManifestsWithVariablesSubstituted() throws IOException {
    List<Phase> phases = designExample().spec().phases();

    Step.Apply apply = (Step.Apply) phases.get(1).steps().get(0);
    assertThat(apply.manifests())
        .containsExactly(
            Map.of(
                "apiVersion", "v1",
                "kind", "ConfigMap",
                "metadata", Map.of("name", "portfolio-service-config"),
                "data", Map.of("LOG_LEVEL", "WARNING", "ENABLE_METRICS", "false")));
    Step.Deploy deploy = (Step.Deploy) phases.get(2).steps().get(0);
    assertThat(deploy.ready()).isEqualTo(PlanDuration.ofMinutes(10));
    assertThat(deploy.manifests().get(0))
        .containsEntry(
            "metadata", Map.of("name", "globeco-portfolio-service-green", "namespace", "globeco"));
  }

  @Test
  void embedsAJobTemplateGivenAsAPath() throws IOException {
    Step.Job job = (Step.Job) designExample().spec().phases().get(0).steps().get(1);

    assertThat(job.name()).isEqualTo("backup");
    assertThat(job.timeout()).isEqualTo(PlanDuration.ofMinutes(30));
    assertThat(job.template()).containsEntry("kind", "Job").containsEntry("metadata", Map.of("name", "pg-dump"));
    assertThat(job.undo()).isNull();
  }

  @Test
  void loadsTheTestFixtureWithoutProblems() {
    LoadResult result = TestPlans.load(TestPlans.VALID);

    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings()).isEmpty();
    assertThat(result.plan().name()).isEqualTo("checkout");
  }

  @Test
  void splitsAFileOfSeveralDocumentsIntoOneManifestEach() {
    Map<String, String> files = TestPlans.files();
    files.put(
        "k8s/canary.yaml",
        TestPlans.CANARY_DEPLOYMENT
            + """
            ---
            apiVersion: v1
            kind: Service
            metadata: { name: checkout-v2 }
            ---
            """);

    LoadResult result = TestPlans.load(TestPlans.VALID, files);

    assertThat(result.errors()).isEmpty();
    Step.Deploy deploy = (Step.Deploy) result.plan().spec().phases().get(1).steps().get(0);
    assertThat(deploy.manifests()).extracting(m -> m.get("kind")).containsExactly("Deployment", "Service");
  }

  @Test
  void readsAStepWithoutBodyAsEmpty() {
    LoadResult result = TestPlans.load(TestPlans.replacing("- preflight: {}", "- preflight:"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.plan().spec().phases().get(0).steps().get(0)).isEqualTo(new Step.Preflight());
  }

  @Test
  void substitutesBuiltInsAndKeepsEscapedReferencesLiteral() {
    LoadResult result =
        TestPlans.load(
            TestPlans.replacing(
                    "vars: { app: checkout }",
                    "vars: { app: checkout, full: '${app}.${namespace}', note: 'from ${name}: $${HOME}' }")
                .replace("'http://${app}.shop/health'", "'http://${full}/health?tag=${note}'"));

    assertThat(result.errors()).isEmpty();
    MigrationSpec spec = result.plan().spec();
    assertThat(spec.vars()).containsEntry("full", "checkout.shop").containsEntry("note", "from checkout: ${HOME}");
    assertThat(spec.metrics().get("health").http().url())
        .isEqualTo("http://checkout.shop/health?tag=from checkout: ${HOME}");
  }

  @Test
  void leavesStringsWithoutReferencesAlone() {
    LoadResult result =
        TestPlans.load(TestPlans.replacing("query: 'p95{app=\"${app}\"}'", "query: 'cost in $ {currency}'"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.plan().spec().metrics().get("latency_p95").prometheus().query())
        .isEqualTo("cost in $ {currency}");
  }
}
