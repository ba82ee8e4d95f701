package dev.flightplan.migration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * Who sends a signal and why. Lenient on purpose: the SDK silently drops a signal it cannot deserialize, so every
 * field is optional and unknown fields are ignored; the workflow validates and records refusals. {@code groups} are
 * the groups the caller vouches the person belongs to (the CLI from configuration, the Slack bot from its mapping), so
 * that approvers such as {@code group:sre} can be matched.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Decision(String by, String reason, List<String> groups) {

  public Decision(String by, String reason) {
    this(by, reason, null);
  }

  public static Decision by(String who) {
    return new Decision(who, null, null);
  }

  public List<String> groupsOrEmpty() {
    return groups == null ? List.of() : groups;
  }
}
