package dev.flightplan.plan;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a well-formed plan must still follow: names, weights, metric references, baselines before relative
 * thresholds, approvals that can be satisfied, secrets kept out of the plan. Runs on the bound plan, after
 * {@link TreeValidator} found its shape right.
 */
final class SemanticChecks {
  /** A DNS-1123 subdomain: what Kubernetes object names and the workflow id accept. */
  private static final Pattern K8S_NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");

  private static final int MAX_NAME = 63;
  private static final Set<String> SECRET_QUERY_KEYS =
      Set.of("token", "key", "apikey", "api_key", "secret", "password", "signature", "sig", "access_token");

  private final MigrationPlan plan;
  private final MigrationSpec spec;
  private final List<PlanProblem> errors;
  private final List<PlanProblem> warnings;

  /** Metrics a baseline step has measured so far, walking the plan in order. */
  private final Set<String> baselined = new HashSet<>();

  /** Triggers (by index) already reported, so a rule broken by many steps is reported once. */
  private final Set<Integer> reportedBaseline = new HashSet<>();

  private boolean approvalSeen;

  /** The first step that sends all traffic to the new version (a switch, a canary at 100 %), walking the plan in order. */
  private String allTrafficMovedAt;

  private SemanticChecks(MigrationPlan plan, List<PlanProblem> errors, List<PlanProblem> warnings) {
    this.plan = plan;
    this.spec = plan.spec();
    this.errors = errors;
    this.warnings = warnings;
  }

  static void check(MigrationPlan plan, List<PlanProblem> errors, List<PlanProblem> warnings) {
    new SemanticChecks(plan, errors, warnings).run();
  }

  private void run() {
    checkName();
    checkMetrics();
    checkTriggers();
    checkApprovers(spec.approvers(), "spec.approvers");
    checkNotify();
    checkPhases();
  }

  private void checkName() {
    String name = plan.metadata().name();
    if (name.length() > MAX_NAME || !K8S_NAME.matcher(name).matches()) {
      errors.add(
          new PlanProblem(
              "metadata.name",
              "'" + name + "' is not a valid migration name",
              "use lowercase letters, digits, '-' and '.', at most 63 characters: the name becomes the workflow id"));
    }
  }

  private void checkMetrics() {
    spec.metrics().forEach((name, metric) -> {
      String path = PlanPaths.field("spec.metrics", name);
      atLeastOne(metric.failureLimit(), PlanPaths.field(path, "failureLimit"));
      atLeastOne(metric.inconclusiveLimit(), PlanPaths.field(path, "inconclusiveLimit"));
      checkProvider(metric.prometheus(), metric.http(), metric.kubernetes(), path);
      StableSide stable = metric.stable();
      if (stable != null) {
        checkProvider(stable.prometheus(), stable.http(), stable.kubernetes(), PlanPaths.field(path, "stable"));
      }
    });
  }

  private void checkProvider(PrometheusMetric prometheus, HttpProbeMetric http, KubernetesMetric kubernetes,
      String path) {
    if (prometheus != null && prometheus.range() != null && prometheus.range().millis() < 1_000) {
      errors.add(
          new PlanProblem(
              PlanPaths.field(PlanPaths.field(path, "prometheus"), "range"),
              "range " + prometheus.range() + " is shorter than a second",
              "a range query averages points at least a second apart: write e.g. range: 5m"));
    }
    if (http != null) {
      String httpPath = PlanPaths.field(path, "http");
      if (!http.url().startsWith("http://") && !http.url().startsWith("https://")) {
        errors.add(
            new PlanProblem(PlanPaths.field(httpPath, "url"), "'" + http.url() + "' is not an http(s) URL", null));
      }
      if (http.expectStatus() != null && (http.expectStatus() < 100 || http.expectStatus() > 599)) {
        errors.add(
            new PlanProblem(
                PlanPaths.field(httpPath, "expectStatus"),
                http.expectStatus() + " is not an HTTP status",
                "use a status from 100 to 599"));
      }
      oneOf(http.measure(), List.of("status", "latency"), PlanPaths.field(httpPath, "measure"));
    }
    if (kubernetes != null) {
      oneOf(
          kubernetes.measure(),
          List.of("restarts", "readyReplicas"),
          PlanPaths.field(PlanPaths.field(path, "kubernetes"), "measure"));
    }
  }

