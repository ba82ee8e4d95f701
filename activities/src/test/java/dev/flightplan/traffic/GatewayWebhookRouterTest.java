package dev.flightplan.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flightplan.activities.TrafficActivities.TrafficChange;
import dev.flightplan.activities.TrafficActivities.TrafficRequest;
import dev.flightplan.plan.PlanDuration;
import dev.flightplan.plan.RouterSpec;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a gateway played by a local HTTP server that checks every signature it receives. */
class GatewayWebhookRouterTest {

  private static final String SECRET = "gateway-s3cret";
  private static final String SECRET_REF = "PYAIRTABLE_GATEWAY_SECRET";

  /** The gateway: its weights, what it was sent, and how it answers. */
  private static final class Gateway {
    final ObjectMapper json = new ObjectMapper();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    volatile int stable = 100;
    volatile int canary = 0;
    volatile int failWith = 0;
    volatile String failBody = "";
    volatile boolean hang;

    void handle(HttpExchange exchange) throws IOException {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String method = exchange.getRequestMethod();
      requests.add(
          method
              + " "
              + exchange.getRequestURI().getPath()
              + " "
              + new String(body, StandardCharsets.UTF_8));
      if (hang) {
        await();
      }
      String signature = exchange.getRequestHeaders().getFirst("X-Flightplan-Signature");
      if (!("sha256=" + hmac(body)).equals(signature)) {
        answer(exchange, 401, "{\"message\": \"bad signature\"}");
      } else if (failWith != 0) {
        answer(exchange, failWith, failBody);
      } else if (method.equals("PUT")) {
        JsonNode weights = json.readTree(body);
        stable = weights.get("stable").asInt();
        canary = weights.get("canary").asInt();
        answer(exchange, 204, "");
      } else {
        answer(exchange, 200, "{\"stable\": " + stable + ", \"canary\": " + canary + "}");
      }
    }

    private void await() {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
      exchange.close();
    }
  }

  private final Gateway gateway = new Gateway();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpClient http = HttpClient.newHttpClient();
  private HttpServer server;
  private TrafficActivitiesImpl traffic;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/admin/routes/platform/weights", gateway::handle);
    server.setExecutor(threads);
    server.start();
    traffic =
        RouterFixtures.traffic(new GatewayWebhookRouter(http, Map.of(SECRET_REF, SECRET)::get));
  }

  @AfterEach
  void stop() {
    gateway.release.countDown();
    server.stop(0);
    threads.shutdownNow();
  }

  private TrafficRequest request(String secretRef, String timeout) {
    String url =
        "http://127.0.0.1:" + server.getAddress().getPort() + "/admin/routes/platform/weights";
    return RouterFixtures.request(
        RouterSpec.of(
            new RouterSpec.WebhookRouter(
                url, secretRef, timeout == null ? null : PlanDuration.parse(timeout))),
        "api-gateway",
        "pyairtable-platform");
  }

  private TrafficRequest request() {
    return request(SECRET_REF, null);
  }

  private static String hmac(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void readsTheGatewaysWeightsWithASignedGet() {
    gateway.stable = 3;
    gateway.canary = 1;

    assertThat(traffic.current(request()).canaryWeight()).isEqualTo(25);
    assertThat(gateway.requests).containsExactly("GET /admin/routes/platform/weights ");
  }

  @Test
  void setsWeightsWithASignedPutAndRestorePutsBackTheNumbersReadBefore() {
    gateway.stable = 3;
    gateway.canary = 1;

    TrafficChange change = traffic.setWeight(request(), 50);

    assertThat(change.before().canaryWeight()).isEqualTo(25);
    assertThat(change.after().canaryWeight()).isEqualTo(50);
    assertThat(gateway.requests)
        .contains("PUT /admin/routes/platform/weights {\"stable\":50,\"canary\":50}");

    traffic.restore(request(), RouterFixtures.viaHistory(change.before()));

    assertThat(gateway.stable).isEqualTo(3);
    assertThat(gateway.canary).isEqualTo(1);
    assertThat(gateway.requests)
        .filteredOn(r -> r.startsWith("PUT"))
        .last()
        .isEqualTo("PUT /admin/routes/platform/weights {\"stable\":3,\"canary\":1}");
  }

  @Test
  void settingTheWeightItAlreadyHasSendsNoPut() {
    gateway.stable = 90;
    gateway.canary = 10;

    TrafficChange change = traffic.setWeight(request(), 10);

    assertThat(change.after().canaryWeight()).isEqualTo(10);
    assertThat(gateway.requests).noneMatch(r -> r.startsWith("PUT"));
  }

  @Test
  void aClientErrorFailsWithoutRetryingWithTheGatewaysMessage() {
    gateway.failWith = 409;
    gateway.failBody = "{\"message\": \"route platform is locked by a deploy\"}";

    assertThatThrownBy(() -> traffic.setWeight(request(), 10))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo(GatewayWebhookRouter.REFUSED);
              assertThat(f.getOriginalMessage())
                  .contains("409 route platform is locked by a deploy");
            });
  }

  @Test
  void aWrongSecretIsRefusedByTheGatewayAndNotRetried() {
    TrafficActivitiesImpl wrongSecret =
        RouterFixtures.traffic(new GatewayWebhookRouter(http, Map.of(SECRET_REF, "guess")::get));

    assertThatThrownBy(() -> wrongSecret.current(request()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("401 bad signature");
            });
  }

  @Test
  void aServerErrorIsRetried() {
    gateway.failWith = 503;
    gateway.failBody = "upstream connect error";

    assertThatThrownBy(() -> traffic.setWeight(request(), 10))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getType()).isEqualTo(GatewayWebhookRouter.UNAVAILABLE);
              assertThat(f.getOriginalMessage()).contains("503 upstream connect error");
            });
  }

  @Test
  void aGatewayThatDoesNotAnswerInTimeIsRetried() {
    gateway.hang = true;

    assertThatThrownBy(() -> traffic.setWeight(request(SECRET_REF, "200ms"), 10))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getType()).isEqualTo(GatewayWebhookRouter.UNAVAILABLE);
              assertThat(f.getOriginalMessage()).contains("no answer within 200 ms");
            });
  }

  @Test
  void aSecretThisWorkerDoesNotHaveSendsNothing() {
    assertThatThrownBy(() -> traffic.setWeight(request("OTHER_SECRET", null), 10))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("secret 'OTHER_SECRET'");
            });
    assertThat(gateway.requests).isEmpty();
  }

  @Test
  void anAnswerThatIsNotWeightsIsBadInput() {
    gateway.failWith = 200;
    gateway.failBody = "{\"upstreams\": [\"user-service\"]}";

    assertThatThrownBy(() -> traffic.current(request()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage())
                  .contains("expected {\"stable\": N, \"canary\": M}");
            });
  }
}
