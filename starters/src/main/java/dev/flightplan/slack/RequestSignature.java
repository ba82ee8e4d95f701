package dev.flightplan.slack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signature: {@code v0=} HMAC-SHA256 of {@code v0:timestamp:body} with the signing secret, and a
 * timestamp within five minutes of now. Checked before Bolt sees the request (Bolt checks it again); unlike Bolt's
 * check, timestamps in the future are refused too and signatures are compared in constant time.
 */
final class RequestSignature {

  static final Duration WINDOW = Duration.ofMinutes(5);

  private final Supplier<String> signingSecret;
  private final Clock clock;

  RequestSignature(Supplier<String> signingSecret, Clock clock) {
    this.signingSecret = signingSecret;
    this.clock = clock;
  }

  boolean isValid(String timestamp, String signature, String body) {
    if (timestamp == null || signature == null || body == null) {
      return false;
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return false;
    }
    long age = Math.abs(clock.instant().getEpochSecond() - seconds);
    if (age > WINDOW.toSeconds()) {
      return false;
    }
    byte[] expected = sign(signingSecret.get(), timestamp.trim(), body).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII));
  }

  /** The {@code X-Slack-Signature} value Slack would send. */
  static String sign(String secret, String timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
      return "v0=" + HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
