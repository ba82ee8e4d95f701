package dev.flightplan.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Short plans for the simulated cluster ({@code shop}: services checkout and payments, each served by a
 * {@code -blue} Deployment), written to a folder as a person would keep them: the plan and its manifests.
 */
public final class E2EPlans {
  public static final String APPROVER = "alice";

  private static final String METRICS =
      """
        metrics:
          error_rate:
            prometheus:
              query: 'sum(rate(http_requests_total{service="${service}",code=~"5.."}[1m])) / sum(rate(http_requests_total{service="${service}"}[1m]))'
        rollbackWhen:
          - { metric: error_rate, above: 0.05 }
      """;

  private E2EPlans() {}

  /**
   * A whole blue-green migration of {@code service}: new config, a green Deployment that must roll out, a replica
   * canary 50 → 100 % watched for {@code observeEach} at each weight, the Service switched to green, an approval
   * by alice, and blue decommissioned.
   */
  public static Path blueGreen(Path folder, String name, String service, String observeEach) {
    String plan =
        """
        apiVersion: flightplan/v1
        kind: Migration
        metadata: { name: %1$s }
        spec:
          target: { namespace: shop }
          vars: { service: %2$s }
        %3$s  approvers: [%4$s]
          phases:
            - name: preparation
              steps:
                - preflight: {}
                - apply: { manifests: [k8s/%2$s-config.yaml] }
            - name: rollout
              steps:
                - deploy: { manifests: [k8s/%2$s-green.yaml], ready: 2m }
                - canary:
                    stable: %2$s-blue
                    canary: %2$s-green
                    router: { replicas: { totalReplicas: 4 } }
                    weights: [50, 100]
                    observe: { each: %5$s, interval: 1s }
            - name: cutover
              steps:
                - switch: { service: %2$s, selector: { app: %2$s, version: green } }
                - approval: { message: '%2$s-green serves all traffic. Delete %2$s-blue?', timeout: 10m, onTimeout: rollback }
                - decommission: { deployment: %2$s-blue }
        """
            .formatted(name, service, METRICS, APPROVER, observeEach);
    return write(folder, name, service, plan);
  }

  /** A migration that stops at an approval right after its preflight, then applies the new config. */
  public static Path approvalGate(Path folder, String name, String service) {
    String plan =
        """
        apiVersion: flightplan/v1
        kind: Migration
        metadata: { name: %1$s }
        spec:
          target: { namespace: shop }
          vars: { service: %2$s }
        %3$s  approvers: [%4$s]
          phases:
            - name: gate
              steps:
                - preflight: {}
                - approval: { message: 'Apply the new %2$s config?', timeout: 30m }
                - apply: { manifests: [k8s/%2$s-config.yaml] }
        """
            .formatted(name, service, METRICS, APPROVER);
    return write(folder, name, service, plan);
  }

  /** One long observation window of {@code service}'s error rate, and nothing else. */
  public static Path observeOnly(Path folder, String name, String service, String duration, String interval) {
    String plan =
        """
        apiVersion: flightplan/v1
        kind: Migration
        metadata: { name: %1$s }
        spec:
          target: { namespace: shop }
          vars: { service: %2$s }
        %3$s  phases:
            - name: watch
              steps:
                - observe: { duration: %4$s, interval: %5$s }
        """
            .formatted(name, service, METRICS, duration, interval);
    return write(folder, name, service, plan);
  }

  private static Path write(Path folder, String name, String service, String plan) {
    try {
      Path k8s = Files.createDirectories(folder.resolve("k8s"));
      Files.writeString(
          k8s.resolve(service + "-green.yaml"),
          """
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: %1$s-green
            labels: { app: %1$s, version: green }
          spec:
            replicas: 1
            selector:
              matchLabels: { app: %1$s, version: green }
            template:
              metadata:
                labels: { app: %1$s, version: green }
              spec:
                containers:
                  - name: %1$s
                    image: registry.example.com/shop/%1$s:3.0.0
                    ports: [{ containerPort: 8080 }]
          """
              .formatted(service));
      Files.writeString(
          k8s.resolve(service + "-config.yaml"),
          """
          apiVersion: v1
          kind: ConfigMap
          metadata:
            name: %1$s-config
          data:
            MIGRATED_BY: flightplan-e2e
          """
              .formatted(service));
      Path file = folder.resolve(name + ".yaml");
      Files.writeString(file, plan);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
