package dev.flightplan.fleet;

import dev.flightplan.migration.Decision;
import dev.flightplan.migration.PendingDecision;
import dev.flightplan.migration.TimelineEntry;
import dev.flightplan.plan.FleetExpander;
import dev.flightplan.plan.FleetPlan;
import dev.flightplan.plan.FleetSystem;
import dev.flightplan.plan.Wave;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet workflow's state in one place: each system's progress, where the fleet is, and the
 * effect of the signals it took. Only workflow code touches it; {@link #snapshot()} and {@link
 * #resume} carry it across continue-as-new.
 */
final class FleetBook {

  /** The timeline is carried from run to run: keep it small. */
  static final int TIMELINE_LIMIT = 100;

  final FleetPlan plan;
  final long startedAtMillis;
  final int run;
  final List<List<String>> members = new ArrayList<>();
  final Map<String, FleetSystem> systemsByName = new LinkedHashMap<>();
  private final Map<String, SystemProgress> progress = new LinkedHashMap<>();
  private final Deque<TimelineEntry> timeline = new ArrayDeque<>();

  int waveIndex;
  FleetState stage = FleetState.RUNNING;
  FleetState finalState;
  String summary;
  boolean paused;
  String haltReason;
  boolean rollbackRequested;
  Decision abortRequest;
  String gateApprovedBy;
  Long soakUntilMillis;

  /** Bumped by every signal, so the workflow wakes up and looks again. */
  int signals;

  /**
   * Set while this run drains before continuing as new: no new migration starts until the running ones finish. Not
   * carried: the next run starts fresh.
   */
  boolean handingOver;

  private FleetBook(FleetPlan plan, long startedAtMillis, int run) {
    this.plan = plan;
    this.startedAtMillis = startedAtMillis;
    this.run = run;
    for (FleetSystem system : plan.spec().systems()) {
      systemsByName.put(system.name(), system);
    }
    List<Wave> waves = plan.spec().waves();
    for (Wave wave : waves) {
      members.add(FleetExpander.members(plan, wave).stream().map(FleetSystem::name).toList());
    }
  }

  static FleetBook start(FleetPlan plan, long now) {
    FleetBook book = new FleetBook(plan, now, 1);
    Map<String, Integer> waveOf = FleetExpander.waveIndex(plan);
    for (FleetSystem system : plan.spec().systems()) {
      book.progress.put(
          system.name(),
          SystemProgress.pending(system.name(), waveOf.getOrDefault(system.name(), -1)));
    }
    return book;
  }

  static FleetBook resume(FleetPlan plan, FleetCarry carried) {
    FleetBook book = new FleetBook(plan, carried.startedAtMillis(), carried.runs() + 1);
    carried.systems().forEach(system -> book.progress.put(system.system(), system));
    book.waveIndex = carried.waveIndex();
    book.paused = carried.paused();
    book.haltReason = carried.haltReason();
    book.rollbackRequested = carried.rollbackRequested();
    book.abortRequest = carried.abortRequest();
    if (carried.timeline() != null) {
      book.timeline.addAll(carried.timeline());
    }
    return book;
  }

  FleetCarry snapshot() {
    return new FleetCarry(
        startedAtMillis,
        run,
        waveIndex,
        List.copyOf(progress.values()),
        paused,
        haltReason,
        rollbackRequested,
        abortRequest,
        List.copyOf(timeline));
  }

  String fleet() {
    return plan.name();
  }

  List<Wave> waves() {
    return plan.spec().waves();
  }

  SystemProgress get(String system) {
    return progress.get(system);
  }

  void put(SystemProgress system) {
    progress.put(system.system(), system);
  }

  void note(long now, String kind, String text, String by) {
    timeline.addLast(new TimelineEntry(now, kind, text, by));
    while (timeline.size() > TIMELINE_LIMIT) {
      timeline.removeFirst();
    }
  }

  /** Whether the fleet may start another migration now (capacity and dependencies aside). */
  boolean mayStart() {
    return finalState == null
        && abortRequest == null
        && !paused
        && haltReason == null
        && !rollbackRequested;
  }

  int count(SystemState state) {
    return (int) progress.values().stream().filter(p -> p.state() == state).count();
  }

  FleetState state() {
    if (finalState != null) {
      return finalState;
    }
    if (abortRequest != null) {
      return FleetState.ABORTING;
    }
    if (stage == FleetState.ROLLING_BACK || rollbackRequested) {
      return FleetState.ROLLING_BACK;
    }
    if (haltReason != null) {
      return FleetState.HALTED;
    }
    if (stage == FleetState.RUNNING && paused) {
      return FleetState.PAUSED;
    }
    return stage;
  }

  List<String> waveStates() {
    List<String> states = new ArrayList<>();
    for (int w = 0; w < waves().size(); w++) {
      if (w < waveIndex) {
        states.add("DONE");
      } else if (w > waveIndex) {
        states.add("PENDING");
      } else if (finalState == FleetState.COMPLETED) {
        states.add("DONE");
      } else if (finalState != null) {
        states.add(finalState == FleetState.ROLLED_BACK ? "ROLLED_BACK" : "STOPPED");
      } else {
        states.add(state().name());
      }
    }
    return states;
  }

  FleetKpis kpis(long now) {
    return FleetKpiCalculator.compute(
        fleet(), waves(), waveStates(), progress.values(), startedAtMillis, now);
  }

  FleetStatus status(long now) {
    List<String> waveStates = waveStates();
    List<FleetStatus.WaveStatus> waveRows = new ArrayList<>();
    for (int w = 0; w < waves().size(); w++) {
      List<FleetStatus.SystemRow> rows = new ArrayList<>();
      for (String name : members.get(w)) {
        rows.add(row(progress.get(name), now));
      }
      waveRows.add(
          new FleetStatus.WaveStatus(
              waves().get(w).name(), waveStates.get(w), waves().get(w).parallelism(), rows));
    }
    String current = waveIndex < waves().size() ? waves().get(waveIndex).name() : null;
    return new FleetStatus(
        fleet(),
        state(),
        current,
        Math.min(waveIndex + 1, waves().size()),
        waves().size(),
        paused,
        haltReason,
        pending(),
        nextAction(now),
        run,
        List.copyOf(waveRows),
        List.copyOf(timeline));
  }

  private static FleetStatus.SystemRow row(SystemProgress system, long now) {
    Integer weight =
        switch (system.state()) {
          case COMPLETED, REVERTING, REVERT_FAILED -> 100;
          case RUNNING -> null;
          default -> 0;
        };
    Long duration = system.migrationMillis();
    if ((system.state() == SystemState.RUNNING || system.state() == SystemState.REVERTING)
        && system.startedAtMillis() != null) {
      duration = now - system.startedAtMillis();
    }
    return new FleetStatus.SystemRow(
        system.system(), system.state(), weight, duration, system.workflowId(), system.summary());
  }

  private PendingDecision pending() {
    if (finalState != null) {
      return null;
    }
    if (stage == FleetState.WAITING_APPROVAL && abortRequest == null) {
      String next =
          waveIndex + 1 < waves().size()
              ? "start wave '" + waves().get(waveIndex + 1).name() + "'"
              : "finish";
      return new PendingDecision(
          "gate",
          "wave '" + waves().get(waveIndex).name() + "' is done: approve to " + next,
          1,
          List.of(),
          plan.spec().approvers(),
          null,
          null);
    }
    if (haltReason != null && abortRequest == null && !rollbackRequested) {
      return new PendingDecision(
          "budget",
          "failure budget spent (" + haltReason + "): resume to go on, abort to stop",
          0,
          List.of(),
          List.of(),
          null,
          null);
    }
    return null;
  }

  private String nextAction(long now) {
    if (finalState != null) {
      return "none: the fleet has ended " + finalState;
    }
    int running = count(SystemState.RUNNING) + count(SystemState.REVERTING);
    return switch (state()) {
      case ABORTING -> "waiting for " + running + " running migration(s) to roll back";
      case ROLLING_BACK -> "reverting wave '" + waves().get(waveIndex).name() + "', newest first";
      case HALTED -> "resume or abort (" + running + " migration(s) still running)";
      case PAUSED -> "resume to start more migrations (" + running + " still running)";
      case WAITING_APPROVAL ->
          "approve the gate after wave '" + waves().get(waveIndex).name() + "'";
      case SOAKING ->
          "soaking wave '"
              + waves().get(waveIndex).name()
              + "' for another "
              + (soakUntilMillis == null ? 0 : Math.max(0, soakUntilMillis - now) / 60_000)
              + " min";
      default ->
          handingOver
              ? "continuing as new to keep the history bounded: no new migration starts until the "
                  + running
                  + " running one(s) in wave '"
                  + waves().get(waveIndex).name()
                  + "' finish, then the wave goes on (nothing to do)"
              : running + " migration(s) running in wave '" + waves().get(waveIndex).name() + "'";
    };
  }
}
