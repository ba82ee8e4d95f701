package dev.flightplan.fleet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the scripted child migrations did, in the order they did it, per fleet: the test's window on
 * the children. Shared by all worker threads, so every method is synchronized; children record only
 * when not replaying.
 */
final class ChildLedger {

  enum Kind {
    MIGRATE,
    REVERT
  }

  record Entry(
      String fleet, String system, Kind kind, boolean start, String outcome, long atMillis) {}

  static final ChildLedger LEDGER = new ChildLedger();

  private final List<Entry> entries = new ArrayList<>();

  synchronized void started(String fleet, String system, Kind kind, long atMillis) {
    entries.add(new Entry(fleet, system, kind, true, null, atMillis));
  }

  synchronized void ended(String fleet, String system, Kind kind, String outcome, long atMillis) {
    entries.add(new Entry(fleet, system, kind, false, outcome, atMillis));
  }

  synchronized List<Entry> of(String fleet) {
    return entries.stream().filter(e -> e.fleet().equals(fleet)).toList();
  }

  List<String> startOrder(String fleet, Kind kind) {
    return of(fleet).stream()
        .filter(e -> e.start() && e.kind() == kind)
        .map(Entry::system)
        .toList();
  }

  Optional<Entry> start(String fleet, String system) {
    return of(fleet).stream()
        .filter(e -> e.start() && e.kind() == Kind.MIGRATE && e.system().equals(system))
        .findFirst();
  }

  Optional<Entry> end(String fleet, String system) {
    return of(fleet).stream()
        .filter(e -> !e.start() && e.kind() == Kind.MIGRATE && e.system().equals(system))
        .findFirst();
  }

  long countStarts(String fleet) {
    return of(fleet).stream().filter(e -> e.start() && e.kind() == Kind.MIGRATE).count();
  }

  /**
   * The most migrations of {@code members} that were running at the same time, replaying the ledger
   * in order.
   */
  int peakConcurrency(String fleet, Predicate<String> members) {
    Set<String> running = new HashSet<>();
    int peak = 0;
    for (Entry entry : of(fleet)) {
      if (entry.kind() != Kind.MIGRATE || !members.test(entry.system())) {
        continue;
      }
      if (entry.start()) {
        running.add(entry.system());
        peak = Math.max(peak, running.size());
      } else {
        running.remove(entry.system());
      }
    }
    return peak;
  }

  /** Each system's outcome as the child itself reported it. */
  Map<String, String> outcomes(String fleet) {
    Map<String, String> outcomes = new HashMap<>();
    for (Entry entry : of(fleet)) {
      if (!entry.start() && entry.kind() == Kind.MIGRATE) {
        outcomes.put(entry.system(), entry.outcome());
      }
    }
    return outcomes;
  }
}