  private void checkTriggers() {
    for (int i = 0; i < spec.rollbackWhen().size(); i++) {
      Trigger trigger = spec.rollbackWhen().get(i);
      String path = PlanPaths.index("spec.rollbackWhen", i);
      metricReference(trigger.metric(), PlanPaths.field(path, "metric"));
      atLeastOne(trigger.failures(), PlanPaths.field(path, "failures"));
      stableSideDefined(trigger, path);
    }
  }

  /** A threshold relative to {@code stable} needs the metric to say how its stable side is measured. */
  private void stableSideDefined(Trigger trigger, String path) {
    MetricDefinition metric = spec.metrics().get(trigger.metric());
    if (metric == null || metric.measuresStable()) {
      return;
    }
    for (String side : List.of("above", "below")) {
      Threshold threshold = side.equals("above") ? trigger.above() : trigger.below();
      if (threshold != null && threshold.reference() == Threshold.Reference.STABLE) {
        errors.add(
            new PlanProblem(
                PlanPaths.field(path, side),
                "'" + threshold + "' compares with the stable side, but metric " + trigger.metric()
                    + " does not say how to measure it",
                "add stable: { prometheus: { query: ... } } to spec.metrics." + trigger.metric()
                    + ": the same query for the stable version's pods"));
      }
    }
  }

  private void checkNotify() {
    Notify notify = spec.notifications();
    if (notify == null || notify.webhook() == null) {
      return;
    }
    Notify.WebhookNotify webhook = notify.webhook();
    String path = "spec.notify.webhook";
    if (webhook.secretRef() == null || webhook.secretRef().isBlank()) {
      errors.add(
          new PlanProblem(
              PlanPaths.field(path, "secretRef"),
              "missing: a webhook must name the Secret holding its signing key",
              "set secretRef to a Kubernetes Secret's name; never put a secret in a plan: workflow history is readable"
                  + " by anyone with Temporal access"));
    } else if (!K8S_NAME.matcher(webhook.secretRef()).matches() || webhook.secretRef().length() > 253) {
      errors.add(
          new PlanProblem(
              PlanPaths.field(path, "secretRef"),
              "'" + abbreviate(webhook.secretRef()) + "' is not a Secret name",
              "secretRef names a Kubernetes Secret (lowercase letters, digits, '-', '.'); never the secret itself"));
    }
    String credential = embeddedCredential(webhook.url());
    if (credential != null) {
      errors.add(
          new PlanProblem(
              PlanPaths.field(path, "url"),
              "the URL embeds a credential (" + credential + ")",
              "keep secrets out of plans: put it in the Secret named by secretRef"));
    }
  }

