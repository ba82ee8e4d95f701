package dev.flightplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * validate and plan on fleet files, read by the real loaders: seed 003's fleet, and fleets with
 * mistakes. None of them needs Temporal.
 */
class FleetPlanCommandsTest {

  static final String SEED_FLEET =
      Path.of("..", "examples", "seeds", "003-rpc-to-port-based.yaml").toString();

  private final AtomicBoolean connected = new AtomicBoolean();

  @TempDir Path folder;

  private CliRun.Result run(String... args) {
    TemporalAccess noServerNeeded =
        settings -> {
          connected.set(true);
          throw new CliFailure(ExitCodes.UNREACHABLE, "no server in this test");
        };
    return CliRun.run(
        new CliContext(Map.of(), noServerNeeded, new LoaderPlanSource(), Clock.systemUTC()), args);
  }

  @Test
  void validateSaysHowBigTheSeedFleetIs() {
    CliRun.Result result = run("validate", SEED_FLEET);

    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            "fleet rpc-to-port-based is valid: 52 systems in 5 waves, each migration 3 phases,"
                + " 9 steps\n");
    assertThat(connected).isFalse();
  }

  @Test
  void validateAsJsonNamesTheKindAndTheFleetsSize() throws Exception {
    JsonNode json = new ObjectMapper().readTree(run("validate", SEED_FLEET, "-o", "json").out());

    assertThat(json.get("kind").asText()).isEqualTo("Fleet");
    assertThat(json.get("plan").asText()).isEqualTo("rpc-to-port-based");
    assertThat(json.get("valid").asBoolean()).isTrue();
    assertThat(json.get("systems").asInt()).isEqualTo(52);
    assertThat(json.get("waves").asInt()).isEqualTo(5);
  }

  @Test
  void planPrintsTheBudgetAndEachWaveWithItsSystemsParallelismSoakAndGate() {
    CliRun.Result result = run("plan", SEED_FLEET);

    assertThat(result.exitCode()).isZero();
    assertThat(result.outLines())
        .startsWith(
            "fleet rpc-to-port-based: 52 systems in 5 waves",
            "failure budget: at most 4 rollbacks, at most 0 failures, a success rate of at least"
                + " 80%; when spent: halt until someone resumes or aborts",
            "gates approved by: tech-lead, devops-oncall",
            "wave 1 pilot: 3 systems, maxParallel 1, soak 1d, gate approval",
            "  todo_api_system (P0)",
            "  todo_list_system (P0)",
            "  todo_minimal_system (P0)",
            "wave 2 expansion: 12 systems, maxParallel 3, soak 2d, gate approval")
        .contains(
            "wave 3 majority: 20 systems, maxParallel 5, soak 12h, gate none",
            "  data_processing_report_builder (P2, cluster batch, after"
                + " data_processing_batch_aggregator)",
            "wave 5 completion: 12 systems, maxParallel 4, gate none",
            "each system's migration (shown for todo_api_system):");
    assertThat(result.out()).contains("backup-todo-api-system").doesNotContain("${");
    assertThat(connected).isFalse();
  }

  @Test
  void validateReportsEveryProblemOfAFleetWithItsPath() throws IOException {
    String seed = Files.readString(Path.of(SEED_FLEET));
    Path broken = folder.resolve("broken.yaml");
    Files.writeString(
        broken,
        seed.replace("maxParallel: 3,", "maxParalel: 3,")
            .replace("dependsOn: [todo_api_system]", "dependsOn: [todo_api_sytem]"));

    CliRun.Result result = run("validate", broken.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.out()).isEmpty();
    assertThat(result.errLines())
        .containsExactly(
            broken + ": 1 error:",
            "  spec.waves[1].maxParalel: unknown field 'maxParalel' (did you mean"
                + " 'maxParallel'?)");

    Files.writeString(
        broken, seed.replace("dependsOn: [todo_api_system]", "dependsOn: [todo_api_sytem]"));
    assertThat(run("validate", broken.toString()).errLines())
        .containsExactly(
            broken + ": 1 error:",
            "  spec.systems[31].dependsOn[0]: unknown system 'todo_api_sytem' (did you mean"
                + " 'todo_api_system'?)");
  }

  @Test
  void startOfAnInvalidFleetStartsNothing() throws IOException {
    Path broken = folder.resolve("broken.yaml");
    Files.writeString(
        broken,
        Files.readString(Path.of(SEED_FLEET))
            .replace("weights: [25, 50, 100]", "weights: [25, 50]"));

    CliRun.Result result = run("start", broken.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.errLines())
        .contains("nothing was started")
        .anyMatch(line -> line.startsWith("  spec.template.phases[1].steps[2].canary.weights: "));
    assertThat(connected).isFalse();
  }
}
