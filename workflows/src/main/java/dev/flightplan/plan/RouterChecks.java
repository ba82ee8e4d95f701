package dev.flightplan.plan;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The rules each router's fields follow beyond their shape: names Kubernetes accepts, an Istio router that says
 * clearly how it tells stable from canary, a Gateway API rule written as an index or a name, a webhook URL that can
 * be called and carries no credential. Whether the objects exist is for preflight: it needs the cluster.
 */
final class RouterChecks {
  /** A DNS-1123 subdomain, as object names are. */
  private static final Pattern K8S_NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");

  /** What a secret's name looks like (a Secret's or an environment variable's), as opposed to a secret itself. */
  private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  private final Step.Canary canary;
  private final String path;
  private final List<PlanProblem> errors;

  private RouterChecks(Step.Canary canary, String routerPath, List<PlanProblem> errors) {
    this.canary = canary;
    this.path = routerPath;
    this.errors = errors;
  }

  /** Checks {@code canary.router()}, found at {@code routerPath}. */
  static void check(Step.Canary canary, String routerPath, List<PlanProblem> errors) {
    new RouterChecks(canary, routerPath, errors).run();
  }

  private void run() {
    RouterSpec router = canary.router();
    if (router.openshiftRoute() != null) {
      String at = PlanPaths.field(path, "openshiftRoute");
      objectName(router.openshiftRoute().route(), PlanPaths.field(at, "route"));
      objectName(router.openshiftRoute().canaryService(), PlanPaths.field(at, "canaryService"));
    } else if (router.istio() != null) {
      istio(router.istio(), PlanPaths.field(path, "istio"));
    } else if (router.gatewayApi() != null) {
      gatewayApi(router.gatewayApi(), PlanPaths.field(path, "gatewayApi"));
    } else if (router.nginx() != null) {
      objectName(router.nginx().canaryIngress(), PlanPaths.field(PlanPaths.field(path, "nginx"), "canaryIngress"));
    } else if (router.argoRollout() != null) {
      objectName(router.argoRollout().rollout(), PlanPaths.field(PlanPaths.field(path, "argoRollout"), "rollout"));
    } else if (router.webhook() != null) {
      webhook(router.webhook(), PlanPaths.field(path, "webhook"));
    }
  }

  private void istio(RouterSpec.IstioRouter istio, String at) {
    objectName(istio.virtualService(), PlanPaths.field(at, "virtualService"));
    if (istio.bySubset()) {
      String subsetsHint = "subsets of one host: set host, stableSubset and canarySubset together";
      if (istio.host() == null) {
        errors.add(new PlanProblem(PlanPaths.field(at, "host"), "missing: subsets need the host they belong to",
            subsetsHint));
      }
      if (istio.stableSubset() == null || istio.canarySubset() == null) {
        String missing = istio.stableSubset() == null ? "stableSubset" : "canarySubset";
        errors.add(new PlanProblem(PlanPaths.field(at, missing), "missing: the other side names a subset",
            subsetsHint));
      } else if (istio.stableSubset().equals(istio.canarySubset())) {
        errors.add(new PlanProblem(PlanPaths.field(at, "canarySubset"),
            "stable and canary name the same subset '" + istio.canarySubset() + "'", null));
      }
      for (String field : List.of("stableHost", "canaryHost")) {
        if ((field.equals("stableHost") ? istio.stableHost() : istio.canaryHost()) != null) {
          errors.add(new PlanProblem(PlanPaths.field(at, field), "cannot be combined with subsets",
              "tell stable and canary apart either by subsets of host, or by stableHost and canaryHost"));
        }
      }
      return;
    }
    if (istio.host() != null) {
      errors.add(new PlanProblem(PlanPaths.field(at, "host"), "host is only used with subsets",
          "set stableSubset and canarySubset, or name the destinations with stableHost and canaryHost"));
    }
    String stableHost = istio.stableHost() != null ? istio.stableHost() : canary.stable();
    String canaryHost = istio.canaryHost() != null ? istio.canaryHost() : canary.canary();
    if (Objects.equals(stableHost, canaryHost)) {
      errors.add(new PlanProblem(PlanPaths.field(at, "canaryHost"),
          "stable and canary destinations have the same host '" + canaryHost + "'",
          "name different hosts, or use subsets of one host"));
    }
  }

  private void gatewayApi(RouterSpec.GatewayApiRouter gatewayApi, String at) {
    objectName(gatewayApi.httpRoute(), PlanPaths.field(at, "httpRoute"));
    String rule = gatewayApi.rule();
    if (rule != null && (rule.isBlank() || rule.trim().startsWith("-"))) {
      errors.add(new PlanProblem(PlanPaths.field(at, "rule"), "'" + rule + "' is not a rule",
          "write the rule's position in spec.rules (from 0) or its name"));
    }
    String stable = gatewayApi.stableService() != null ? gatewayApi.stableService() : canary.stable();
    String canaryService = gatewayApi.canaryService() != null ? gatewayApi.canaryService() : canary.canary();
    if (Objects.equals(stable, canaryService)) {
      errors.add(new PlanProblem(PlanPaths.field(at, "canaryService"),
          "stable and canary backends name the same Service '" + canaryService + "'", null));
    }
  }

  private void webhook(RouterSpec.WebhookRouter webhook, String at) {
    String urlPath = PlanPaths.field(at, "url");
    String url = webhook.url();
    try {
      URI uri = new URI(url);
      if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null) {
        errors.add(new PlanProblem(urlPath, "'" + url + "' is not an http(s) URL",
            "e.g. https://gateway.internal/admin/routes/platform/weights"));
      }
    } catch (URISyntaxException e) {
      errors.add(new PlanProblem(urlPath, "'" + url + "' is not a URL: " + e.getReason(), null));
    }
    String credential = SemanticChecks.embeddedCredential(url);
    if (credential != null) {
      errors.add(new PlanProblem(urlPath, "the URL embeds a credential (" + credential + ")",
          "keep secrets out of plans: requests are signed with the secret named by secretRef"));
    }
    String secretRef = webhook.secretRef();
    if (secretRef.isBlank() || secretRef.length() > 253 || !SECRET_NAME.matcher(secretRef).matches()) {
      errors.add(new PlanProblem(PlanPaths.field(at, "secretRef"),
          secretRef.isBlank() ? "empty secretRef" : "'" + abbreviate(secretRef) + "' is not a secret's name",
          "secretRef names the secret the worker signs requests with (e.g. GATEWAY_WEBHOOK_SECRET); never the"
              + " secret itself: workflow history is readable by anyone with Temporal access"));
    }
  }

  private void objectName(String name, String at) {
    if (name != null && (name.length() > 253 || !K8S_NAME.matcher(name).matches())) {
      errors.add(new PlanProblem(at, "'" + name + "' is not a valid Kubernetes name",
          "use lowercase letters, digits, '-' and '.'"));
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 8 ? text.substring(0, 4) + "…" : text;
  }
}
