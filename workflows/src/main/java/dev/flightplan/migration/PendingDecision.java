package dev.flightplan.migration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What the migration waits for a person to decide. {@code kind} is {@code approval} (an approval step),
 * {@code inconclusive} (analysis had no data: approve to continue, reject to roll back) or {@code attention} (a
 * step past the point of no return, or an undo, failed: retry, skip or abort).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PendingDecision(
    String kind,
    String message,
    int minApprovals,
    List<String> approvedBy,
    List<String> allowed,
    Long deadlineMillis,
    String onTimeout) {

  public int stillNeeded() {
    return Math.max(0, minApprovals - approvedBy.size());
  }
}
