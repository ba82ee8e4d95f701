package dev.flightplan.traffic;

import dev.flightplan.activities.TrafficActivities;
import dev.flightplan.kubernetes.ClusterObjects;
import dev.flightplan.kubernetes.Heartbeat;
import dev.flightplan.kubernetes.JsonMaps;
import dev.flightplan.kubernetes.KubernetesErrors;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves traffic through the router a plan names. Every change follows the same steps whatever the
 * router: read the current state (the undo record, also kept in heartbeat details so a retried
 * attempt returns the state from before the first one), write unless already there, read back and
 * verify. A read-back that disagrees is retried: another controller may still be settling.
 */
public class TrafficActivitiesImpl implements TrafficActivities {

  /** Failure type of a write the read-back did not confirm. */
  public static final String NOT_VERIFIED = "TrafficNotVerified";

  private static final Logger log = LoggerFactory.getLogger(TrafficActivitiesImpl.class);

  private final Map<String, Router> routers = new LinkedHashMap<>();
  private final Heartbeat heartbeat;

  /** Webhook routers use a client of their own and look their secrets up in the environment. */
  public TrafficActivitiesImpl(KubernetesClient client) {
    this(client, defaultHttpClient(), System::getenv);
  }

  /**
   * {@code http} carries the webhook router's requests; {@code secrets} finds the signing secret a
   * plan names ({@code secretRef}).
   */
  public TrafficActivitiesImpl(
      KubernetesClient client, HttpClient http, Function<String, String> secrets) {
    this(defaultRouters(new ClusterObjects(client), http, secrets), Heartbeat.temporal());
  }

  public TrafficActivitiesImpl(List<Router> routers, Heartbeat heartbeat) {
    routers.forEach(router -> this.routers.put(router.name(), router));
    this.heartbeat = heartbeat;
  }

  /** The routers every worker has, webhooks signed with secrets from the environment. */
  public static List<Router> defaultRouters(ClusterObjects objects) {
    return defaultRouters(objects, defaultHttpClient(), System::getenv);
  }

  /** The routers every worker has. */
  public static List<Router> defaultRouters(
      ClusterObjects objects, HttpClient http, Function<String, String> secrets) {
    return List.of(
        new ServiceSelectorRouter(objects),
        new ReplicaRatioRouter(objects),
        new RouteBackendsRouter(objects),
        new VirtualServiceRouter(objects),
        new HttpRouteBackendsRouter(objects),
        new NginxCanaryRouter(objects),
        new RolloutStepsRouter(objects),
        new GatewayWebhookRouter(http, secrets));
  }

  private static HttpClient defaultHttpClient() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  @Override
  public TrafficState current(TrafficRequest request) {
    return router(request).read(request);
  }

  @Override
  public TrafficChange setWeight(TrafficRequest request, int canaryWeight) {
    if (canaryWeight < 0 || canaryWeight > 100) {
      throw KubernetesErrors.badInput(
          "canary weight must be between 0 and 100, not " + canaryWeight);
    }
    Router router = router(request);
    TrafficState before = firstState(router, request);
    TrafficState now = router.read(request);
    if (!router.reached(request, now, canaryWeight)) {
      router.write(request, canaryWeight);
      now = router.read(request);
      if (!router.reached(request, now, canaryWeight)) {
        throw ApplicationFailure.newFailure(
            router.name()
                + " router: set canary weight "
                + canaryWeight
                + " for "
                + request.canary()
                + " but read back "
                + now.canaryWeight()
                + " "
                + now.snapshot(),
            NOT_VERIFIED);
      }
    }
    log.info(
        "{} router: canary {} weight {} -> {}",
        router.name(),
        request.canary(),
        before.canaryWeight(),
        now.canaryWeight());
    return new TrafficChange(before, now);
  }

  @Override
  public void restore(TrafficRequest request, TrafficState before) {
    if (before == null || before.snapshot() == null) {
      throw KubernetesErrors.badInput("restore needs the state recorded before the change");
    }
    Router router = router(request);
    router.restore(request, before);
    TrafficState now = router.read(request);
    if (!JsonMaps.same(now.snapshot(), before.snapshot())) {
      throw ApplicationFailure.newFailure(
          router.name()
              + " router: restored "
              + before.snapshot()
              + " but read back "
              + now.snapshot(),
          NOT_VERIFIED);
    }
    log.info(
        "{} router: restored canary {} to weight {}",
        router.name(),
        request.canary(),
        now.canaryWeight());
  }

  /** The state before this activity's first attempt changed anything. */
  private TrafficState firstState(Router router, TrafficRequest request) {
    Optional<TrafficState> earlier = heartbeat.previous(TrafficState.class);
    if (earlier.isPresent()) {
      log.info("{} router: retry; keeping the undo record of the first attempt", router.name());
      return earlier.get();
    }
    TrafficState before = router.read(request);
    heartbeat.beat(before);
    return before;
  }

  private Router router(TrafficRequest request) {
    String name = request.router() == null ? "none" : request.router().name();
    Router router = routers.get(name);
    if (router == null) {
      throw KubernetesErrors.badInput(
          "no router " + name + " on this worker (it has " + routers.keySet() + ")");
    }
    return router;
  }
}
