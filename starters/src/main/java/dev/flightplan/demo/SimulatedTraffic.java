package dev.flightplan.demo;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers the demo's PromQL queries from the simulated cluster: each service's traffic is split between its blue and
 * green Deployments by their replica counts, and a green image tagged {@code broken} fails 40 % of its requests and
 * answers four times slower. So the error rate a canary analysis sees rises with the canary's share, as in production.
 */
final class SimulatedTraffic implements Function<String, OptionalDouble> {
  static final double HEALTHY_ERROR_RATE = 0.004;
  static final double BROKEN_ERROR_RATE = 0.40;
  static final double HEALTHY_P95_SECONDS = 0.180;

  private static final Pattern SERVICE = Pattern.compile("service=\"([a-z0-9-]+)\"");

  private final SimulatedCluster cluster;
  private final String namespace;

  SimulatedTraffic(SimulatedCluster cluster, String namespace) {
    this.cluster = cluster;
    this.namespace = namespace;
  }

  @Override
  public OptionalDouble apply(String query) {
    Matcher matcher = SERVICE.matcher(query);
    if (!matcher.find()) {
      return OptionalDouble.empty();
    }
    String service = matcher.group(1);
    int blue = Math.max(0, cluster.replicas(namespace, service + "-blue"));
    int green = Math.max(0, cluster.replicas(namespace, service + "-green"));
    if (blue + green == 0) {
      return OptionalDouble.empty();
    }
    double greenShare = (double) green / (blue + green);
    String image = cluster.image(namespace, service + "-green");
    boolean broken = image != null && image.toLowerCase(Locale.ROOT).contains("broken");
    String q = query.toLowerCase(Locale.ROOT);
    if (q.contains("duration")) {
      double green95 = broken ? HEALTHY_P95_SECONDS * 4 : HEALTHY_P95_SECONDS * 1.05;
      return OptionalDouble.of(blend(greenShare, green95, HEALTHY_P95_SECONDS));
    }
    if (q.contains("5..")) {
      return OptionalDouble.of(blend(greenShare, broken ? BROKEN_ERROR_RATE : HEALTHY_ERROR_RATE, HEALTHY_ERROR_RATE));
    }
    return OptionalDouble.of(100.0);
  }

  private static double blend(double greenShare, double greenValue, double blueValue) {
    return greenShare * greenValue + (1 - greenShare) * blueValue;
  }
}
