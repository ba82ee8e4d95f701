package dev.flightplan.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flightplan.activities.NotifyActivities.Notification;
import dev.flightplan.activities.NotifyActivities.NotificationReceipt;
import dev.flightplan.metrics.LocalHttpServer;
import dev.flightplan.plan.Notify;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class NotifyActivitiesImplTest {
  private static final String SECRET = "webhook-s3cret";
  private final HttpClient http = HttpClient.newHttpClient();

  private NotifyActivitiesImpl notifier(Map<String, String> secrets) {
    return NotifyActivitiesImpl.create(http, secrets::get);
  }

  private static Notification breach(String url, String secretRef) {
    return new Notification(
        new Notify(null, new Notify.WebhookNotify(url, secretRef)),
        "checkout-v2",
        "breach",
        "checkout-v2/breach/1",
        "error_rate above 0.05: measured 0.2",
        Map.of("trigger", "error_rate above 0.05", "value", "0.2"),
        List.of("alice"),
        null,
        null);
  }

  private static String hmac(byte[] body, String secret) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  @Test
  void postsASignedJsonNotificationToTheWebhook() throws Exception {
    try (LocalHttpServer receiver = LocalHttpServer.answering(204, "")) {
      notifier(Map.of("FLIGHTPLAN_WEBHOOK_SECRET", SECRET))
          .send(breach(receiver.url() + "/hooks/flightplan", "FLIGHTPLAN_WEBHOOK_SECRET"));

      LocalHttpServer.Request request = receiver.requests().get(0);
      assertThat(request.method()).isEqualTo("POST");
      assertThat(request.path()).isEqualTo("/hooks/flightplan");
      assertThat(request.header("Content-Type")).isEqualTo("application/json");
      assertThat(request.header(WebhookNotifier.SIGNATURE_HEADER))
          .isEqualTo("sha256=" + hmac(request.body(), SECRET));
      JsonNode body = new ObjectMapper().readTree(request.body());
      assertThat(body.get("migration").asText()).isEqualTo("checkout-v2");
      assertThat(body.get("event").asText()).isEqualTo("breach");
      assertThat(body.get("text").asText()).isEqualTo("error_rate above 0.05: measured 0.2");
      assertThat(body.at("/fields/value").asText()).isEqualTo("0.2");
      assertThat(body.has("target")).isFalse();
    }
  }

  @Test
  void sendsUnsignedWhenThePlanNamesNoSecret() {
    try (LocalHttpServer receiver = LocalHttpServer.answering(200, "{}")) {
      notifier(Map.of()).send(breach(receiver.url(), null));

      assertThat(receiver.requests())
          .singleElement()
          .satisfies(
              request -> assertThat(request.header(WebhookNotifier.SIGNATURE_HEADER)).isNull());
    }
  }

  @Test
  void sendsNothingWhenTheNamedSecretIsMissing() {
    try (LocalHttpServer receiver = LocalHttpServer.answering(200, "{}")) {
      notifier(Map.of()).send(breach(receiver.url(), "UNSET_SECRET"));

      assertThat(receiver.requests()).isEmpty();
    }
  }

  @Test
  void swallowsARefusalFromTheWebhook() {
    try (LocalHttpServer receiver =
        LocalHttpServer.answering(401, "{\"error\":\"bad signature\"}")) {
      notifier(Map.of("S", SECRET)).send(breach(receiver.url(), "S"));

      assertThat(receiver.requests()).hasSize(1);
    }
  }

  @Test
  void swallowsAnUnreachableWebhookAndNotifiesTheRest() {
    List<Notification> delivered = new ArrayList<>();

    new NotifyActivitiesImpl(List.of(new WebhookNotifier(http, name -> null), recording(delivered)))
        .send(breach(LocalHttpServer.refusingUrl(), null));

    assertThat(delivered).hasSize(1);
  }

  @Test
  void carriesOnWithTheNextNotifierWhenOneThrows() {
    List<Notification> delivered = new ArrayList<>();
    Notifier broken =
        new Notifier() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public boolean appliesTo(Notification notification) {
            return true;
          }

          @Override
          public NotificationReceipt send(Notification notification) {
            throw new IllegalStateException("chat service down");
          }
        };

    NotificationReceipt receipt =
        new NotifyActivitiesImpl(List.of(broken, recording(delivered)))
            .send(breach("http://127.0.0.1:1", null));

    assertThat(delivered).hasSize(1);
    assertThat(receipt).isEqualTo(new NotificationReceipt("thread-1", "message-1"));
  }

  @Test
  void postsNothingWhenThePlanHasNoWebhook() {
    try (LocalHttpServer receiver = LocalHttpServer.answering(200, "{}")) {
      Notification withoutTarget =
          new Notification(
              null, "checkout-v2", "started", "k", "started", Map.of(), List.of(), null, null);

      notifier(Map.of()).send(withoutTarget);

      assertThat(receiver.requests()).isEmpty();
    }
  }

  private static Notifier recording(List<Notification> delivered) {
    return new Notifier() {
      @Override
      public String name() {
        return "recording";
      }

      @Override
      public boolean appliesTo(Notification notification) {
        return true;
      }

      @Override
      public NotificationReceipt send(Notification notification) {
        delivered.add(notification);
        return new NotificationReceipt("thread-" + delivered.size(), "message-" + delivered.size());
      }
    };
  }
}
