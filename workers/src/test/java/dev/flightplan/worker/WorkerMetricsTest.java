package dev.flightplan.worker;

import static dev.flightplan.testing.TestPlans.blueGreenWithCanary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.flightplan.analysis.Verdict;
import dev.flightplan.migration.Decision;
import dev.flightplan.migration.MigrationInput;
import dev.flightplan.migration.MigrationMetrics;
import dev.flightplan.migration.MigrationResult;
import dev.flightplan.migration.MigrationState;
import dev.flightplan.migration.MigrationWorkflow;
import dev.flightplan.testing.CallLog;
import dev.flightplan.testing.FakeCluster;
import dev.flightplan.testing.FakeMetrics;
import dev.flightplan.testing.FakeNotify;
import dev.flightplan.testing.FakeTraffic;
import dev.flightplan.testing.MigrationHarness;
import dev.flightplan.testing.TestPlans;
import io.micrometer.core.instrument.Tag;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs real migrations in a test environment reporting into the worker's registry, then reads
 * {@code /metrics} as Prometheus would.
 */
class WorkerMetricsTest {

  private final CallLog calls = new CallLog();
  private final FakeCluster cluster = new FakeCluster(calls);
  private final FakeMetrics metricsSource = new FakeMetrics(calls);
  private WorkerMetrics metrics;
  private TestWorkflowEnvironment env;
  private WorkerEndpoints endpoints;
  private volatile boolean breach;

  @BeforeEach
  void startWorkerWithMetrics() {
    metrics = new WorkerMetrics(Duration.ofMillis(50));
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setMetricsScope(metrics.scope())
                .setWorkerFactoryOptions(FlightplanWorker.factoryOptions())
                .build());
    MigrationHarness.registerSearchAttributes(env);
    Worker worker = env.newWorker(MigrationWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(
        FlightplanWorker.WORKFLOW_TYPES.toArray(Class<?>[]::new));
    worker.registerActivitiesImplementations(
        cluster, new FakeTraffic(calls), metricsSource, new FakeNotify());
    TestPlans.seedCluster(cluster);
    env.start();
    endpoints = WorkerEndpoints.start("127.0.0.1", 0, metrics::scrape, () -> true);
  }

  @AfterEach
  void stop() {
    endpoints.close();
    env.close();
    metrics.close();
  }

