package dev.flightplan.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

/** A small valid plan that tests break in one place each, and the files it refers to. */
final class TestPlans {

  static final String VALID =
      """
      apiVersion: flightplan/v1
      kind: Migration
      metadata:
        name: checkout
      spec:
        target: { namespace: shop }
        vars: { app: checkout }
        metrics:
          error_rate: { prometheus: { query: 'sum(rate(errors{app="${app}"}[1m]))' } }
          latency_p95: { prometheus: { query: 'p95{app="${app}"}' } }
          health: { http: { url: 'http://${app}.shop/health' } }
        rollbackWhen:
          - { metric: error_rate, above: 0.05 }
          - { metric: latency_p95, above: 2x baseline }
          - { metric: health, failures: 3 }
        approvers: [alice, bob]
        phases:
          - name: prepare
            steps:
              - preflight: {}
              - baseline: { window: 10m, metrics: [latency_p95] }
          - name: shift
            steps:
              - deploy: { manifests: [k8s/canary.yaml], ready: 5m }
              - canary:
                  stable: checkout
                  canary: checkout-v2
                  router: { replicas: {} }
                  weights: [10, 50, 100]
                  observe: { each: 10m, interval: 1m }
              - approval: { message: 'Remove v1?', minApprovals: 2 }
              - decommission: { deployment: checkout }
      """;

  static final String CANARY_DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: ${app}-v2
        labels: { app: '${app}', track: canary }
      spec:
        replicas: 1
        selector: { matchLabels: { app: '${app}', track: canary } }
        template:
          metadata: { labels: { app: '${app}', track: canary } }
          spec: { containers: [ { name: app, image: 'shop/checkout:2.0' } ] }
      """;

  private TestPlans() {}

  /** The valid plan with {@code from} replaced by {@code to}; fails if {@code from} is not in it. */
  static String replacing(String from, String to) {
    assertThat(VALID).as("the fixture contains the text to replace").contains(from);
    return VALID.replace(from, to);
  }

  static Map<String, String> files() {
    Map<String, String> files = new HashMap<>();
    files.put("k8s/canary.yaml", CANARY_DEPLOYMENT);
    return files;
  }

  /** A resolver over a map, as a test's stand-in for the plan's folder. */
  static FileResolver resolver(Map<String, String> files) {
    return path -> {
      String text = files.get(path);
      if (text == null) {
        throw new IllegalArgumentException("no such file");
      }
      return text;
    };
  }

  static LoadResult load(String yaml) {
    return load(yaml, files());
  }

  static LoadResult load(String yaml, Map<String, String> files) {
    return new PlanLoader(resolver(files)).load(yaml);
  }
}
