package dev.flightplan.notify.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Calls the Slack Web API with a token read at call time, and turns every kind of failure into a classified Temporal
 * failure. The token is only ever handed to the SDK, which sends it in the Authorization header.
 */
final class SlackWebApi {

  /** One Web API call. */
  @FunctionalInterface
  interface Call<T extends SlackApiTextResponse> {
    T apply(MethodsClient client) throws IOException, SlackApiException;
  }

  private final Slack slack;
  private final Supplier<String> token;

  SlackWebApi(Slack slack, Supplier<String> token) {
    this.slack = slack;
    this.token = token;
  }

  /**
   * A Slack client for {@code apiBaseUrl} (such as {@code http://127.0.0.1:8089/api/} in tests), or for Slack itself
   * when null. Timeouts stay well inside a notification activity's 30 s.
   */
  static Slack client(String apiBaseUrl) {
    SlackConfig config = new SlackConfig();
    if (apiBaseUrl != null && !apiBaseUrl.isBlank()) {
      config.setMethodsEndpointUrlPrefix(apiBaseUrl.endsWith("/") ? apiBaseUrl : apiBaseUrl + "/");
    }
    config.setHttpClientReadTimeoutMillis(10_000);
    config.setHttpClientWriteTimeoutMillis(10_000);
    config.setHttpClientCallTimeoutMillis(15_000);
    config.setPrettyResponseLoggingEnabled(false);
    config.setStatsEnabled(false);
    return Slack.getInstance(config);
  }

  <T extends SlackApiTextResponse> T call(String method, String channel, Call<T> call) {
    return call(method, channel, Set.of(), call);
  }

  /** Like {@link #call}, but returns a response whose error is one of {@code tolerated} instead of failing. */
  <T extends SlackApiTextResponse> T call(String method, String channel, Set<String> tolerated, Call<T> call) {
    T response;
    try {
      response = call.apply(slack.methods(token.get()));
    } catch (SlackApiException e) {
      int status = e.getResponse() == null ? 0 : e.getResponse().code();
      String error = e.getError() == null ? null : e.getError().getError();
      String needed = e.getError() == null ? null : e.getError().getNeeded();
      throw SlackFailures.classify(method, error, status, retryAfter(e), channel, needed);
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "Slack " + method + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
          SlackFailures.RETRYABLE_TYPE);
    }
    if (response.isOk() || tolerated.contains(response.getError())) {
      return response;
    }
    throw SlackFailures.classify(method, response.getError(), 200, null, channel, response.getNeeded());
  }

  private static Duration retryAfter(SlackApiException e) {
    String header = e.getResponse() == null ? null : e.getResponse().header("Retry-After");
    if (header == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(1, Long.parseLong(header.trim())));
    } catch (NumberFormatException ignored) {
      return null;
    }
  }
}
