package dev.flightplan.slack;

import java.util.List;

/** A Slack user as plans know them: the approver name, and the groups the bot vouches for ({@code group:sre}). */
public record Approver(String name, List<String> groups) {
  public Approver {
    groups = groups == null ? List.of() : List.copyOf(groups);
  }
}
