package dev.flightplan.demo;

import dev.flightplan.migration.MigrationState;
import dev.flightplan.migration.MigrationStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What each demo outcome must leave in the cluster: the healthy migration serves everything from green with blue
 * gone; the failing one is rolled back with every object it touched exactly as before.
 */
final class ClusterExpectations {
  private record Check(String migration, String what, boolean ok, String seen) {}

  private final SimulatedCluster cluster;
  private final String namespace;
  private int paymentsBlueBefore;
  private Map<String, String> paymentsConfigBefore;
  private Map<String, String> paymentsSelectorBefore;

  ClusterExpectations(SimulatedCluster cluster, String namespace) {
    this.cluster = cluster;
    this.namespace = namespace;
  }

  void recordBefore() {
    paymentsBlueBefore = cluster.replicas(namespace, "payments-blue");
    paymentsConfigBefore = Map.copyOf(cluster.configData(namespace, "payments-config"));
    paymentsSelectorBefore = Map.copyOf(cluster.selector(namespace, "payments"));
  }

  /** Prints the checks; true when every one holds. */
  boolean report(Map<String, MigrationStatus> finals, PrintWriter out, long seconds) {
    List<Check> checks = new ArrayList<>();
    MigrationStatus checkout = finals.get("checkout-v2");
    MigrationStatus payments = finals.get("payments-v3");
    checks.add(state("checkout-v2", checkout, MigrationState.COMPLETED));
    Map<String, String> selector = cluster.selector(namespace, "checkout");
    checks.add(new Check("checkout-v2", "Service checkout selects green", "green".equals(selector.get("version")), selector.toString()));
    int blue = cluster.replicas(namespace, "checkout-blue");
    checks.add(new Check("checkout-v2", "checkout-blue decommissioned", blue == -1, blue == -1 ? "deleted" : blue + " replicas"));
    String mode = cluster.configData(namespace, "checkout-config").get("CACHE_MODE");
    checks.add(new Check("checkout-v2", "new config applied", "optimized".equals(mode), "CACHE_MODE=" + mode));

    checks.add(state("payments-v3", payments, MigrationState.ROLLED_BACK));
    String why = payments == null || payments.timeline().isEmpty() ? "" : lastText(payments);
    checks.add(new Check("payments-v3", "rolled back because of error_rate", why.contains("error_rate"), why));
    int greenReplicas = cluster.replicas(namespace, "payments-green");
    checks.add(new Check("payments-v3", "canary Deployment removed", greenReplicas == -1, greenReplicas == -1 ? "deleted" : greenReplicas + " replicas"));
    int blueReplicas = cluster.replicas(namespace, "payments-blue");
    checks.add(new Check("payments-v3", "payments-blue back to " + paymentsBlueBefore + " replicas", blueReplicas == paymentsBlueBefore, blueReplicas + " replicas"));
    Map<String, String> config = cluster.configData(namespace, "payments-config");
    checks.add(new Check("payments-v3", "payments-config restored exactly", config.equals(paymentsConfigBefore), config.toString()));
    Map<String, String> paymentsSelector = cluster.selector(namespace, "payments");
    checks.add(new Check("payments-v3", "Service payments unchanged", paymentsSelector.equals(paymentsSelectorBefore), paymentsSelector.toString()));

    out.println();
    out.println("Outcome (" + seconds + " s):");
    boolean allOk = true;
    for (Check check : checks) {
      allOk &= check.ok();
      out.printf("  %s %-12s %-42s %s%n", check.ok() ? "ok  " : "FAIL", check.migration(), check.what(), check.seen());
    }
    out.flush();
    out.println(allOk ? "Demo passed: one migration completed, one rolled back cleanly." : "Demo FAILED: see the checks above.");
    return allOk;
  }

  private static Check state(String name, MigrationStatus status, MigrationState expected) {
    MigrationState seen = status == null ? null : status.state();
    return new Check(name, "ended " + expected, seen == expected, String.valueOf(seen));
  }

  private static String lastText(MigrationStatus status) {
    return status.timeline().stream()
        .filter(e -> e.kind().equals("rolling-back"))
        .map(e -> e.text())
        .findFirst()
        .orElse("");
  }
}
