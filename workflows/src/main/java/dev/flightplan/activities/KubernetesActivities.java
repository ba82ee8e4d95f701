package dev.flightplan.activities;

import io.temporal.activity.ActivityInterface;
import java.util.List;
import java.util.Map;

/**
 * Changes to a Kubernetes cluster. Every change returns what it saw before it changed anything, which is exactly
 * what its undo needs. All methods are idempotent: reaching a state that already holds is success.
 */
@ActivityInterface(namePrefix = "Kubernetes")
public interface KubernetesActivities {

  /** Reads an object as it is now; null when it does not exist. The snapshot an undo is built from. */
  Map<String, Object> get(ObjectRef ref);

  /** Creates the object, or JSON-merge-patches the manifest onto the live one so fields owned by others survive. */
  ApplyResult apply(ApplyRequest request);

  /** Puts an object back exactly as it was ({@code before}), or deletes it when it did not exist before. */
  void restore(RestoreRequest request);

  /** Waits, heartbeating, until a Deployment has fully rolled out, or fails when {@code timeout} passes. */
  RolloutStatus awaitRollout(RolloutRequest request);

  /** Sets a Deployment's replicas; returns the previous count. */
  ScaleResult scale(ScaleRequest request);

  /** Sets one container's image; returns the previous image. */
  SetImageResult setImage(SetImageRequest request);

  /** Replaces a Service's selector; returns the previous selector. */
  SelectorResult setSelector(SelectorRequest request);

  /** Deletes an object, returning a snapshot of it (null when it was already gone). */
  Map<String, Object> delete(ObjectRef ref);

  /** Runs a Job to completion, heartbeating; on failure the result carries the pods' logs. */
  JobResult runJob(JobRequest request);

  /** Reachability, existence of every named object and SelfSubjectAccessReview of every verb the plan needs. */
  PreflightResult preflight(PreflightRequest request);

  record ApplyRequest(String namespace, Map<String, Object> manifest) {}

  /** {@code before} is null when the object was created. */
  record ApplyResult(ObjectRef ref, Map<String, Object> before, boolean created, boolean changed) {}

  record RestoreRequest(ObjectRef ref, Map<String, Object> before) {}

  record RolloutRequest(String namespace, String deployment, long timeoutMillis) {}

  record RolloutStatus(String deployment, int replicas, int readyReplicas, int updatedReplicas, long waitedMillis) {}

  record ScaleRequest(String namespace, String deployment, int replicas) {}

  record ScaleResult(String deployment, int previousReplicas) {}

  /** {@code container} may be null when the pod has a single container. */
  record SetImageRequest(String namespace, String deployment, String container, String image) {}

  record SetImageResult(String deployment, String container, String previousImage) {}

  record SelectorRequest(String namespace, String service, Map<String, String> selector) {}

  record SelectorResult(String service, Map<String, String> previousSelector) {}

  record JobRequest(String namespace, String name, Map<String, Object> template, long timeoutMillis) {}

  record JobResult(String name, boolean succeeded, String message, String logs) {}

  /** One verb on one resource, e.g. {@code patch apps/deployments}. */
  record AccessCheck(String verb, String group, String resource) {}

  /**
   * {@code neededBy} says, for some of {@code mustExist} (keyed by {@link ObjectRef#toString()}), what needs the
   * object, so a missing one is reported as e.g. {@code Route shop/web not found: the openshiftRoute router needs it}.
   */
  record PreflightRequest(
      String namespace, List<ObjectRef> mustExist, List<AccessCheck> access, Map<String, String> neededBy) {

    public PreflightRequest(String namespace, List<ObjectRef> mustExist, List<AccessCheck> access) {
      this(namespace, mustExist, access, Map.of());
    }

    /** ": <what needs it>" for {@code ref}, or nothing. */
    public String neededBy(ObjectRef ref) {
      String why = neededBy == null ? null : neededBy.get(ref.toString());
      return why == null ? "" : ": " + why;
    }
  }

  /** Empty {@code problems} means every check passed. */
  record PreflightResult(List<String> problems, List<String> checked) {}
}
