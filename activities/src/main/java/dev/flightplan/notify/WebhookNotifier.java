package dev.flightplan.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flightplan.activities.NotifyActivities.Notification;
import dev.flightplan.activities.NotifyActivities.NotificationReceipt;
import dev.flightplan.plan.Notify.WebhookNotify;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * POSTs each notification as JSON to the plan's webhook. With a {@code secretRef}, the body is
 * signed: header {@value #SIGNATURE_HEADER} carries {@code sha256=<hex HMAC-SHA256 of the body>}
 * keyed with the secret of that name, so the receiver can tell the message came from Flightplan.
 * Secrets are looked up by name, never carried in the plan.
 */
public final class WebhookNotifier implements Notifier {
  public static final String SIGNATURE_HEADER = "X-Flightplan-Signature";
  private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http;
  private final Function<String, String> secrets;
  private final ObjectMapper json = new ObjectMapper();

  public WebhookNotifier(HttpClient http, Function<String, String> secrets) {
    this.http = http;
    this.secrets = secrets;
  }

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public boolean appliesTo(Notification notification) {
    return notification.target() != null && notification.target().webhook() != null;
  }

  @Override
  public NotificationReceipt send(Notification notification) throws Exception {
    WebhookNotify webhook = notification.target().webhook();
    byte[] body = json.writeValueAsBytes(payload(notification));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(webhook.url()))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (webhook.secretRef() != null) {
      String secret = secrets.apply(webhook.secretRef());
      if (secret == null || secret.isEmpty()) {
        // An unsigned message would be rejected by a receiver that checks signatures, and accepted
        // by one that
        // should not trust it: better not to send it.
        log.warn(
            "Webhook notification for {} not sent: secret {} is not set",
            notification.migration(),
            webhook.secretRef());
        return NotificationReceipt.none();
      }
      request.header(SIGNATURE_HEADER, "sha256=" + sign(body, secret));
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    int status = response.statusCode();
    if (status >= 400 && status < 500) {
      log.warn(
          "Webhook {} refused the {} notification for {} with {}: {}",
          webhook.url(),
          notification.event(),
          notification.migration(),
          status,
          response.body());
    } else if (status >= 500) {
      log.warn(
          "Webhook {} failed on the {} notification for {} with {}",
          webhook.url(),
          notification.event(),
          notification.migration(),
          status);
    }
    return NotificationReceipt.none();
  }

  /** The hex HMAC-SHA256 of {@code body} keyed with {@code secret}. */
  public static String sign(byte[] body, String secret) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  /**
   * The notification without its target: the receiver needs what happened, not where it was sent.
   */
  private static Map<String, Object> payload(Notification notification) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("migration", notification.migration());
    payload.put("event", notification.event());
    payload.put("key", notification.key());
    payload.put("text", notification.text());
    payload.put("fields", notification.fields() == null ? Map.of() : notification.fields());
    payload.put(
        "approvers",
        notification.approvers() == null ? java.util.List.of() : notification.approvers());
    return payload;
  }
}
