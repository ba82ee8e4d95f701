package dev.flightplan.worker;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** Builds the Kubernetes client the activities use, from the worker's settings. */
public final class KubernetesClients {

  private KubernetesClients() {}

  public static KubernetesClient create(KubernetesSettings settings) {
    return new KubernetesClientBuilder().withConfig(config(settings)).build();
  }

  static Config config(KubernetesSettings settings) {
    if (settings.inCluster()) {
      // Only the pod's service account counts: a stray kubeconfig in the image must not redirect
      // the worker.
      System.setProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
      return Config.autoConfigure(null);
    }
    if (settings.kubeconfig() != null) {
      return Config.fromKubeconfig(settings.context(), settings.kubeconfig().toFile());
    }
    return Config.autoConfigure(settings.context());
  }
}
