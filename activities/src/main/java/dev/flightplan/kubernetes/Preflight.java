package dev.flightplan.kubernetes;

import dev.flightplan.activities.KubernetesActivities.AccessCheck;
import dev.flightplan.activities.KubernetesActivities.PreflightRequest;
import dev.flightplan.activities.KubernetesActivities.PreflightResult;
import dev.flightplan.activities.ObjectRef;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks before a migration touches anything: the namespace and every named object exist, and the
 * worker's identity may perform every verb the plan needs (SelfSubjectAccessReview). Problems are
 * collected, not thrown, so one run reports all of them; only an unreachable cluster fails
 * (retryably).
 */
final class Preflight {

  private final KubernetesClient client;
  private final ClusterObjects objects;

  Preflight(ClusterObjects objects) {
    this.client = objects.client();
    this.objects = objects;
  }

  PreflightResult run(PreflightRequest request) {
    List<String> problems = new ArrayList<>();
    List<String> checked = new ArrayList<>();
    String namespace = request.namespace();
    if (namespace != null) {
      checkNamespace(namespace, problems, checked);
    }
    for (ObjectRef ref : request.mustExist() == null ? List.<ObjectRef>of() : request.mustExist()) {
      checkExists(objects.scoped(ref), request.neededBy(ref), problems, checked);
    }
    for (AccessCheck check : request.access() == null ? List.<AccessCheck>of() : request.access()) {
      checkAccess(namespace, check, problems, checked);
    }
    return new PreflightResult(List.copyOf(problems), List.copyOf(checked));
  }

  private void checkNamespace(String namespace, List<String> problems, List<String> checked) {
    try {
      if (client.namespaces().withName(namespace).get() == null) {
        problems.add("namespace " + namespace + " not found");
      } else {
        checked.add("namespace " + namespace + " exists");
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        // Namespaced service accounts often may not read Namespace objects; the object checks below
        // still tell.
        checked.add(
            "namespace " + namespace + ": cannot verify (" + KubernetesErrors.describe(e) + ")");
      } else {
        throw KubernetesErrors.classify("get", "Namespace " + namespace, e);
      }
    }
  }

  private void checkExists(
      ObjectRef ref, String neededBy, List<String> problems, List<String> checked) {
    try {
      if (objects.get(ref).isPresent()) {
        checked.add(ref + " exists");
      } else {
        problems.add(ref + " not found" + neededBy);
      }
    } catch (ApplicationFailure e) {
      if (!e.isNonRetryable()) {
        throw e;
      }
      problems.add(e.getOriginalMessage() + neededBy);
    }
  }

  private void checkAccess(
      String namespace, AccessCheck check, List<String> problems, List<String> checked) {
    String what =
        check.verb()
            + " "
            + (blank(check.group()) ? "" : check.group() + "/")
            + check.resource()
            + (namespace == null ? "" : " in " + namespace);
    SelfSubjectAccessReview review =
        new SelfSubjectAccessReviewBuilder()
            // generateName: the API server ignores it, while fabric8's mock server insists on a
            // name.
            .withNewMetadata()
            .withGenerateName("flightplan-preflight-")
            .endMetadata()
            .withNewSpec()
            .withNewResourceAttributes()
            .withNamespace(namespace)
            .withVerb(check.verb())
            .withGroup(check.group() == null ? "" : check.group())
            .withResource(check.resource())
            .endResourceAttributes()
            .endSpec()
            .build();
    SubjectAccessReviewStatus status;
    try {
      status = client.authorization().v1().selfSubjectAccessReview().create(review).getStatus();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        checked.add(what + ": cannot verify RBAC here (SelfSubjectAccessReview not served)");
        return;
      }
      throw KubernetesErrors.classify("create", "SelfSubjectAccessReview for " + what, e);
    }
    if (status == null || status.getAllowed() == null) {
      checked.add(
          what + ": cannot verify RBAC here (SelfSubjectAccessReview answered without a decision)");
    } else if (Boolean.TRUE.equals(status.getAllowed())) {
      checked.add(what + ": allowed");
    } else {
      String reason = blank(status.getReason()) ? "" : ": " + status.getReason();
      problems.add("not allowed to " + what + reason);
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
