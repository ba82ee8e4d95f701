package dev.flightplan.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanPrinterTest {
  private static final String EVERY_STEP =
      """
      apiVersion: flightplan/v1
      kind: Migration
      metadata: { name: portfolio-streamlining }
      spec:
        target: { namespace: globeco }
        vars: { service: globeco-portfolio-service }
        metrics:
          error_rate: { prometheus: { query: 'errors{service="${service}"}' } }
          latency_p95: { prometheus: { query: 'p95{service="${service}"}' } }
          health: { http: { url: 'http://${service}-green.globeco/health' } }
        rollbackWhen:
          - { metric: error_rate, above: 0.05 }
          - { metric: latency_p95, above: 2x baseline }
          - { metric: health, failures: 3 }
        approvers: [alice, group:sre]
        notify: { slack: { channel: '#migrations' } }
        phases:
          - name: preparation
            steps:
              - preflight: {}
              - job:
                  name: backup
                  template: { apiVersion: batch/v1, kind: Job, metadata: { name: pg-dump } }
                  undo: { apiVersion: batch/v1, kind: Job, metadata: { name: pg-restore } }
                  timeout: 30m
              - baseline: { window: 10m, metrics: [latency_p95, error_rate], interval: 30s }
          - name: config
            steps:
              - apply: { manifests: [ { apiVersion: v1, kind: ConfigMap, metadata: { name: portfolio-config } } ] }
              - canary:
                  stable: ${service}
                  canary: ${service}-optimized
                  router: { replicas: {} }
                  weights: [10, 25, 50, 100]
                  observe: { each: 24h, interval: 1m }
              - setImage: { deployment: '${service}', container: app, image: 'portfolio:v2.0-middleware', ready: 10m }
          - name: cutover
            steps:
              - deploy: { manifests: [ { apiVersion: apps/v1, kind: Deployment, metadata: { name: '${service}-green' } } ], ready: 10m }
              - scale: { deployment: '${service}-green', replicas: 4 }
              - analysis: { metrics: [health], count: 5, interval: 30s }
              - switch: { service: '${service}', selector: { version: green } }
              - canary:
                  stable: ${service}-blue
                  canary: ${service}-green
                  router: { service: { service: '${service}', stableSelector: { version: blue }, canarySelector: { version: green } } }
                  weights: [100]
              - observe: { duration: 1h, metrics: [error_rate] }
              - approval: { message: 'Delete blue?', minApprovals: 2, timeout: 72h, onTimeout: rollback }
              - job: { name: drop-old-tables, irreversible: true, template: { apiVersion: batch/v1, kind: Job } }
              - decommission: { deployment: '${service}-blue', service: '${service}-blue' }
      """;

  @Test
  void describesEveryStepAndItsUndo() {
    LoadResult result = new PlanLoader(FileResolver.none()).load(EVERY_STEP);
    assertThat(result.errors()).isEmpty();

    List<String> lines = new PlanPrinter().describe(result.plan());

    assertThat(lines)
        .containsExactly(
            "migration portfolio-streamlining in namespace globeco: 3 phases, 15 steps",
            "rollback when: error_rate above 0.05; latency_p95 above 2x baseline; health fails 3 times in a row",
            "approvers: alice, group:sre",
            "notify: slack #migrations",
            "1 preparation",
            "  1.1 preflight: check the cluster, the objects the plan names, RBAC for every verb it needs, one sample"
                + " of every metric and the weights of webhook routers | undo: nothing to undo",
            "  1.2 job backup: run Job pg-dump (at most 30m) | undo: run Job pg-restore",
            "  1.3 baseline latency_p95, error_rate over 10m (every 30s) | undo: nothing to undo",
            "2 config",
            "  2.1 apply ConfigMap portfolio-config | undo: restore previous objects, delete those it created",
            "  2.2 canary globeco-portfolio-service → globeco-portfolio-service-optimized via replicas:"
                + " 10% → 25% → 50% → 100%, observe 24h each (every 1m) | undo: restore previous traffic split",
            "  2.3 setImage Deployment globeco-portfolio-service container app to portfolio:v2.0-middleware,"
                + " wait until rolled out (at most 10m) | undo: restore previous image",
            "3 cutover",
            "  3.1 deploy Deployment globeco-portfolio-service-green, wait until rolled out (at most 10m)"
                + " | undo: restore previous objects, delete those it created",
            "  3.2 scale Deployment globeco-portfolio-service-green to 4 replicas, wait until ready"
                + " | undo: restore previous replicas",
            "  3.3 analysis health: 5 samples every 30s | undo: nothing to undo",
            "  3.4 switch Service globeco-portfolio-service selector to {version: green}"
                + " | undo: restore previous selector",
            "  3.5 canary globeco-portfolio-service-blue → globeco-portfolio-service-green via service selector of"
                + " globeco-portfolio-service to {version: green}: 100% | undo: restore selector {version: blue}",
            "  3.6 observe 1h, watching error_rate above 0.05 | undo: nothing to undo",
            "  3.7 approval \"Delete blue?\": 2 approvals from alice, group:sre, timeout 72h then rollback"
                + " | undo: nothing to undo",
            "  3.8 job drop-old-tables: run Job | irreversible: point of no return",
            "  3.9 decommission: delete Deployment globeco-portfolio-service-blue and Service"
                + " globeco-portfolio-service-blue | irreversible: point of no return");
  }

  @Test
  void printsOnlyWhatThePlanSaysWhenSettingsAreLeftOut() {
    MigrationPlan plan =
        new MigrationPlan(
            "flightplan/v1",
            "Migration",
            new Metadata("tiny", null),
            new MigrationSpec(
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(
                    new Phase(
                        "only",
                        List.of(
                            new Step.Observe(PlanDuration.ofMinutes(5), null, null),
                            new Step.Approval(null, null, PlanDuration.parse("2h"), null, null),
                            new Step.Analysis(List.of("health"), null, null, null),
                            new Step.Job("seed", Map.of("kind", "Job"), null, null, null))))));

    assertThat(new PlanPrinter().describe(plan))
        .containsExactly(
            "migration tiny in namespace default: 1 phase, 4 steps",
            "approvers: anyone",
            "1 only",
            "  1.1 observe 5m, watching no triggers | undo: nothing to undo",
            "  1.2 approval: 1 approval from anyone, timeout 2h | undo: nothing to undo",
            "  1.3 analysis health: sampled | undo: nothing to undo",
            "  1.4 job seed: run Job | undo: none (a Job's effects stay)");
  }

  @Test
  void showsDurationsOfAWeekOrMoreInDays() {
    assertThat(PlanPrinter.duration(PlanDuration.parse("7d"))).isEqualTo("7d");
    assertThat(PlanPrinter.duration(PlanDuration.parse("36h"))).isEqualTo("36h");
    assertThat(PlanPrinter.duration(PlanDuration.parse("25h30m"))).isEqualTo("25h30m");
    assertThat(PlanPrinter.duration(PlanDuration.parse("90m"))).isEqualTo("1h30m");
  }
}
