package dev.flightplan.migration;

import com.uber.m3.tally.Scope;
import com.uber.m3.util.Duration;
import dev.flightplan.analysis.Verdict;
import io.temporal.workflow.Workflow;
import java.util.Locale;
import java.util.Map;

/**
 * Flightplan's own metrics, emitted from workflow code through {@link Workflow#getMetricsScope()}: that scope
 * reports nothing while a workflow replays, so a worker restart does not count a transition twice, and it carries
 * the SDK's {@code namespace}, {@code task_queue} and {@code workflow_type} tags. Every label here is drawn from a
 * small closed set (states, step kinds, outcomes), except {@code migration} on the weight gauge: see
 * {@link #weight}. Durations are workflow time ({@link Workflow#currentTimeMillis()}), so they survive restarts.
 */
public final class MigrationMetrics {

  /** Counter: a migration entered {@code state}. Started migrations are transitions into RUNNING. */
  public static final String TRANSITIONS = "flightplan_migration_transitions";
  /** Counter: a rollback started, by {@code reason} ({@link RollbackReason}). */
  public static final String ROLLBACKS = "flightplan_rollbacks";
  /** Gauge: the canary's share of traffic, 0..100, by {@code migration}. */
  public static final String TRAFFIC_WEIGHT = "flightplan_traffic_weight";
  /** Timer: one plan step from start to end, by {@code step} kind and {@code outcome} (completed|failed). */
  public static final String STEP_DURATION = "flightplan_step_duration";
  /**
   * Timer: how long a decision waited, by {@code kind} (approval|inconclusive) and {@code outcome}
   * (approved|rejected|timeout|aborted).
   */
  public static final String APPROVAL_WAIT = "flightplan_approval_wait";
  /** Counter: an observation window or analysis ended with a verdict, by {@code outcome} (pass|fail|inconclusive). */
  public static final String VERDICTS = "flightplan_analysis_verdicts";

  /** Why a rollback started; the {@code reason} label of {@link #ROLLBACKS}. */
  public enum RollbackReason {
    /** A metric crossed a rollback trigger. */
    BREACH,
    /** A step's activity failed. */
    FAILURE,
    /** A person rejected an approval or an inconclusive analysis. */
    REJECTED,
    /** An approval timed out and the plan says roll back. */
    TIMEOUT,
    /** A person aborted the migration (or the plan aborts on an approval timeout). */
    ABORTED;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  void entered(MigrationState state) {
    scope(Map.of("state", state.name())).counter(TRANSITIONS).inc(1);
  }

  void rollbackStarted(RollbackReason reason) {
    scope(Map.of("reason", reason.label())).counter(ROLLBACKS).inc(1);
  }

  /**
   * One series per migration name. Bounded in practice by how many migrations a worker carries out in its life (a
   * person starts each one), and bounded for sure by the worker's registry, which keeps at most a fixed number of
   * {@code migration} values for this meter.
   */
  void weight(String migration, int percent) {
    scope(Map.of("migration", migration)).gauge(TRAFFIC_WEIGHT).update(percent);
  }

  void stepEnded(String stepKind, boolean completed, long startedMillis) {
    scope(Map.of("step", stepKind, "outcome", completed ? "completed" : "failed"))
        .timer(STEP_DURATION)
        .record(since(startedMillis));
  }

  void decisionEnded(String kind, String outcome, long startedMillis) {
    scope(Map.of("kind", kind, "outcome", outcome)).timer(APPROVAL_WAIT).record(since(startedMillis));
  }

  void verdict(Verdict.Outcome outcome) {
    scope(Map.of("outcome", outcome.name().toLowerCase(Locale.ROOT))).counter(VERDICTS).inc(1);
  }

  private static Scope scope(Map<String, String> tags) {
    return Workflow.getMetricsScope().tagged(tags);
  }

  private static Duration since(long startedMillis) {
    return Duration.ofMillis(Math.max(0, Workflow.currentTimeMillis() - startedMillis));
  }
}
