package dev.flightplan.traffic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flightplan.activities.TrafficActivities.TrafficRequest;
import dev.flightplan.activities.TrafficActivities.TrafficState;
import dev.flightplan.kubernetes.KubernetesErrors;
import dev.flightplan.plan.RouterSpec.WebhookRouter;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An API gateway's own weights behind an HTTP endpoint (Kong, Envoy, a custom gateway, a
 * docker-compose setup): {@code GET url} answers {@code {"stable": N, "canary": M}}, {@code PUT
 * url} with the same JSON sets them; the canary's share is M / (N + M). Weight w writes {@code
 * {"stable": 100 − w, "canary": w}}; undo PUTs the numbers read before. Every request carries
 * {@value #SIGNATURE_HEADER}: {@code sha256=<hex HMAC-SHA256 of the body>} keyed with the secret
 * {@code secretRef} names (a GET signs the empty body), so the gateway can refuse anyone else.
 * Timeouts, connection failures and 5xx answers are retried; any other answer outside 2xx fails the
 * step with the gateway's message.
 */
public final class GatewayWebhookRouter implements Router {

  public static final String NAME = "webhook";
  public static final String SIGNATURE_HEADER = "X-Flightplan-Signature";

  /** Failure types: the gateway refused (not retried), or could not answer (retried). */
  public static final String REFUSED = "WebhookRefused";

  public static final String UNAVAILABLE = "WebhookUnavailable";

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_MESSAGE = 500;
  private static final Logger log = LoggerFactory.getLogger(GatewayWebhookRouter.class);

  private final HttpClient http;
  private final Function<String, String> secrets;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * {@code secrets} looks a secret up by the name a plan gives ({@code secretRef}); the worker uses
   * its environment.
   */
  public GatewayWebhookRouter(HttpClient http, Function<String, String> secrets) {
    this.http = http;
    this.secrets = secrets;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TrafficState read(TrafficRequest request) {
    WebhookRouter spec = spec(request);
    JsonNode body = send(spec, "GET", new byte[0]);
    int stable = weight(body, "stable", spec);
    int canary = weight(body, "canary", spec);
    Map<String, Object> snapshot = new LinkedHashMap<>();
    snapshot.put("stable", stable);
    snapshot.put("canary", canary);
    return new TrafficState(Weights.percent(canary, stable + canary), snapshot);
  }

  @Override
  public void write(TrafficRequest request, int canaryWeight) {
    WebhookRouter spec = spec(request);
    put(spec, 100 - canaryWeight, canaryWeight);
    log.info("gateway {}: canary weight {}", spec.url(), canaryWeight);
  }

  @Override
  public void restore(TrafficRequest request, TrafficState before) {
    WebhookRouter spec = spec(request);
    Map<String, Object> saved = before.snapshot();
    if (!(saved.get("stable") instanceof Number stable)
        || !(saved.get("canary") instanceof Number canary)) {
      throw KubernetesErrors.badInput("webhook router snapshot lacks stable and canary: " + saved);
    }
    put(spec, stable.intValue(), canary.intValue());
  }

  private void put(WebhookRouter spec, int stable, int canary) {
    Map<String, Object> weights = new LinkedHashMap<>();
    weights.put("stable", stable);
    weights.put("canary", canary);
    try {
      send(spec, "PUT", json.writeValueAsBytes(weights));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write two numbers as JSON", e);
    }
  }

  private JsonNode send(WebhookRouter spec, String method, byte[] body) {
    String target = method + " " + spec.url();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(spec))
            .timeout(timeout(spec))
            .header("Accept", "application/json")
            .header(SIGNATURE_HEADER, "sha256=" + sign(body, secret(spec)));
    if (method.equals("PUT")) {
      request
          .header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      request.GET();
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw ApplicationFailure.newFailureWithCause(
          target + ": no answer within " + timeout(spec).toMillis() + " ms", UNAVAILABLE, e);
    } catch (IOException e) {
      throw ApplicationFailure.newFailureWithCause(
          target + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), UNAVAILABLE, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailureWithCause(
          target + ": interrupted", KubernetesErrors.INTERRUPTED, e);
    }
    int status = response.statusCode();
    if (status >= 500 || status == 408 || status == 429) {
      throw ApplicationFailure.newFailure(
          target + ": " + status + " " + message(response.body()), UNAVAILABLE);
    }
    if (status < 200 || status >= 300) {
      throw ApplicationFailure.newNonRetryableFailure(
          target + ": " + status + " " + message(response.body()), REFUSED);
    }
    if (method.equals("PUT")) {
      return null;
    }
    try {
      return json.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          target + " answered " + abbreviate(response.body()) + ", not JSON weights", REFUSED);
    }
  }

  /** The gateway's own words: a JSON body's {@code message} or {@code error}, else the text. */
  private String message(String body) {
    if (body == null || body.isBlank()) {
      return "(no message)";
    }
    try {
      JsonNode node = json.readTree(body);
      for (String field : new String[] {"message", "error", "detail"}) {
        if (node != null && node.hasNonNull(field) && node.get(field).isTextual()) {
          return node.get(field).asText();
        }
      }
    } catch (JsonProcessingException e) {
      // not JSON: the text itself is the message
    }
    return abbreviate(body.strip());
  }

  private static int weight(JsonNode body, String field, WebhookRouter spec) {
    JsonNode value = body == null ? null : body.get(field);
    if (value == null
        || !value.canConvertToInt()
        || !value.isIntegralNumber()
        || value.asInt() < 0) {
      throw ApplicationFailure.newNonRetryableFailure(
          "GET "
              + spec.url()
              + " answered "
              + abbreviate(String.valueOf(body))
              + ": expected {\"stable\": N, \"canary\": M} with whole numbers ≥ 0",
          REFUSED);
    }
    return value.asInt();
  }

  private String secret(WebhookRouter spec) {
    String secret = spec.secretRef() == null ? null : secrets.apply(spec.secretRef());
    if (secret == null || secret.isEmpty()) {
      throw KubernetesErrors.badInput(
          "secret '"
              + spec.secretRef()
              + "' for the webhook router is not set on this worker; requests to "
              + spec.url()
              + " must be signed");
    }
    return secret;
  }

  /** The hex HMAC-SHA256 of {@code body} keyed with {@code secret}. */
  static String sign(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
    }
  }

  private static URI uri(WebhookRouter spec) {
    try {
      URI uri = URI.create(spec.url());
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw KubernetesErrors.badInput(
          "webhook router url '" + spec.url() + "' is not usable: " + e.getMessage());
    }
  }

  private static Duration timeout(WebhookRouter spec) {
    return spec.timeout() == null ? DEFAULT_TIMEOUT : spec.timeout().toDuration();
  }

  private static String abbreviate(String text) {
    return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text;
  }

  private static WebhookRouter spec(TrafficRequest request) {
    WebhookRouter spec = request.router() == null ? null : request.router().webhook();
    if (spec == null || spec.url() == null || spec.url().isBlank()) {
      throw KubernetesErrors.badInput("the webhook router needs router.webhook.url");
    }
    return spec;
  }
}
