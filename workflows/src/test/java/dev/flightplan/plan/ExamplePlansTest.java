package dev.flightplan.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every migration and fleet plan under {@code examples/} loads without errors, with files resolved beside the plan.
 */
class ExamplePlansTest {

  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("a parent of %s holding mvnw", Path.of("").toAbsolutePath()).isNotNull();
    return dir;
  }

  /** Migration plans: YAML files whose top level says {@code apiVersion: flightplan/v1, kind: Migration}. */
  static Stream<Path> migrationPlans() throws IOException {
    return plansOfKind(MigrationPlan.KIND);
  }

  /** Fleet plans: YAML files whose top level says {@code apiVersion: flightplan/v1, kind: Fleet}. */
  static Stream<Path> fleetPlans() throws IOException {
    return plansOfKind(FleetPlan.KIND);
  }

  private static Stream<Path> plansOfKind(String kind) throws IOException {
    Path examples = repositoryRoot().resolve("examples");
    try (Stream<Path> files = Files.walk(examples)) {
      List<Path> plans =
          files
              .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .filter(p -> isPlanOfKind(p, kind))
              .sorted()
              .toList();
      return plans.stream();
    }
  }

  private static boolean isPlanOfKind(Path file, String kind) {
    try {
      JsonNode root = PlanYaml.readTree(Files.readString(file));
      return root != null
          && root.isObject()
          && MigrationPlan.API_VERSION.equals(root.path("apiVersion").asText())
          && kind.equals(root.path("kind").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (PlanYaml.SyntaxError e) {
      // A manifest or plan that is not YAML: if it is a plan, loading it below would fail too, so say so here.
      throw new AssertionError(file + ": " + e.getMessage());
    }
  }

  private static FileResolver besides(Path plan) {
    return path -> {
      try {
        return Files.readString(plan.getParent().resolve(path));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  @ParameterizedTest
  @MethodSource("migrationPlans")
  void loadsWithoutErrors(Path plan) throws IOException {
    LoadResult result = new PlanLoader(besides(plan)).load(Files.readString(plan));

    assertThat(result.errors()).as("errors in %s (warnings: %s)", plan, result.warnings()).isEmpty();
    assertThat(new PlanPrinter().describe(result.plan())).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("fleetPlans")
  void fleetLoadsWithoutErrorsOrWarnings(Path plan) throws IOException {
    FleetLoadResult result = new FleetLoader(besides(plan)).load(Files.readString(plan));

    assertThat(result.errors()).as("errors in %s", plan).isEmpty();
    assertThat(result.warnings()).as("warnings in %s", plan).isEmpty();
    assertThat(FleetExpander.expandAll(result.plan()))
        .hasSize(result.plan().spec().systems().size());
  }

  @Test
  void findsTheSeedFleet() throws IOException {
    assertThat(fleetPlans().map(p -> p.getFileName().toString()))
        .contains("003-rpc-to-port-based.yaml");
  }

  @Test
  void findsTheSeedPlans() throws IOException {
    assertThat(migrationPlans().map(p -> p.getFileName().toString()))
        .contains(
            "000-portfolio-streamlining.yaml",
            "001-monolith-to-microservices.yaml",
            "002-service-consolidation.yaml",
            "004-websocket-ingestion.yaml");
  }
}