  /** What kind of credential {@code url} carries (user info, a secret-looking query parameter), or null. */
  static String embeddedCredential(String url) {
    try {
      URI uri = new URI(url);
      if (uri.getRawUserInfo() != null) {
        return "user info";
      }
      if (uri.getRawQuery() != null) {
        for (String pair : uri.getRawQuery().split("&")) {
          String key = pair.split("=", 2)[0].toLowerCase(Locale.ROOT);
          if (SECRET_QUERY_KEYS.contains(key)) {
            return "query parameter '" + key + "'";
          }
        }
      }
      return null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private void checkPhases() {
    if (spec.phases().isEmpty()) {
      errors.add(new PlanProblem("spec.phases", "a plan needs at least one phase", null));
      return;
    }
    Map<String, String> firstUse = new HashMap<>();
    for (int p = 0; p < spec.phases().size(); p++) {
      Phase phase = spec.phases().get(p);
      String phasePath = PlanPaths.index("spec.phases", p);
      String previous = firstUse.putIfAbsent(phase.name(), phasePath);
      if (previous != null) {
        errors.add(
            new PlanProblem(
                PlanPaths.field(phasePath, "name"),
                "duplicate phase name '" + phase.name() + "'",
                "phase names must be unique; first used at " + previous));
      }
      if (phase.steps().isEmpty()) {
        errors.add(
            new PlanProblem(
                PlanPaths.field(phasePath, "steps"), "phase '" + phase.name() + "' has no steps", null));
      }
      for (int s = 0; s < phase.steps().size(); s++) {
        Step step = phase.steps().get(s);
        String stepPath = PlanPaths.index(PlanPaths.field(phasePath, "steps"), s);
        checkStep(step, stepPath, PlanPaths.field(stepPath, Step.kindOf(step)));
      }
    }
  }

  private void checkStep(Step step, String stepPath, String path) {
    if (Step.isIrreversible(step) && !approvalSeen) {
      String what = step instanceof Step.Job job ? "job '" + job.name() + "'" : Step.kindOf(step);
      warnings.add(
          new PlanProblem(
              path,
              what + " is irreversible and no approval step comes before it",
              "add an approval step before the point of no return"));
    }
    if (step instanceof Step.Apply apply) {
      checkManifests(apply.manifests(), PlanPaths.field(path, "manifests"));
    } else if (step instanceof Step.Deploy deploy) {
      checkManifests(deploy.manifests(), PlanPaths.field(path, "manifests"));
    } else if (step instanceof Step.Scale scale) {
      if (scale.replicas() < 0) {
        errors.add(new PlanProblem(PlanPaths.field(path, "replicas"), "cannot be negative", null));
      }
    } else if (step instanceof Step.Switch change) {
      if (change.selector().isEmpty()) {
        errors.add(
            new PlanProblem(
                PlanPaths.field(path, "selector"),
                "an empty selector would select every pod",
                "e.g. selector: {version: green}"));
      }
      allTrafficMoved(stepPath + " (switch)");
    } else if (step instanceof Step.Canary canary) {
      checkCanary(canary, stepPath, path);
      allTrafficMoved(stepPath + " (canary)");
    } else if (step instanceof Step.Observe observe) {
      checkMetricList(observe.metrics(), PlanPaths.field(path, "metrics"));
      intervalWithin(observe.interval(), observe.duration(), PlanPaths.field(path, "interval"));
      checkWatchedTriggers(watchedBy(observe.metrics()), stepPath, "observe");
    } else if (step instanceof Step.Analysis analysis) {
      checkAnalysis(analysis, stepPath, path);
    } else if (step instanceof Step.Baseline baseline) {
      checkMetricList(baseline.metrics(), PlanPaths.field(path, "metrics"));
      intervalWithin(baseline.interval(), baseline.window(), PlanPaths.field(path, "interval"));
      baselined.addAll(baseline.metrics() == null ? spec.metrics().keySet() : baseline.metrics());
    } else if (step instanceof Step.ParallelRun parallelRun) {
      checkParallelRun(parallelRun, stepPath, path);
    } else if (step instanceof Step.Approval approval) {
      checkApproval(approval, path);
      approvalSeen = true;
    } else if (step instanceof Step.Job job) {
      checkJob(job, path);
    }
  }

  private void allTrafficMoved(String where) {
    if (allTrafficMovedAt == null) {
      allTrafficMovedAt = where;
    }
  }

  private void checkParallelRun(Step.ParallelRun run, String stepPath, String path) {
    checkMetricList(run.metrics(), PlanPaths.field(path, "metrics"));
    intervalWithin(run.interval(), run.duration(), PlanPaths.field(path, "interval"));
    checkWatchedTriggers(watchedBy(run.metrics()), stepPath, "parallelRun");
    String comparePath = PlanPaths.field(path, "compare");
    if (run.compare().isEmpty()) {
      errors.add(
          new PlanProblem(
              comparePath,
              "must list at least one comparison",
              "e.g. compare: [{ metric: throughput, below: -5% stable }, { metric: latency_p95, above: +10% stable }]"));
    }
    for (int i = 0; i < run.compare().size(); i++) {
      Trigger comparison = run.compare().get(i);
      String itemPath = PlanPaths.index(comparePath, i);
      metricReference(comparison.metric(), PlanPaths.field(itemPath, "metric"));
      if (comparison.failures() != null) {
        errors.add(
            new PlanProblem(
                PlanPaths.field(itemPath, "failures"),
                "a comparison judges the window's mean, not failures in a row",
                "use above or below, e.g. { metric: " + comparison.metric() + ", below: -5% stable }"));
        continue;
      }
      stableSideDefined(comparison, itemPath);
      String side = comparison.above() != null ? "above" : "below";
      Threshold threshold = comparison.above() != null ? comparison.above() : comparison.below();
      if (threshold.reference() == Threshold.Reference.BASELINE && !baselined.contains(comparison.metric())) {
        errors.add(
            new PlanProblem(
                PlanPaths.field(itemPath, side),
                "'" + threshold + "' needs a baseline of " + comparison.metric() + " before this parallel run",
                "add a baseline step measuring " + comparison.metric() + " earlier in the plan"));
      }
    }
    if (allTrafficMovedAt != null) {
      warnings.add(
          new PlanProblem(
              path,
              "runs after " + allTrafficMovedAt + " sent all traffic to the new version: the stable side has none"
                  + " left to compare",
              "run the parallel run before it, on mirrored traffic or a share that an earlier step gives the new"
                  + " version"));
    }
  }

  private void checkCanary(Step.Canary canary, String stepPath, String path) {
    String weightsPath = PlanPaths.field(path, "weights");
    List<Integer> weights = canary.weights();
    if (canary.stable().equals(canary.canary())) {
      errors.add(
          new PlanProblem(
              PlanPaths.field(path, "canary"),
              "stable and canary name the same Deployment '" + canary.stable() + "'",
              null));
    }
    if (weights.isEmpty()) {
      errors.add(new PlanProblem(weightsPath, "must list at least one weight", "e.g. weights: [10, 25, 50, 100]"));
    }
    boolean inRange = true;
    for (int i = 0; i < weights.size(); i++) {
      int weight = weights.get(i);
      String weightPath = PlanPaths.index(weightsPath, i);
      if (weight < 1 || weight > 100) {
        inRange = false;
        errors.add(
            new PlanProblem(weightPath, "weight " + weight + " is out of range", "each weight is from 1 to 100"));
      } else if (i > 0 && weight <= weights.get(i - 1)) {
        errors.add(
            new PlanProblem(
                weightPath,
                "weights must increase: " + weight + " follows " + weights.get(i - 1),
                "list each weight once, smallest first"));
      }
    }
    if (!weights.isEmpty() && inRange && weights.get(weights.size() - 1) != 100) {
      errors.add(
          new PlanProblem(weightsPath, "must end at 100", "the last weight sends all traffic to the canary"));
    }
    RouterSpec router = canary.router();
    if (router.service() != null && !weights.equals(List.of(100))) {
      errors.add(
          new PlanProblem(
              weightsPath,
              "the service router switches all traffic at once: weights must be [100]",
              "a selector flip has no partial weights; for gradual shifts use the replicas router or a mesh router"));
    }
    if (router.service() != null && router.service().canarySelector().isEmpty()) {
      errors.add(
          new PlanProblem(
              PlanPaths.field(PlanPaths.field(PlanPaths.field(path, "router"), "service"), "canarySelector"),
              "an empty selector would select every pod",
              "e.g. canarySelector: {version: green}"));
    }
    if (router.replicas() != null) {
      atLeastOne(
          router.replicas().totalReplicas(),
          PlanPaths.field(PlanPaths.field(PlanPaths.field(path, "router"), "replicas"), "totalReplicas"));
    }
    RouterChecks.check(canary, PlanPaths.field(path, "router"), errors);
    if (canary.observe() != null) {
      intervalWithin(
          canary.observe().interval(),
          canary.observe().each(),
          PlanPaths.field(PlanPaths.field(path, "observe"), "interval"));
      checkMetricList(canary.observe().metrics(), PlanPaths.field(PlanPaths.field(path, "observe"), "metrics"));
    }
    List<String> watched = canary.observe() == null ? null : canary.observe().metrics();
    checkWatchedTriggers(watchedBy(watched), stepPath, "canary");
  }

  private void checkAnalysis(Step.Analysis analysis, String stepPath, String path) {
    String metricsPath = PlanPaths.field(path, "metrics");
    checkMetricList(analysis.metrics(), metricsPath);
    atLeastOne(analysis.count(), PlanPaths.field(path, "count"));
    atLeastOne(analysis.failureLimit(), PlanPaths.field(path, "failureLimit"));
    if (analysis.count() != null
        && analysis.failureLimit() != null
        && analysis.failureLimit() > analysis.count()
        && analysis.count() >= 1) {
      errors.add(
          new PlanProblem(
              PlanPaths.field(path, "failureLimit"),
              "failureLimit " + analysis.failureLimit() + " is more than count " + analysis.count()
                  + ": the analysis could never fail",
              null));
    }
    for (int i = 0; i < analysis.metrics().size(); i++) {
      String metric = analysis.metrics().get(i);
      boolean defined = spec.metrics().containsKey(metric);
      boolean gated = spec.rollbackWhen().stream().anyMatch(t -> t.metric().equals(metric));
      if (defined && !gated) {
        warnings.add(
            new PlanProblem(
                PlanPaths.index(metricsPath, i),
                "no trigger in spec.rollbackWhen uses '" + metric + "': this analysis cannot fail on it",
                "add e.g. { metric: " + metric + ", above: ... } to spec.rollbackWhen"));
      }
    }
    checkWatchedTriggers(watchedBy(analysis.metrics()), stepPath, "analysis");
  }

  private void checkApproval(Step.Approval approval, String path) {
    List<String> approvers = approval.approvers() != null && !approval.approvers().isEmpty()
        ? approval.approvers()
        : spec.approvers();
    if (approval.approvers() != null) {
      checkApprovers(approval.approvers(), PlanPaths.field(path, "approvers"));
    }
    int needed = approval.minApprovals() == null ? 1 : approval.minApprovals();
    String minPath = PlanPaths.field(path, "minApprovals");
    if (needed < 1) {
      errors.add(new PlanProblem(minPath, "must be at least 1", null));
    }
    if (approvers.isEmpty()) {
      warnings.add(
          new PlanProblem(
              path,
              "no approvers are listed anywhere: anyone may approve",
              "list approvers in spec.approvers or on the step"));
    } else if (approvers.stream().noneMatch(a -> a.startsWith("group:"))) {
      int people = new LinkedHashSet<>(approvers).size();
      if (needed > people) {
        errors.add(
            new PlanProblem(
                minPath,
                "needs " + needed + " approvals but only " + people + " approver" + (people == 1 ? " is" : "s are")
                    + " listed (" + String.join(", ", new LinkedHashSet<>(approvers)) + ")",
                "list more approvers, add a group: entry, or lower minApprovals"));
      }
    }
    if (approval.onTimeout() != null && approval.timeout() == null) {
      warnings.add(
          new PlanProblem(
              PlanPaths.field(path, "onTimeout"), "has no effect without a timeout", "set timeout, e.g. 72h"));
    }
  }

  private void checkApprovers(List<String> approvers, String path) {
    for (int i = 0; i < approvers.size(); i++) {
      String approver = approvers.get(i).trim();
      if (approver.isEmpty() || approver.equals("group:")) {
        errors.add(
            new PlanProblem(
                PlanPaths.index(path, i), "empty approver", "write a person's name or group:<name>"));
      }
    }
  }

  private void checkJob(Step.Job job, String path) {
    if (job.name().length() > MAX_NAME || !K8S_NAME.matcher(job.name()).matches()) {
      errors.add(
          new PlanProblem(
              PlanPaths.field(path, "name"),
              "'" + job.name() + "' is not a valid Kubernetes name",
              "use lowercase letters, digits, '-' and '.', at most 63 characters"));
    }
    checkJobTemplate(job.template(), PlanPaths.field(path, "template"));
    if (job.undo() != null) {
      checkJobTemplate(job.undo(), PlanPaths.field(path, "undo"));
      if (Boolean.TRUE.equals(job.irreversible())) {
        warnings.add(
            new PlanProblem(
                PlanPaths.field(path, "irreversible"),
                "a job with an undo Job is reversible: irreversible: true is ignored",
                "drop undo, or drop irreversible"));
      }
    }
  }

  private void checkJobTemplate(Map<String, Object> template, String path) {
    Object kind = template.get("kind");
    if (!"Job".equals(kind)) {
      errors.add(
          new PlanProblem(
              PlanPaths.field(path, "kind"),
              kind == null ? "a job template must be kind Job" : "a job template must be kind Job, found " + kind,
              "write a batch/v1 Job manifest"));
    }
    if (!(template.get("apiVersion") instanceof String)) {
      errors.add(new PlanProblem(PlanPaths.field(path, "apiVersion"), "missing required field", "e.g. batch/v1"));
    }
  }

  private void checkManifests(List<Map<String, Object>> manifests, String path) {
    if (manifests.isEmpty()) {
      errors.add(new PlanProblem(path, "must list at least one manifest", null));
    }
    for (int i = 0; i < manifests.size(); i++) {
      Map<String, Object> manifest = manifests.get(i);
      String manifestPath = PlanPaths.index(path, i);
      if (manifest.isEmpty()) {
        continue;
      }
      List<String> missing = new ArrayList<>();
      if (!isNonBlankString(manifest.get("apiVersion"))) {
        missing.add("apiVersion");
      }
      if (!isNonBlankString(manifest.get("kind"))) {
        missing.add("kind");
      }
      Object metadata = manifest.get("metadata");
      Object namespace = null;
      if (!(metadata instanceof Map<?, ?> meta) || !isNonBlankString(meta.get("name"))) {
        missing.add("metadata.name");
      } else {
        namespace = meta.get("namespace");
      }
      if (!missing.isEmpty()) {
        errors.add(
            new PlanProblem(
                manifestPath,
                "manifest has no " + String.join(", no ", missing),
                "every manifest needs apiVersion, kind and metadata.name"));
      }
      String target = spec.target().namespace();
      if (namespace != null && target != null && !namespace.toString().equals(target)) {
        warnings.add(
            new PlanProblem(
                PlanPaths.field(PlanPaths.field(manifestPath, "metadata"), "namespace"),
                "manifest names namespace '" + namespace + "' but the plan targets '" + target + "'",
                "drop metadata.namespace to use the plan's namespace"));
      }
    }
  }

  /** The triggers (index into rollbackWhen) a step watches: all of them, or those on the listed metrics. */
  private List<Integer> watchedBy(List<String> metrics) {
    List<Integer> watched = new ArrayList<>();
    for (int i = 0; i < spec.rollbackWhen().size(); i++) {
      if (metrics == null || metrics.contains(spec.rollbackWhen().get(i).metric())) {
        watched.add(i);
      }
    }
    return watched;
  }

  /** Thresholds relative to a baseline need a baseline step measuring that metric before the step checking them. */
  private void checkWatchedTriggers(List<Integer> watched, String stepPath, String kind) {
    for (int index : watched) {
      Trigger trigger = spec.rollbackWhen().get(index);
      String path = PlanPaths.index("spec.rollbackWhen", index);
      for (String side : List.of("above", "below")) {
        Threshold threshold = side.equals("above") ? trigger.above() : trigger.below();
        if (threshold == null) {
          continue;
        }
        String thresholdPath = PlanPaths.field(path, side);
        if (threshold.reference() == Threshold.Reference.BASELINE
            && !baselined.contains(trigger.metric())
            && reportedBaseline.add(index)) {
          errors.add(
              new PlanProblem(
                  thresholdPath,
                  "'" + threshold + "' needs a baseline of " + trigger.metric() + " before " + stepPath + " ("
                      + kind + ") checks it",
                  "add a baseline step measuring " + trigger.metric() + " earlier in the plan"));
        }
      }
    }
  }

  private void checkMetricList(List<String> metrics, String path) {
    if (metrics == null) {
      return;
    }
    for (int i = 0; i < metrics.size(); i++) {
      metricReference(metrics.get(i), PlanPaths.index(path, i));
    }
  }

  private void metricReference(String name, String path) {
    if (spec.metrics().containsKey(name)) {
      return;
    }
    String defined = spec.metrics().isEmpty()
        ? "no metrics are defined: add it under spec.metrics"
        : "defined metrics: " + String.join(", ", spec.metrics().keySet());
    String hint = DidYouMean.closest(name, spec.metrics().keySet())
        .map(s -> "did you mean '" + s + "'? " + defined)
        .orElse(defined);
    errors.add(new PlanProblem(path, "unknown metric '" + name + "'", hint));
  }

  private void intervalWithin(PlanDuration interval, PlanDuration window, String path) {
    if (interval != null && window != null && interval.compareTo(window) > 0) {
      errors.add(
          new PlanProblem(
              path,
              "interval " + interval + " is longer than the window " + window,
              "sample at least once per window"));
    }
  }

  private void atLeastOne(Integer value, String path) {
    if (value != null && value < 1) {
      errors.add(new PlanProblem(path, "must be at least 1", null));
    }
  }

  private void oneOf(String value, List<String> allowed, String path) {
    if (value != null && !allowed.contains(value)) {
      String hint = DidYouMean.closest(value, allowed)
          .map(s -> "did you mean '" + s + "'?")
          .orElse("one of " + String.join(", ", allowed));
      errors.add(new PlanProblem(path, "'" + value + "' is not one of " + String.join(", ", allowed), hint));
    }
  }

  private static boolean isNonBlankString(Object value) {
    return value instanceof String text && !text.isBlank();
  }

  private static String abbreviate(String text) {
    return text.length() > 8 ? text.substring(0, 4) + "…" : text;
  }
}
