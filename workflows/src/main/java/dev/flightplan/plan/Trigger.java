package dev.flightplan.plan;

/**
 * A rollback trigger: the named metric breaches when it goes {@code above} or {@code below} its threshold, or, for a
 * probe, when it fails {@code failures} times in a row.
 */
@ExactlyOne(
    value = {"above", "below", "failures"},
    label = "condition")
public record Trigger(@Required String metric, Threshold above, Threshold below, Integer failures) {

  public String describe() {
    if (above != null) {
      return metric + " above " + above;
    }
    if (below != null) {
      return metric + " below " + below;
    }
    return metric + " fails " + (failures == null ? 1 : failures) + " times in a row";
  }
}
