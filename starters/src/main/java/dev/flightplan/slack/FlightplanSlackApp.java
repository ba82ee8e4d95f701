package dev.flightplan.slack;

import static com.slack.api.model.block.Blocks.asBlocks;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostEphemeralResponse;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import dev.flightplan.migration.MigrationStatus;
import dev.flightplan.notify.slack.ApprovalButton;
import dev.flightplan.slack.MigrationDecisions.Outcome;
import dev.flightplan.slack.MigrationDecisions.Verb;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's Slack handlers: Approve / Reject buttons (reject asks for a reason in a modal), and the {@code
 * /flightplan} command. Every handler only turns a verified request into a signal and tells the person privately
 * what became of it; it never decides anything itself.
 */
final class FlightplanSlackApp {

  static final String COMMAND = "/flightplan";
  static final String REJECT_MODAL = "flightplan_reject_reason";
  static final String REASON_BLOCK = "reason";
  static final String REASON_ACTION = "reason";

  private static final Logger log = LoggerFactory.getLogger(FlightplanSlackApp.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MigrationDecisions decisions;
  private final RunningMigrations running;
  private final Identities identities;

  FlightplanSlackApp(MigrationDecisions decisions, RunningMigrations running, Identities identities) {
    this.decisions = decisions;
    this.running = running;
    this.identities = identities;
  }

  /** Where the modal's submission must answer: the approval request, and the channel and thread it was in. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record RejectContext(String migration, String key, String channel, String thread) {}

  /** Where a private reply goes; {@code viaResponseUrl} is the interaction's response_url, when it has one. */
  private record Audience(String channel, String thread, String user, ResponseUrl viaResponseUrl) {}

  /** Posts to an interaction's response_url. */
  @FunctionalInterface
  private interface ResponseUrl {
    void send(String text) throws IOException;
  }

  void register(App app) {
    app.blockAction(ApprovalButton.APPROVE_ACTION, this::onApprove);
    app.blockAction(ApprovalButton.REJECT_ACTION, this::onReject);
    app.viewSubmission(REJECT_MODAL, this::onRejectReason);
    app.command(COMMAND, this::onCommand);
  }

  // ---- buttons ----

  private Response onApprove(BlockActionRequest request, ActionContext ctx) {
    BlockActionPayload payload = request.getPayload();
    Audience audience = audienceOf(payload, ctx);
    ApprovalButton button = buttonOf(payload);
    if (button == null) {
      replyPrivately(ctx.client(), audience, "That button does not belong to a Flightplan approval request.");
      return ctx.ack();
    }
    Approver who = identities.resolve(audience.user(), ctx.client());
    if (who == null) {
      replyPrivately(ctx.client(), audience, Replies.unknownUser(audience.user()));
      return ctx.ack();
    }
    String reply =
        guarded(
            () -> {
              Outcome outcome = decisions.decide(Verb.APPROVE, button.migration(), who, null, button.step());
              logOutcome(Verb.APPROVE, who, audience.user(), outcome);
              return Replies.to(Verb.APPROVE, outcome, false);
            });
    replyPrivately(ctx.client(), audience, reply);
    return ctx.ack();
  }

  private Response onReject(BlockActionRequest request, ActionContext ctx) {
    BlockActionPayload payload = request.getPayload();
    Audience audience = audienceOf(payload, ctx);
    ApprovalButton button = buttonOf(payload);
    if (button == null) {
      replyPrivately(ctx.client(), audience, "That button does not belong to a Flightplan approval request.");
      return ctx.ack();
    }
    Approver who = identities.resolve(audience.user(), ctx.client());
    if (who == null) {
      replyPrivately(ctx.client(), audience, Replies.unknownUser(audience.user()));
      return ctx.ack();
    }
    String blocked =
        guarded(
            () -> {
              Outcome stale = decisions.precheck(button.migration(), button.step(), who);
              return stale == null ? null : Replies.to(Verb.REJECT, stale, true);
            });
    if (blocked != null) {
      replyPrivately(ctx.client(), audience, blocked);
      return ctx.ack();
    }
    RejectContext context = new RejectContext(button.migration(), button.key(), audience.channel(), audience.thread());
    try {
      var opened = ctx.client().viewsOpen(r -> r.triggerId(payload.getTriggerId()).view(rejectModal(context)));
      if (!opened.isOk()) {
        log.warn("views.open for the reject reason of {} failed: {}", button.migration(), opened.getError());
        replyPrivately(ctx.client(), audience, "Slack did not open the reason dialog (" + opened.getError()
            + "): use `/flightplan reject " + Replies.escape(button.migration()) + " &lt;reason&gt;` instead.");
      }
    } catch (IOException | SlackApiException e) {
      log.warn("views.open for the reject reason of {} failed: {}", button.migration(), e.getMessage());
    }
    return ctx.ack();
  }

  private Response onRejectReason(ViewSubmissionRequest request, ViewSubmissionContext ctx) {
    ViewSubmissionPayload payload = request.getPayload();
    RejectContext context = rejectContextOf(payload.getView());
    String reason = reasonOf(payload.getView());
    if (reason == null || reason.isBlank()) {
      return ctx.ackWithErrors(Map.of(REASON_BLOCK, "Say why: the reason goes into the migration's timeline."));
    }
    String user = payload.getUser() == null ? null : payload.getUser().getId();
    Audience audience =
        context == null
            ? new Audience(null, null, user, null)
            : new Audience(context.channel(), context.thread(), user, null);
    if (context == null || context.migration() == null) {
      replyPrivately(ctx.client(), audience, "That form does not belong to a Flightplan approval request.");
      return ctx.ack();
    }
    Approver who = identities.resolve(user, ctx.client());
    if (who == null) {
      replyPrivately(ctx.client(), audience, Replies.unknownUser(user));
      return ctx.ack();
    }
    Integer step = new ApprovalButton(context.migration(), context.key()).step();
    String reply =
        guarded(
            () -> {
              Outcome outcome = decisions.decide(Verb.REJECT, context.migration(), who, reason, step);
              logOutcome(Verb.REJECT, who, user, outcome);
              return Replies.to(Verb.REJECT, outcome, false);
            });
    replyPrivately(ctx.client(), audience, reply);
    return ctx.ack();
  }

  static View rejectModal(RejectContext context) {
    String metadata;
    try {
      metadata = JSON.writeValueAsString(context);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return view(
        v ->
            v.type("modal")
                .callbackId(REJECT_MODAL)
                .privateMetadata(metadata)
                .title(viewTitle(t -> t.type("plain_text").text("Reject migration")))
                .submit(viewSubmit(s -> s.type("plain_text").text("Reject")))
                .close(viewClose(c -> c.type("plain_text").text("Cancel")))
                .blocks(
                    asBlocks(
                        section(
                            s ->
                                s.text(
                                    markdownText(
                                        "Reject *" + Replies.escape(context.migration())
                                            + "*? It rolls back everything it did."))),
                        input(
                            i ->
                                i.blockId(REASON_BLOCK)
                                    .label(plainText("Why?"))
                                    .element(plainTextInput(p -> p.actionId(REASON_ACTION).multiline(true)))))));
  }

  // ---- /flightplan ----

  private Response onCommand(SlashCommandRequest request, SlashCommandContext ctx) {
    SlashCommandPayload payload = request.getPayload();
    String text = payload.getText() == null ? "" : payload.getText().trim();
    String[] words = text.isEmpty() ? new String[0] : text.split("\\s+", 3);
    String verb = words.length == 0 ? "help" : words[0].toLowerCase(Locale.ROOT);
    String migration = words.length > 1 ? words[1] : null;
    String rest = words.length > 2 ? words[2] : null;
    String reply =
        guarded(
            () ->
                switch (verb) {
                  case "help" -> Replies.USAGE;
                  case "list" -> list();
                  case "status" ->
                      migration == null
                          ? "Which migration? " + Replies.USAGE
                          : decisions
                              .status(migration)
                              .map(Replies::status)
                              .orElse("There is no migration named *" + Replies.escape(migration) + "*.");
                  case "approve", "reject", "abort" ->
                      migration == null
                          ? "Which migration? " + Replies.USAGE
                          : decide(Verb.valueOf(verb.toUpperCase(Locale.ROOT)), migration, rest, payload, ctx);
                  default -> "I do not know `" + Replies.escape(verb) + "`. " + Replies.USAGE;
                });
    return ctx.ack(reply);
  }

  private String decide(
      Verb verb, String migration, String reason, SlashCommandPayload payload, SlashCommandContext ctx) {
    if (verb == Verb.REJECT && (reason == null || reason.isBlank())) {
      return "Say why: `/flightplan reject " + Replies.escape(migration) + " &lt;reason&gt;` (the reason goes into the"
          + " migration's timeline).";
    }
    Approver who = identities.resolve(payload.getUserId(), ctx.client());
    if (who == null) {
      return Replies.unknownUser(payload.getUserId());
    }
    Outcome outcome = decisions.decide(verb, migration, who, reason, null);
    logOutcome(verb, who, payload.getUserId(), outcome);
    return Replies.to(verb, outcome, true);
  }

  private String list() {
    List<MigrationStatus> statuses = new ArrayList<>();
    for (String id : running.ids()) {
      decisions.status(id).ifPresent(statuses::add);
    }
    return Replies.list(statuses);
  }

  // ---- helpers ----

  /** Runs a handler's Temporal part; a Temporal outage becomes a private reply instead of a failed request. */
  private static String guarded(java.util.function.Supplier<String> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      log.warn("Flightplan could not reach the migration: {}", e.toString());
      return "Flightplan could not reach Temporal to do that (" + Replies.escape(e.getClass().getSimpleName())
          + "). Nothing was changed as far as I know; try again, or check `/flightplan status`.";
    }
  }

  private static void logOutcome(Verb verb, Approver who, String userId, Outcome outcome) {
    log.info(
        "{} of {} by {} (Slack user {}): {}", verb.word(), outcome.migration(), who.name(), userId,
        outcome.getClass().getSimpleName());
  }

  private static ApprovalButton buttonOf(BlockActionPayload payload) {
    if (payload.getActions() == null || payload.getActions().isEmpty()) {
      return null;
    }
    return ApprovalButton.parse(payload.getActions().get(0).getValue());
  }

  private static Audience audienceOf(BlockActionPayload payload, ActionContext ctx) {
    String channel =
        payload.getChannel() != null
            ? payload.getChannel().getId()
            : payload.getContainer() == null ? null : payload.getContainer().getChannelId();
    String thread = payload.getContainer() == null ? null : payload.getContainer().getThreadTs();
    if (thread == null && payload.getMessage() != null) {
      thread = payload.getMessage().getThreadTs();
    }
    String user = payload.getUser() == null ? null : payload.getUser().getId();
    ResponseUrl viaResponseUrl =
        payload.getResponseUrl() == null
            ? null
            : text -> ctx.respond(r -> r.responseType("ephemeral").replaceOriginal(false).text(text));
    return new Audience(channel, thread, user, viaResponseUrl);
  }

  private static RejectContext rejectContextOf(View view) {
    if (view == null || view.getPrivateMetadata() == null) {
      return null;
    }
    try {
      return JSON.readValue(view.getPrivateMetadata(), RejectContext.class);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String reasonOf(View view) {
    return Optional.ofNullable(view)
        .map(View::getState)
        .map(ViewState::getValues)
        .map(values -> values.get(REASON_BLOCK))
        .map(block -> block.get(REASON_ACTION))
        .map(ViewState.Value::getValue)
        .orElse(null);
  }

  /**
   * An ephemeral message only the person sees, in the approval request's thread; through the interaction's
   * response_url when there is no channel to post in.
   */
  private static void replyPrivately(MethodsClient slack, Audience audience, String text) {
    if (text == null || audience.user() == null) {
      return;
    }
    try {
      if (audience.channel() != null) {
        ChatPostEphemeralResponse response =
            slack.chatPostEphemeral(
                r -> r.channel(audience.channel()).user(audience.user()).threadTs(audience.thread()).text(text));
        if (response.isOk()) {
          return;
        }
        log.warn("chat.postEphemeral to {} failed: {}", audience.channel(), response.getError());
      }
      if (audience.viaResponseUrl() != null) {
        audience.viaResponseUrl().send(text);
      }
    } catch (IOException | SlackApiException e) {
      log.warn("private reply to {} failed: {}", audience.user(), e.getMessage());
    }
  }
}
