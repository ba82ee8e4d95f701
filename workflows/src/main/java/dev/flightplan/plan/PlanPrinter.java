package dev.flightplan.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Describes a plan for the CLI's {@code plan} dry run: a header, then numbered phases and steps, one line each saying
 * what the step will do and how it is undone, e.g. {@code 2.2 canary a → b via replicas: 10% → 25% → 50% →
 * 100%, observe 24h each (every 1m) | undo: restore previous traffic split}.
 */
public final class PlanPrinter {
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;
  private static final String NOTHING_TO_UNDO = "undo: nothing to undo";

  public List<String> describe(MigrationPlan plan) {
    MigrationSpec spec = plan.spec();
    List<String> lines = new ArrayList<>();
    int stepCount = spec.phases().stream().mapToInt(p -> p.steps().size()).sum();
    lines.add(
        "migration " + plan.name() + " in namespace " + spec.target().namespaceOrDefault()
            + (spec.target().cluster() == null ? "" : " on cluster " + spec.target().cluster()) + ": "
            + count(spec.phases().size(), "phase") + ", " + count(stepCount, "step"));
    if (!spec.rollbackWhen().isEmpty()) {
      lines.add(
          "rollback when: " + spec.rollbackWhen().stream().map(PlanPrinter::trigger).collect(Collectors.joining("; ")));
    }
    lines.add("approvers: " + (spec.approvers().isEmpty() ? "anyone" : String.join(", ", spec.approvers())));
    if (spec.notifications() != null) {
      lines.add("notify: " + notify(spec.notifications()));
    }
    for (int p = 0; p < spec.phases().size(); p++) {
      Phase phase = spec.phases().get(p);
      lines.add((p + 1) + " " + phase.name());
      for (int s = 0; s < phase.steps().size(); s++) {
        Step step = phase.steps().get(s);
        lines.add("  " + (p + 1) + "." + (s + 1) + " " + what(step, spec) + " | " + undo(step));
      }
    }
    return lines;
  }

  private static String what(Step step, MigrationSpec spec) {
    if (step instanceof Step.Preflight) {
      return "preflight: check the cluster, the objects the plan names, RBAC for every verb it needs, one sample of"
          + " every metric and the weights of webhook routers";
    }
    if (step instanceof Step.Apply apply) {
      return "apply " + objects(apply.manifests());
    }
    if (step instanceof Step.Deploy deploy) {
      return "deploy " + objects(deploy.manifests()) + ", wait until rolled out" + limit(deploy.ready());
    }
    if (step instanceof Step.Scale scale) {
      return "scale Deployment " + scale.deployment() + " to " + scale.replicas() + " replicas, wait until ready"
          + limit(scale.ready());
    }
    if (step instanceof Step.SetImage setImage) {
      return "setImage Deployment " + setImage.deployment()
          + (setImage.container() == null ? "" : " container " + setImage.container()) + " to " + setImage.image()
          + ", wait until rolled out" + limit(setImage.ready());
    }
    if (step instanceof Step.Switch change) {
      return "switch Service " + change.service() + " selector to " + selector(change.selector());
    }
    if (step instanceof Step.Canary canary) {
      return canary(canary);
    }
    if (step instanceof Step.Observe observe) {
      return "observe " + duration(observe.duration()) + every(observe.interval()) + ", watching "
          + watched(observe.metrics(), spec);
    }
    if (step instanceof Step.Analysis analysis) {
      String samples = analysis.count() == null ? "sampled" : count(analysis.count(), "sample");
      return "analysis " + String.join(", ", analysis.metrics()) + ": " + samples
          + (analysis.interval() == null ? "" : " every " + duration(analysis.interval()))
          + (analysis.failureLimit() == null ? "" : ", fails after " + analysis.failureLimit() + " breaching");
    }
    if (step instanceof Step.Baseline baseline) {
      String metrics = baseline.metrics() == null ? "all metrics" : String.join(", ", baseline.metrics());
      return "baseline " + metrics + " over " + duration(baseline.window()) + every(baseline.interval());
    }
    if (step instanceof Step.ParallelRun run) {
      return "parallelRun " + duration(run.duration()) + every(run.interval()) + ": old and new side by side"
          + (run.mirrored() ? " on mirrored traffic" : "") + ", watching " + watched(run.metrics(), spec)
          + "; then compare window means: "
          + run.compare().stream().map(PlanPrinter::trigger).collect(Collectors.joining("; "));
    }
    if (step instanceof Step.Approval approval) {
      return approval(approval, spec);
    }
    if (step instanceof Step.Job job) {
      return "job " + job.name() + ": run Job" + name(job.template()) + limit(job.timeout());
    }
    Step.Decommission decommission = (Step.Decommission) step;
    return "decommission: delete Deployment " + decommission.deployment()
        + (decommission.service() == null ? "" : " and Service " + decommission.service());
  }

  private static String undo(Step step) {
    if (Step.isIrreversible(step)) {
      return "irreversible: point of no return";
    }
    if (step instanceof Step.Apply || step instanceof Step.Deploy) {
      return "undo: restore previous objects, delete those it created";
    }
    if (step instanceof Step.Scale) {
      return "undo: restore previous replicas";
    }
    if (step instanceof Step.SetImage) {
      return "undo: restore previous image";
    }
    if (step instanceof Step.Switch) {
      return "undo: restore previous selector";
    }
    if (step instanceof Step.Canary canary) {
      Map<String, String> stable =
          canary.router().service() == null ? null : canary.router().service().stableSelector();
      return stable == null ? "undo: restore previous traffic split" : "undo: restore selector " + selector(stable);
    }
    if (step instanceof Step.Job job) {
      return job.undo() == null ? "undo: none (a Job's effects stay)" : "undo: run Job" + name(job.undo());
    }
    return NOTHING_TO_UNDO;
  }

