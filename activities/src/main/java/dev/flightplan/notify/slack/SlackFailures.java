package dev.flightplan.notify.slack;

import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Set;

/**
 * Turns a Slack Web API error into a Temporal failure: rate limits, 5xx and Slack's own outages retry; everything a
 * retry cannot fix (a missing channel, a bot outside the channel, a bad token, a missing scope) fails at once with
 * the error and what to do about it.
 */
final class SlackFailures {

  static final String RETRYABLE_TYPE = "SlackUnavailable";
  static final String NON_RETRYABLE_TYPE = "SlackRejected";

  private static final Set<String> TRANSIENT_ERRORS =
      Set.of(
          "ratelimited",
          "rate_limited",
          "internal_error",
          "fatal_error",
          "service_unavailable",
          "request_timeout",
          "team_added_to_org");

  private static final Set<String> TOKEN_ERRORS =
      Set.of("invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "no_permission");

  private SlackFailures() {}

  /**
   * @param method the Web API method, such as {@code chat.postMessage}
   * @param error Slack's error code, or null when the HTTP call itself failed
   * @param httpStatus the HTTP status, or 0 when no response arrived
   * @param retryAfter Slack's {@code Retry-After}, or null
   * @param channel the channel the call was about, for the hint
   * @param needed the scope Slack says is missing ({@code missing_scope}), or null
   */
  static ApplicationFailure classify(
      String method, String error, int httpStatus, Duration retryAfter, String channel, String needed) {
    String what = "Slack " + method + " failed: " + (error == null ? "HTTP " + httpStatus : error);
    boolean transientFailure =
        httpStatus == 429
            || httpStatus >= 500
            || httpStatus == 0
            || (error != null && TRANSIENT_ERRORS.contains(error));
    if (transientFailure) {
      return retryAfter == null
          ? ApplicationFailure.newFailure(what, RETRYABLE_TYPE)
          : ApplicationFailure.newFailureWithCauseAndDelay(what, RETRYABLE_TYPE, null, retryAfter);
    }
    return ApplicationFailure.newNonRetryableFailure(what + hint(error, channel, needed), NON_RETRYABLE_TYPE);
  }

  static String hint(String error, String channel, String needed) {
    String shown = channel == null ? "the channel" : channel.startsWith("#") ? channel : "#" + channel;
    if (error == null) {
      return "";
    }
    if (error.equals("channel_not_found")) {
      return " (check notify.slack.channel in the plan; for a private channel, invite the bot to " + shown + ")";
    }
    if (error.equals("not_in_channel")) {
      return " (invite the bot to " + shown + ": /invite @flightplan in " + shown + ")";
    }
    if (error.equals("is_archived")) {
      return " (" + shown + " is archived: unarchive it or change notify.slack.channel)";
    }
    if (TOKEN_ERRORS.contains(error)) {
      return " (the bot token is not valid: check SLACK_BOT_TOKEN or SLACK_BOT_TOKEN_FILE, and that the app is"
          + " installed in the workspace)";
    }
    if (error.equals("missing_scope")) {
      return " (add the scope " + (needed == null ? "Slack names" : needed)
          + " to the Slack app and reinstall it; see docs/slack.md)";
    }
    return "";
  }
}