  @Test
  void metricsEndpointShowsFlightplanMetricsAfterMigrationsRan() {
    runACompletedAndABreachedMigration();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(scrapeOverHttp())
                    .contains("flightplan_migration_transitions_total{")
                    .containsPattern(
                        "flightplan_migration_transitions_total\\{[^}]*state=\"COMPLETED\"")
                    .containsPattern(
                        "flightplan_migration_transitions_total\\{[^}]*state=\"WAITING_APPROVAL\"")
                    .containsPattern("flightplan_rollbacks_total\\{[^}]*reason=\"breach\"")
                    .containsPattern(
                        "flightplan_traffic_weight\\{[^}]*migration=\"web-metrics\"[^}]*} 100")
                    .containsPattern(
                        "flightplan_traffic_weight\\{[^}]*migration=\"web-breach\"[^}]*} 0")
                    .containsPattern(
                        "flightplan_step_duration_seconds_bucket\\{[^}]*step=\"canary\"")
                    .containsPattern(
                        "flightplan_approval_wait_seconds_count\\{[^}]*outcome=\"approved\"")
                    .containsPattern(
                        "flightplan_analysis_verdicts_total\\{[^}]*outcome=\"pass\"")
                    .containsPattern(
                        "flightplan_analysis_verdicts_total\\{[^}]*outcome=\"fail\"")
                    .contains("temporal_workflow_completed_total")
                    .contains("jvm_memory_used_bytes"));
  }

  @Test
  void weightSeriesStopAtTheirBoundInsteadOfGrowingForever() {
    var registry = metrics.registry();
    for (int i = 0; i < WorkerMetrics.MAX_MIGRATION_SERIES + 20; i++) {
      registry.gauge(
          MigrationMetrics.TRAFFIC_WEIGHT,
          List.of(Tag.of("migration", "m-" + i)),
          new AtomicInteger(10));
    }

    assertThat(registry.find(MigrationMetrics.TRAFFIC_WEIGHT).gauges())
        .hasSize(WorkerMetrics.MAX_MIGRATION_SERIES);
  }

  /** One migration that completes after an approval, one whose canary breaches and rolls back. */
  private void runACompletedAndABreachedMigration() {
    metricsSource.verdicts(
        request ->
            breach && request.label().equals("canary at 50%")
                ? Verdict.fail("error_rate above 0.05", 0.12, "0.05", 4)
                : Verdict.pass(5));

    MigrationWorkflow completed = start("web-metrics");
    awaitState(completed, MigrationState.WAITING_APPROVAL);
    completed.approve(new Decision("alice", "fine"));
    assertThat(result(completed).state()).isEqualTo(MigrationState.COMPLETED);

    breach = true;
    TestPlans.seedCluster(cluster); // the first migration decommissioned web-blue
    MigrationWorkflow breached = start("web-breach");
    assertThat(result(breached).state()).isEqualTo(MigrationState.ROLLED_BACK);
  }

  @Test
  void theDashboardAndTheAlertsReadOnlyMetricsTheWorkerExports() throws Exception {
    runACompletedAndABreachedMigration();
    String scrape =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(this::scrapeOverHttp, text -> text.contains("flightplan_rollbacks_total"));
    Set<String> exported = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        exported.add(line.split("[{ ]", 2)[0]);
      }
    }
    // failure counters appear only once something failed; the SDK names them all
    Set<String> sdkCounters = new TreeSet<>();
    for (Class<?> names :
        List.of(io.temporal.worker.MetricsType.class, io.temporal.serviceclient.MetricsType.class)) {
      for (Field field : names.getFields()) {
        if (field.getType() == String.class) {
          sdkCounters.add(field.get(null) + "_total");
        }
      }
    }
    Set<String> referenced = new TreeSet<>();
    collectMetricNames(
        new ObjectMapper().readTree(Path.of("../deploy/grafana/flightplan-dashboard.json").toFile()), referenced);
    collectMetricNames(
        new YAMLMapper().readTree(Path.of("../deploy/prometheus/flightplan-alerts.yml").toFile()), referenced);

    assertThat(referenced).contains("flightplan_rollbacks_total", "temporal_workflow_task_execution_failed_total");
    assertThat(referenced)
        .allSatisfy(
            name ->
                assertThat(exported.contains(name) || sdkCounters.contains(name))
                    .as("%s is read by the dashboard or an alert but the worker does not export it", name)
                    .isTrue());
  }

  private static final Pattern METRIC = Pattern.compile("\\b((?:flightplan|temporal|jvm)_[a-z0-9_]+)");

  /** The metric names in every {@code expr} of a Grafana dashboard or a Prometheus rules file. */
  private static void collectMetricNames(JsonNode node, Set<String> names) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              field -> {
                if (field.getKey().equals("expr") && field.getValue().isTextual()) {
                  Matcher matcher = METRIC.matcher(field.getValue().asText());
                  while (matcher.find()) {
                    names.add(matcher.group(1));
                  }
                } else {
                  collectMetricNames(field.getValue(), names);
                }
              });
    } else if (node.isArray()) {
      node.forEach(element -> collectMetricNames(element, names));
    }
  }

  private MigrationWorkflow start(String name) {
    MigrationWorkflow workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                MigrationWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(name)
                    .setTaskQueue(MigrationWorkflow.TASK_QUEUE)
                    .build());
    WorkflowClient.start(workflow::run, new MigrationInput(blueGreenWithCanary(name), "tester"));
    return workflow;
  }

  private static void awaitState(MigrationWorkflow workflow, MigrationState state) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> workflow.status().state() == state);
  }

  private static MigrationResult result(MigrationWorkflow workflow) {
    return WorkflowStub.fromTyped(workflow).getResult(MigrationResult.class);
  }

  private String scrapeOverHttp() throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + endpoints.address().getPort() + "/metrics");
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
