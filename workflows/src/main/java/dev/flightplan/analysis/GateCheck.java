package dev.flightplan.analysis;

import dev.flightplan.plan.Trigger;

/**
 * One trigger checked against one sample. {@code threshold} is the limit as written, with its value
 * in the metric's unit when it is relative ({@code 2x baseline (= 0.84)}); {@code streak} and
 * {@code limit} count consecutive breaches.
 */
public record GateCheck(
    Trigger trigger,
    Status status,
    Double value,
    String threshold,
    String reason,
    int streak,
    int limit) {

  public enum Status {
    OK,
    BREACH,
    /**
     * The metric (or the stable side it is compared with) had no data this time: counts toward
     * inconclusive.
     */
    NO_DATA,
    /**
     * The trigger cannot be decided at all, e.g. it refers to a baseline that was never measured.
     */
    INCONCLUSIVE
  }

  static GateCheck ok(Trigger trigger, double value, String threshold) {
    return new GateCheck(trigger, Status.OK, value, threshold, null, 0, 0);
  }

  static GateCheck breach(Trigger trigger, double value, String threshold) {
    return new GateCheck(trigger, Status.BREACH, value, threshold, null, 0, 0);
  }

  static GateCheck noData(Trigger trigger, String reason) {
    return new GateCheck(trigger, Status.NO_DATA, null, null, reason, 0, 0);
  }

  static GateCheck inconclusive(Trigger trigger, String reason) {
    return new GateCheck(trigger, Status.INCONCLUSIVE, null, null, reason, 0, 0);
  }

  GateCheck counted(int streak, int limit) {
    return new GateCheck(trigger, status, value, threshold, reason, streak, limit);
  }

  public boolean breached() {
    return status == Status.BREACH;
  }
}
