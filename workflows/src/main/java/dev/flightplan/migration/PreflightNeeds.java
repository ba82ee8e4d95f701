package dev.flightplan.migration;

import dev.flightplan.activities.KubernetesActivities.AccessCheck;
import dev.flightplan.activities.ObjectRef;
import dev.flightplan.plan.RouterSpec;
import dev.flightplan.plan.Step;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Derives from a plan's steps the objects that must exist and every verb the migration will use. */
final class PreflightNeeds {
  private PreflightNeeds() {}

  /**
   * Adds what {@code step} needs; {@code neededBy} records, for objects whose need is not self-evident (a router's
   * object), what needs them.
   */
  static void collect(
      Step step,
      String namespace,
      List<ObjectRef> mustExist,
      Map<String, String> neededBy,
      Set<AccessCheck> access) {
    if (step instanceof Step.Apply apply) {
      apply.manifests().forEach(m -> writable(m, access));
    } else if (step instanceof Step.Deploy deploy) {
      deploy.manifests().forEach(m -> writable(m, access));
    } else if (step instanceof Step.Scale scale) {
      deployment(scale.deployment(), namespace, mustExist, access, "update");
    } else if (step instanceof Step.SetImage setImage) {
      deployment(setImage.deployment(), namespace, mustExist, access, "update");
    } else if (step instanceof Step.Switch flip) {
      addOnce(mustExist, new ObjectRef("v1", "Service", namespace, flip.service()));
      access.add(new AccessCheck("update", "", "services"));
    } else if (step instanceof Step.Canary canary) {
      RouterSpec router = canary.router();
      if (router.argoRollout() == null && router.webhook() == null) {
        // An Argo Rollout owns its ReplicaSets, and a gateway webhook may front anything: no stable Deployment.
        deployment(canary.stable(), namespace, mustExist, access, "update");
      }
      if (router.service() != null) {
        addOnce(mustExist, new ObjectRef("v1", "Service", namespace, router.service().service()));
        access.add(new AccessCheck("update", "", "services"));
      }
      routerObject(router, namespace, mustExist, neededBy, access);
    } else if (step instanceof Step.Job) {
      access.add(new AccessCheck("create", "batch", "jobs"));
      access.add(new AccessCheck("get", "", "pods/log"));
    } else if (step instanceof Step.Decommission decommission) {
      deployment(decommission.deployment(), namespace, mustExist, access, "delete");
      if (decommission.service() != null) {
        access.add(new AccessCheck("delete", "", "services"));
      }
    }
  }

  /** The object a mesh or gateway router reads and updates, with the verbs it uses on it. */
  private static void routerObject(
      RouterSpec router,
      String namespace,
      List<ObjectRef> mustExist,
      Map<String, String> neededBy,
      Set<AccessCheck> access) {
    ObjectRef ref;
    String resource;
    if (router.openshiftRoute() != null) {
      ref = new ObjectRef("route.openshift.io/v1", "Route", namespace, router.openshiftRoute().route());
      resource = "routes";
    } else if (router.istio() != null) {
      ref = new ObjectRef("networking.istio.io/v1", "VirtualService", namespace, router.istio().virtualService());
      resource = "virtualservices";
    } else if (router.gatewayApi() != null) {
      ref = new ObjectRef("gateway.networking.k8s.io/v1", "HTTPRoute", namespace, router.gatewayApi().httpRoute());
      resource = "httproutes";
    } else if (router.nginx() != null) {
      ref = new ObjectRef("networking.k8s.io/v1", "Ingress", namespace, router.nginx().canaryIngress());
      resource = "ingresses";
    } else if (router.argoRollout() != null) {
      ref = new ObjectRef("argoproj.io/v1alpha1", "Rollout", namespace, router.argoRollout().rollout());
      resource = "rollouts";
      // Resuming an aborted Rollout and restoring its abort flag go through the status subresource.
      access.add(new AccessCheck("update", "argoproj.io", "rollouts/status"));
    } else {
      return;
    }
    addOnce(mustExist, ref);
    neededBy.putIfAbsent(ref.toString(), "the " + router.name() + " router needs it");
    String group = ref.apiVersion().substring(0, ref.apiVersion().indexOf('/'));
    access.add(new AccessCheck("get", group, resource));
    access.add(new AccessCheck("update", group, resource));
  }

  private static void deployment(
      String name, String namespace, List<ObjectRef> mustExist, Set<AccessCheck> access, String verb) {
    addOnce(mustExist, new ObjectRef("apps/v1", "Deployment", namespace, name));
    access.add(new AccessCheck("get", "apps", "deployments"));
    access.add(new AccessCheck(verb, "apps", "deployments"));
  }

  private static void writable(Map<String, Object> manifest, Set<AccessCheck> access) {
    String apiVersion = String.valueOf(manifest.get("apiVersion"));
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    String resource = plural(String.valueOf(manifest.get("kind")));
    for (String verb : List.of("get", "create", "update")) {
      access.add(new AccessCheck(verb, group, resource));
    }
  }

  private static String plural(String kind) {
    String lower = kind.toLowerCase(Locale.ROOT);
    if (lower.endsWith("s")) {
      return lower + "es";
    }
    return lower.endsWith("y") ? lower.substring(0, lower.length() - 1) + "ies" : lower + "s";
  }

  private static void addOnce(List<ObjectRef> refs, ObjectRef ref) {
    if (!refs.contains(ref)) {
      refs.add(ref);
    }
  }
}
