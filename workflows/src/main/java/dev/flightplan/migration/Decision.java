package dev.flightplan.migration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Who sends a signal and why. Lenient on purpose: the SDK silently drops a signal it cannot deserialize, so every
 * field is optional and unknown fields are ignored; the workflow validates and records refusals.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Decision(String by, String reason) {
  public static Decision by(String who) {
    return new Decision(who, null);
  }
}
