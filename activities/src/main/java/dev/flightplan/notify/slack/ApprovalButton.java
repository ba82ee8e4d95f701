package dev.flightplan.notify.slack;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What an Approve or Reject button carries back to the bot: the migration (its workflow id) and the notification key
 * of the approval request ({@code migration/step/approval-needed}), so a click on an old message cannot approve a
 * newer, different decision.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApprovalButton(String migration, String key) {

  public static final String APPROVE_ACTION = "flightplan_approve";
  public static final String REJECT_ACTION = "flightplan_reject";

  private static final ObjectMapper JSON = new ObjectMapper();

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Null when the value is not one of ours (hand-made or truncated). */
  public static ApprovalButton parse(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      ApprovalButton button = JSON.readValue(value, ApprovalButton.class);
      return button.migration() == null || button.migration().isBlank() ? null : button;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** The step number in the key, or null when the key does not have the workflow's shape. */
  public Integer step() {
    if (key == null) {
      return null;
    }
    int last = key.lastIndexOf('/');
    int before = last <= 0 ? -1 : key.lastIndexOf('/', last - 1);
    if (before < 0) {
      return null;
    }
    try {
      return Integer.parseInt(key.substring(before + 1, last));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
