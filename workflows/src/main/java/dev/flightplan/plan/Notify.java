package dev.flightplan.plan;

/** Where progress, approvals and rollbacks are announced. */
public record Notify(SlackNotify slack, WebhookNotify webhook) {

  /** A Slack channel, such as {@code #migrations}. */
  public record SlackNotify(@Required String channel) {}

  /** An HTTP endpoint receiving JSON events, signed with the secret named by {@code secretRef}. */
  public record WebhookNotify(@Required String url, String secretRef) {}
}
