package dev.flightplan.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.model.User;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a Slack user id (from a verified request) into the approver name plans use: the mapping file first, then,
 * if enabled, the local part of the user's email from {@code users.info} ({@code alice@example.com} → {@code
 * alice}). Guests, people from other organisations, bots, deactivated users and emails outside the mapping's {@code
 * emailDomains} are never mapped by email, so a look-alike account elsewhere cannot borrow an approver's name.
 */
final class Identities {

  private static final Logger log = LoggerFactory.getLogger(Identities.class);

  private final IdentityMapping mapping;
  private final boolean emailFallback;

  Identities(IdentityMapping mapping, boolean emailFallback) {
    this.mapping = mapping;
    this.emailFallback = emailFallback;
  }

  /** The approver, or null when this Slack user cannot be mapped. */
  Approver resolve(String userId, MethodsClient slack) {
    if (userId == null || userId.isBlank()) {
      return null;
    }
    Approver mapped = mapping.byUserId(userId);
    if (mapped != null || !emailFallback) {
      return mapped;
    }
    try {
      UsersInfoResponse info = slack.usersInfo(r -> r.user(userId));
      if (!info.isOk() || info.getUser() == null) {
        log.warn("users.info for {} failed: {}", userId, info.getError());
        return null;
      }
      return byEmail(info.getUser());
    } catch (IOException | SlackApiException e) {
      log.warn("users.info for {} failed: {}", userId, e.getMessage());
      return null;
    }
  }

  private Approver byEmail(User user) {
    if (user.isDeleted() || user.isBot() || user.isRestricted() || user.isUltraRestricted() || user.isStranger()) {
      return null;
    }
    String email = user.getProfile() == null ? null : user.getProfile().getEmail();
    if (email == null) {
      return null;
    }
    int at = email.indexOf('@');
    if (at <= 0 || !mapping.acceptsEmailDomain(email.substring(at + 1))) {
      return null;
    }
    return mapping.byName(email.substring(0, at));
  }
}
