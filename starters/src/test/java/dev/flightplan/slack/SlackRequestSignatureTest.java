package dev.flightplan.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SlackRequestSignatureTest {

  private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
  private final RequestSignature signature = new RequestSignature(() -> "secret", Clock.fixed(NOW, ZoneOffset.UTC));

  private static String at(long offsetSeconds) {
    return Long.toString(NOW.getEpochSecond() + offsetSeconds);
  }

  @Test
  void matchesSlacksDocumentedExample() {
    // The example from Slack's "Verifying requests from Slack" page.
    String body =
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
            + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
            + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F"
            + "96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

    assertThat(RequestSignature.sign("8f742231b10e8888abcd99yyyzzz85a5", "1531420618", body))
        .isEqualTo("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
  }

  @Test
  void acceptsASignatureWithinFiveMinutesEitherWay() {
    assertThat(signature.isValid(at(-299), RequestSignature.sign("secret", at(-299), "a=b"), "a=b")).isTrue();
    assertThat(signature.isValid(at(299), RequestSignature.sign("secret", at(299), "a=b"), "a=b")).isTrue();
  }

  @Test
  void refusesStaleFutureForeignOrMalformedSignatures() {
    assertThat(signature.isValid(at(-301), RequestSignature.sign("secret", at(-301), "a=b"), "a=b")).isFalse();
    assertThat(signature.isValid(at(301), RequestSignature.sign("secret", at(301), "a=b"), "a=b")).isFalse();
    assertThat(signature.isValid(at(0), RequestSignature.sign("other", at(0), "a=b"), "a=b")).isFalse();
    assertThat(signature.isValid(at(0), RequestSignature.sign("secret", at(0), "a=b"), "a=c")).isFalse();
    assertThat(signature.isValid("yesterday", "v0=00", "a=b")).isFalse();
    assertThat(signature.isValid(null, null, "a=b")).isFalse();
  }
}
