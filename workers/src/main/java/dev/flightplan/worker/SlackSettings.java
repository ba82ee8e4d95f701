package dev.flightplan.worker;

import java.net.URI;

/**
 * How the worker posts to Slack. {@code botToken} null means Slack notifications are off (plans
 * that ask for them are logged, not posted); {@code apiUrl} null means Slack's own API.
 */
public record SlackSettings(Secret botToken, URI apiUrl) {

  public static SlackSettings off() {
    return new SlackSettings(null, null);
  }

  public boolean enabled() {
    return botToken != null;
  }
}
