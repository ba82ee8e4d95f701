package dev.flightplan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightplan.migration.MigrationResult;
import dev.flightplan.migration.MigrationState;
import dev.flightplan.migration.MigrationStatus;
import dev.flightplan.migration.TimelineEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Migrations are plain Temporal workflows: Temporal's own CLI finds them by their search attributes and approves
 * them with a plain JSON signal, and the Temporal UI shows what they are doing and approves them from its signal
 * form. Real dev server, a worker process and {@code flightplan simulate}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TemporalClientsE2E {
  private static final Duration UI_WAIT = Duration.ofSeconds(30);
  private static final Path ARTIFACTS = E2EArtifacts.ROOT.resolve("TemporalClientsE2E");

  @TempDir static Path folder;
  static DevServer temporal;
  static MigrationProbe probe;
  static SimulationProcess cluster;
  static WorkerProcess worker;

  @BeforeAll
  static void startStack() throws Exception {
    temporal = DevServer.start(E2EPreconditions.temporal(), Files.createDirectories(folder.resolve("temporal")));
    probe = new MigrationProbe(temporal.address());
    cluster = SimulationProcess.start(folder, Duration.ofMillis(400));
    worker = WorkerProcess.start("only", temporal, cluster, folder);
  }

  @AfterAll
  static void stopStack() {
    for (AutoCloseable part : new AutoCloseable[] {worker, cluster, probe, temporal}) {
      try {
        if (part != null) {
          part.close();
        }
      } catch (Exception e) {
        E2ELog.say("while stopping: %s", e);
      }
    }
    E2EArtifacts.keep(folder, "TemporalClientsE2E");
  }

  @Test
  void temporalCliFindsTheWaitingMigrationBySearchAttributeAndApprovesItWithAPlainJsonSignal() {
    String migration = "payments-cli-approval";
    E2ESteps.start(temporal, E2EPlans.approvalGate(folder, migration, "payments"));
    probe.awaitState(migration, MigrationState.WAITING_APPROVAL, Duration.ofSeconds(60));

    awaitListed("FlightplanState=\"WAITING_APPROVAL\"", migration);

    DevServer.CommandResult signal =
        temporal.cli(
            "workflow", "signal", "--workflow-id", migration, "--name", "approve", "--input", "{\"by\":\"alice\"}");
    assertThat(signal.exitCode()).as(signal.output()).isZero();

    MigrationResult result = probe.awaitResult(migration, Duration.ofSeconds(60));
    assertThat(result.state()).as(result.summary()).isEqualTo(MigrationState.COMPLETED);
    assertThat(approvalsBy(migration, "alice")).as("alice's approval in the timeline").isEqualTo(1);
    awaitListed("FlightplanState=\"COMPLETED\"", migration);
  }

  @Test
  void startWarnsWhenNoWorkerPollsTheTaskQueueAndOnlyThen() {
    FlightplanCommand.Result polled =
        FlightplanCommand.run(
            temporal.address(),
            "start", E2EPlans.approvalGate(folder, "payments-polled", "payments").toString(), "--by", "e2e");
    FlightplanCommand.Result unpolled =
        FlightplanCommand.run(
            temporal.address(),
            "start", E2EPlans.approvalGate(folder, "payments-unpolled", "payments").toString(), "--by", "e2e",
            "--task-queue", "nobody-polls");
    for (String migration : List.of("payments-polled", "payments-unpolled")) {
      temporal.cli("workflow", "terminate", "--workflow-id", migration, "--reason", "end of the start-warning test");
    }

    assertThat(polled.exitCode()).as("%s", polled).isZero();
    assertThat(polled.err()).as("%s", polled).doesNotContain("warning");
    assertThat(unpolled.exitCode()).as("%s", unpolled).isZero();
    assertThat(unpolled.err())
        .contains(
            "warning: no worker polls task queue nobody-polls in namespace default: it waits until one does; start"
                + " one with `flightplan worker --task-queue nobody-polls`");
  }

  @Test
  void temporalUiShowsTheMigrationsSummaryAndDetailsAndItsSignalFormApproves() {
    Path chromium = E2EPreconditions.chromium();
    Path chromedriver = E2EPreconditions.chromedriver();
    String migration = "checkout-ui-approval";
    E2ESteps.start(temporal, E2EPlans.approvalGate(folder, migration, "checkout"));
    probe.awaitState(migration, MigrationState.WAITING_APPROVAL, Duration.ofSeconds(60));

    try (HeadlessChromium browser = new HeadlessChromium(chromium, chromedriver)) {
      browser.driver().get(temporal.uiUrl() + "/namespaces/default/workflows/" + migration);
      assertThat(browser.visible("[data-testid=workflow-id-heading]", UI_WAIT).getText()).contains(migration);

      browser.visible("#user-metadata-tab", UI_WAIT).click();
      String summary = browser.textInFrame("#user-metadata-summary", UI_WAIT);
      String details = browser.textInFrame("#user-metadata-current-details", UI_WAIT);
      browser.screenshot(ARTIFACTS.resolve("ui-waiting-for-approval.png"));
      assertThat(summary).contains("Flightplan migration " + migration + " in shop");
      assertThat(details).contains("WAITING_APPROVAL").contains("approval").contains("alice");

      // More Actions → Send a Signal: name "approve", input {"by":"alice"}, Submit.
      browser.visible("button[aria-controls='workflow-actions']", UI_WAIT).click();
      browser.visible("[data-testid=signal-button]", UI_WAIT).click();
      browser.visible("[data-testid=signal-select-button]", UI_WAIT).click();
      optionNamed(browser, "approve").click();
      WebElement input = browser.visible("#signal-confirmation-modal [role=textbox][aria-label=Data]", UI_WAIT);
      input.click();
      input.sendKeys("{\"by\":\"alice\"}");
      browser.waiting(UI_WAIT).until(ExpectedConditions.textToBePresentInElement(input, "{\"by\":\"alice\"}"));
      browser.screenshot(ARTIFACTS.resolve("ui-signal-form.png"));
      WebElement submit = browser.visible("#signal-confirmation-modal button[type=submit]", UI_WAIT);
      browser.waiting(UI_WAIT).until(ExpectedConditions.elementToBeClickable(submit)).click();

      MigrationStatus approved =
          probe.awaitStatus(migration, status -> status.state() == MigrationState.COMPLETED, Duration.ofSeconds(60));
      assertThat(approvalsBy(migration, "alice")).as("the UI's approval counted: " + approved.timeline()).isEqualTo(1);

      browser.driver().navigate().refresh();
      browser
          .waiting(UI_WAIT)
          .until(
              driver ->
                  driver.findElements(By.cssSelector("[data-testid=execution-status]")).stream()
                      .anyMatch(status -> status.isDisplayed() && status.getText().equalsIgnoreCase("completed")));
      browser.screenshot(ARTIFACTS.resolve("ui-completed.png"));
    }
  }

  private static WebElement optionNamed(HeadlessChromium browser, String name) {
    return browser
        .waiting(UI_WAIT)
        .until(
            driver ->
                driver.findElements(By.cssSelector("#signal-confirmation-modal li[role=option]")).stream()
                    .filter(option -> option.isDisplayed() && option.getText().trim().equals(name))
                    .findFirst()
                    .orElse(null));
  }

  /** How many approvals by {@code person} the migration's own timeline records. */
  private static long approvalsBy(String migration, String person) {
    MigrationStatus status = probe.status(migration).orElseThrow();
    return status.timeline().stream()
        .filter(entry -> entry.kind().equals("approval"))
        .map(TimelineEntry::by)
        .filter(person::equals)
        .count();
  }

  /** {@code temporal workflow list --query ...} finds the migration (visibility catches up within seconds). */
  private static void awaitListed(String query, String migration) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    DevServer.CommandResult list = null;
    while (System.nanoTime() < deadline) {
      list = temporal.cli("workflow", "list", "--query", query, "-o", "json");
      if (list.exitCode() == 0 && list.output().contains("\"" + migration + "\"")) {
        return;
      }
      Sleep.millis(500);
    }
    throw new AssertionError("temporal workflow list --query '" + query + "' did not list " + migration + ": " + list);
  }
}
