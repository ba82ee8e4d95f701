package dev.flightplan.worker;

import java.nio.file.Path;

/**
 * Which cluster the activities act on. {@code kubeconfig} null means the standard lookup ({@code
 * KUBECONFIG}, then {@code ~/.kube/config}); {@code inCluster} uses the pod's service account and
 * ignores any kubeconfig.
 */
public record KubernetesSettings(Path kubeconfig, String context, boolean inCluster) {}
