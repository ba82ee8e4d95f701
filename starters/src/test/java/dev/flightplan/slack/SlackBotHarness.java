package dev.flightplan.slack;

import static org.awaitility.Awaitility.await;

import dev.flightplan.activities.NotifyActivities;
import dev.flightplan.migration.MigrationInput;
import dev.flightplan.migration.MigrationResult;
import dev.flightplan.migration.MigrationStatus;
import dev.flightplan.migration.MigrationWorkflow;
import dev.flightplan.migration.MigrationWorkflowImpl;
import dev.flightplan.notify.slack.SlackNotifier;
import dev.flightplan.notify.slack.SlackSecret;
import dev.flightplan.plan.MigrationPlan;
import dev.flightplan.slack.FakeSlackApi.StoredMessage;
import dev.flightplan.testing.CallLog;
import dev.flightplan.testing.FakeCluster;
import dev.flightplan.testing.FakeMetrics;
import dev.flightplan.testing.FakeTraffic;
import dev.flightplan.testing.MigrationHarness;
import dev.flightplan.testing.TestPlans;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * End to end: the real MigrationWorkflowImpl in the time-skipping test environment, fake cluster, traffic and
 * metrics, notifications posted by the real SlackNotifier to the fake Slack API, and the real bot on loopback.
 */
final class SlackBotHarness implements AutoCloseable {

  static final String SIGNING_SECRET = "test-signing-secret-8f14e45fceea167a";
  static final String BOT_TOKEN = "xoxb-test-bot-token";

  static final String ALICE = "U0ALICE";
  static final String BOB = "U0BOB";
  static final String CAROL = "U0CAROL";
  static final String MALLORY = "U0MALLORY";
  static final String DAVE = "U0DAVE";
  static final String GUEST = "U0GUEST";
  static final String STRANGER = "U0NOBODY";

  /** Mapped users: alice, bob, carol (group sre), mallory (not an approver); dave only by email. */
  static final String MAPPING =
      """
      users:
        U0ALICE: { name: alice }
        U0BOB: { name: bob }
        U0CAROL: { name: carol, groups: [sre] }
        U0MALLORY: { name: mallory }
      emailDomains: [example.com]
      """;

  /** Notifications go through the real SlackNotifier, as the worker's NotifyActivities will do. */
  static final class SlackOnlyNotify implements NotifyActivities {
    private final SlackNotifier notifier;

    SlackOnlyNotify(SlackNotifier notifier) {
      this.notifier = notifier;
    }

    @Override
    public NotificationReceipt send(Notification notification) {
      return notifier.send(notification);
    }
  }

  final FakeSlackApi slack;
  final CallLog calls = new CallLog();
  final FakeCluster cluster = new FakeCluster(calls);
  final FakeTraffic traffic = new FakeTraffic(calls);
  final FakeMetrics metrics = new FakeMetrics(calls);
  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final SlackBot bot;
  final SlackInteractions interactions;
  private final Path mappingFile;

  static final String APP_TOKEN = "xapp-1-test-app-token";

  /** The bot over HTTP, as most tests run it. */
  SlackBotHarness() throws Exception {
    this(null);
  }

  /** The bot in Socket Mode connected to {@code socketServer}, or over HTTP when it is null. */
  SlackBotHarness(FakeSocketModeServer socketServer) throws Exception {
    slack = new FakeSlackApi();
    if (socketServer != null) {
      slack.socketModeUrl(socketServer.url());
    }
    slack.addUser(DAVE, "dave", "dave@example.com");
    slack.addUser(GUEST, "alice-guest", "alice@example.com").put("is_restricted", true);
    slack.addUser(STRANGER, "nobody", null);
    env = TestWorkflowEnvironment.newInstance();
    MigrationHarness.registerSearchAttributes(env);
    Worker worker = env.newWorker(MigrationWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(MigrationWorkflowImpl.class);
    SlackNotifier notifier =
        new SlackNotifier(SlackNotifier.slackClient(slack.apiUrl()), () -> BOT_TOKEN, Clock.systemUTC());
    worker.registerActivitiesImplementations(cluster, traffic, metrics, new SlackOnlyNotify(notifier));
    client = env.getWorkflowClient();
    env.start();
    TestPlans.seedCluster(cluster);

    mappingFile = Files.createTempFile("slack-mapping", ".yaml");
    Files.writeString(mappingFile, MAPPING);
    SlackBotConfig config =
        new SlackBotConfig(
            socketServer == null ? SlackBotConfig.Mode.HTTP : SlackBotConfig.Mode.SOCKET,
            "127.0.0.1",
            0,
            mappingFile,
            true,
            slack.apiUrl(),
            SlackSecret.of("SLACK_BOT_TOKEN", BOT_TOKEN),
            SlackSecret.of("SLACK_SIGNING_SECRET", SIGNING_SECRET),
            socketServer == null
                ? SlackSecret.fromEnvironment("SLACK_APP_TOKEN", java.util.Map.of())
                : SlackSecret.of("SLACK_APP_TOKEN", APP_TOKEN),
            Duration.ofSeconds(10));
    bot = SlackBot.start(config, client);
    // in Socket Mode there is no HTTP endpoint: payloads of the same shape go through the WebSocket instead
    interactions = new SlackInteractions(bot.port(), SIGNING_SECRET, slack);
  }

  MigrationWorkflow start(MigrationPlan plan) {
    MigrationWorkflow workflow =
        client.newWorkflowStub(
            MigrationWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(plan.name()).setTaskQueue(MigrationWorkflow.TASK_QUEUE).build());
    WorkflowClient.start(workflow::run, new MigrationInput(plan, "tester"));
    return workflow;
  }

  /**
   * The approval request message, once posted and once the notification activity that posted it has finished. (An
   * abort racing that activity's completion trips a known weakness of the in-process test server: it refuses the
   * workflow task that cancels an activity which has just completed, and the test would hang.)
   */
  StoredMessage awaitApprovalRequest() {
    StoredMessage request = awaitMessage(StoredMessage::hasButtons);
    String migration = request.metadata().path("event_payload").path("migration").asText();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> pendingActivities(migration) == 0);
    return request;
  }

  private int pendingActivities(String workflowId) {
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .build())
        .getPendingActivitiesCount();
  }

  StoredMessage awaitMessage(Predicate<StoredMessage> condition) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> slack.messages().stream().filter(condition).findFirst().orElse(null), m -> m != null);
  }

  MigrationStatus awaitStatus(MigrationWorkflow workflow, Predicate<MigrationStatus> condition) {
    MigrationStatus[] last = new MigrationStatus[1];
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> condition.test(last[0] = workflow.status()));
    return last[0];
  }

  /** The migration's result; fails (showing where the migration is) instead of hanging when it does not end. */
  MigrationResult result(MigrationWorkflow workflow) {
    try {
      return WorkflowStub.fromTyped(workflow).getResult(30, TimeUnit.SECONDS, MigrationResult.class);
    } catch (TimeoutException e) {
      throw new AssertionError("migration did not end; it is at " + workflow.status(), e);
    }
  }

  @Override
  public void close() throws Exception {
    bot.close();
    env.close();
    slack.close();
    Files.deleteIfExists(mappingFile);
  }
}
