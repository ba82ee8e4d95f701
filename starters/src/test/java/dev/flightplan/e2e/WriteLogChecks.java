package dev.flightplan.e2e;

import dev.flightplan.demo.ClusterWrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a simulated cluster's write log for changes applied twice in a way that hurts. Repeating a write is fine when
 * it changes nothing (a retried merge patch with the same content, a create answered 409); what is not fine:
 *
 * <ul>
 *   <li>an object created twice without being deleted in between (a retry that did not notice its own create);
 *   <li>an object deleted twice with success, or changed after it was deleted;
 *   <li>a Deployment's replicas going back to a count it had already left (A → B → A), as a stale retry of an
 *       earlier scale would do after a later one.
 * </ul>
 *
 * Status writes (the rollout simulator playing the controllers) and access reviews (preflight) are not changes to
 * the desired state and are not looked at.
 */
public final class WriteLogChecks {
  private WriteLogChecks() {}

  /** Each harmful repetition found, described for a person; empty when there is none. */
  public static List<String> harmfulRepeats(List<ClusterWrite> log) {
    Map<String, List<ClusterWrite>> byObject = new LinkedHashMap<>();
    for (ClusterWrite write : log) {
      if (write.succeeded() && !write.isStatusWrite() && !isAccessReview(write) && write.name() != null) {
        byObject.computeIfAbsent(write.objectKey(), key -> new ArrayList<>()).add(write);
      }
    }
    List<String> problems = new ArrayList<>();
    byObject.forEach((object, writes) -> problems.addAll(check(object, writes)));
    return problems;
  }

  private static List<String> check(String object, List<ClusterWrite> writes) {
    List<String> problems = new ArrayList<>();
    boolean exists = true; // unknown before the first write: seeded objects exist, created ones are POSTed first
    boolean created = false;
    List<Integer> replicaHistory = new ArrayList<>();
    for (ClusterWrite write : writes) {
      switch (write.method()) {
        case "POST" -> {
          if (created && exists) {
            problems.add(object + " created twice without a delete in between (at " + write.timeMillis() + ")");
          }
          created = true;
          exists = true;
        }
        case "DELETE" -> {
          if (!exists) {
            problems.add(object + " deleted twice (at " + write.timeMillis() + ")");
          }
          exists = false;
          replicaHistory.clear();
        }
        default -> {
          if (!exists) {
            problems.add(object + " changed by " + write.method() + " after it was deleted (at " + write.timeMillis() + ")");
          }
        }
      }
      if (write.replicas() != null && !write.method().equals("DELETE")) {
        Integer previous = replicaHistory.isEmpty() ? null : replicaHistory.get(replicaHistory.size() - 1);
        if (!write.replicas().equals(previous)) {
          if (replicaHistory.contains(write.replicas())) {
            problems.add(
                object + " replicas went back to " + write.replicas() + " after " + replicaHistory + " (at "
                    + write.timeMillis() + ")");
          }
          replicaHistory.add(write.replicas());
        }
      }
    }
    return problems;
  }

  private static boolean isAccessReview(ClusterWrite write) {
    return write.resource() != null && write.resource().endsWith("accessreviews");
  }

  /** How many successful writes of each kind touched the object, e.g. {@code {POST=1, PATCH=3}}. */
  public static Map<String, Integer> countsFor(List<ClusterWrite> log, String resource, String namespace, String name) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (ClusterWrite write : log) {
      if (write.succeeded()
          && !write.isStatusWrite()
          && resource.equals(write.resource())
          && namespace.equals(write.namespace())
          && name.equals(write.name())) {
        counts.merge(write.method(), 1, Integer::sum);
      }
    }
    return counts;
  }
}
