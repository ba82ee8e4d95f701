package dev.flightplan.plan;

/** Where the migration acts: a Kubernetes namespace and, for multi-cluster setups, the cluster's name. */
public record Target(String namespace, String cluster) {
  public String namespaceOrDefault() {
    return namespace == null || namespace.isBlank() ? "default" : namespace;
  }
}