  private static String canary(Step.Canary canary) {
    String via = via(canary.router());
    String weights = canary.weights().stream().map(w -> w + "%").collect(Collectors.joining(" → "));
    String observe = "";
    if (canary.observe() != null && canary.observe().each() != null) {
      observe = ", observe " + duration(canary.observe().each()) + " each" + every(canary.observe().interval());
    }
    return "canary " + canary.stable() + " → " + canary.canary() + " via " + via + ": " + weights + observe;
  }

  /** What moves the traffic, as an operator would name it. */
  private static String via(RouterSpec router) {
    if (router.service() != null) {
      return "service selector of " + router.service().service() + " to " + selector(router.service().canarySelector());
    }
    if (router.replicas() != null && router.replicas().totalReplicas() != null) {
      return "replicas (of " + router.replicas().totalReplicas() + ")";
    }
    if (router.openshiftRoute() != null) {
      return "Route " + router.openshiftRoute().route() + " backends";
    }
    if (router.istio() != null) {
      RouterSpec.IstioRouter istio = router.istio();
      String route = istio.route() == null ? "" : " route " + istio.route();
      String sides = istio.bySubset() ? ", subsets " + istio.stableSubset() + "/" + istio.canarySubset() : "";
      return "VirtualService " + istio.virtualService() + route + sides + (istio.mirrors() ? ", mirroring" : "");
    }
    if (router.gatewayApi() != null) {
      RouterSpec.GatewayApiRouter gatewayApi = router.gatewayApi();
      return "HTTPRoute " + gatewayApi.httpRoute() + " rule " + (gatewayApi.rule() == null ? "0" : gatewayApi.rule());
    }
    if (router.nginx() != null) {
      return "NGINX canary Ingress " + router.nginx().canaryIngress();
    }
    if (router.argoRollout() != null) {
      return "Argo Rollout " + router.argoRollout().rollout() + " steps";
    }
    if (router.webhook() != null) {
      return "gateway webhook " + router.webhook().url();
    }
    return router.name();
  }

  private static String approval(Step.Approval approval, MigrationSpec spec) {
    List<String> approvers =
        approval.approvers() != null && !approval.approvers().isEmpty() ? approval.approvers() : spec.approvers();
    int needed = approval.minApprovals() == null ? 1 : approval.minApprovals();
    String text = "approval" + (approval.message() == null ? "" : " \"" + approval.message() + "\"") + ": "
        + count(needed, "approval") + " from " + (approvers.isEmpty() ? "anyone" : String.join(", ", approvers));
    if (approval.timeout() != null) {
      text += ", timeout " + duration(approval.timeout())
          + (approval.onTimeout() == null ? "" : " then " + approval.onTimeout().text());
    }
    return text;
  }

  private static String watched(List<String> metrics, MigrationSpec spec) {
    List<Trigger> triggers = spec.rollbackWhen().stream()
        .filter(t -> metrics == null || metrics.contains(t.metric()))
        .toList();
    if (triggers.isEmpty()) {
      return "no triggers";
    }
    return metrics == null ? "every rollback trigger" : triggers.stream().map(PlanPrinter::trigger)
        .collect(Collectors.joining("; "));
  }

  private static String trigger(Trigger trigger) {
    if (trigger.above() != null) {
      return trigger.metric() + " above " + trigger.above();
    }
    if (trigger.below() != null) {
      return trigger.metric() + " below " + trigger.below();
    }
    int failures = trigger.failures() == null ? 1 : trigger.failures();
    return trigger.metric() + " fails " + failures + (failures == 1 ? " time" : " times in a row");
  }

  private static String notify(Notify notify) {
    List<String> targets = new ArrayList<>();
    if (notify.slack() != null) {
      targets.add("slack " + notify.slack().channel());
    }
    if (notify.webhook() != null) {
      targets.add("webhook " + notify.webhook().url());
    }
    return targets.isEmpty() ? "nobody" : String.join(", ", targets);
  }

  private static String objects(List<Map<String, Object>> manifests) {
    return manifests.stream().map(PlanPrinter::object).collect(Collectors.joining(", "));
  }

  private static String object(Map<String, Object> manifest) {
    Object kind = manifest.get("kind");
    Object metadata = manifest.get("metadata");
    Object name = metadata instanceof Map<?, ?> meta ? meta.get("name") : null;
    return kind + " " + name;
  }

  private static String name(Map<String, Object> template) {
    Object metadata = template.get("metadata");
    Object name = metadata instanceof Map<?, ?> meta ? meta.get("name") : null;
    return name == null ? "" : " " + name;
  }

  private static String selector(Map<String, String> selector) {
    return selector.entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining(", ", "{", "}"));
  }

  private static String limit(PlanDuration duration) {
    return duration == null ? "" : " (at most " + duration(duration) + ")";
  }

  private static String every(PlanDuration interval) {
    return interval == null ? "" : " (every " + duration(interval) + ")";
  }

  /** Hours read better than days for the windows plans use (24h, 72h); a week or more is shown in days. */
  static String duration(PlanDuration duration) {
    long millis = duration.millis();
    if (millis < DAY || millis >= 7 * DAY) {
      return duration.text();
    }
    long rest = millis % HOUR;
    return (millis / HOUR) + "h" + (rest == 0 ? "" : PlanDuration.ofMillis(rest).text());
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
