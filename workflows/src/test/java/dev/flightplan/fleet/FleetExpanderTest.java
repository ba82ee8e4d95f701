package dev.flightplan.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightplan.plan.FailureBudget;
import dev.flightplan.plan.FleetExpander;
import dev.flightplan.plan.FleetPlan;
import dev.flightplan.plan.FleetProblem;
import dev.flightplan.plan.FleetSpec;
import dev.flightplan.plan.FleetSystem;
import dev.flightplan.plan.Metadata;
import dev.flightplan.plan.MetricDefinition;
import dev.flightplan.plan.MigrationPlan;
import dev.flightplan.plan.MigrationSpec;
import dev.flightplan.plan.Phase;
import dev.flightplan.plan.PlanDuration;
import dev.flightplan.plan.PrometheusMetric;
import dev.flightplan.plan.Step;
import dev.flightplan.plan.Target;
import dev.flightplan.plan.Wave;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expanding a fleet's template per system, and what validation reports about a whole fleet. */
class FleetExpanderTest {

  private static final MigrationSpec TEMPLATE =
      new MigrationSpec(
          new Target("apps", "central"),
          Map.of("service", "${systemSlug}-svc", "window", "10m"),
          Map.of(
              "errors",
              new MetricDefinition(
                  new PrometheusMetric("rate(errors{svc='${service}'}[1m])"),
                  null,
                  null,
                  null,
                  null,
                  null)),
          null,
          null,
          null,
          List.of(
              new Phase(
                  "cutover",
                  List.of(
                      new Step.Switch("${service}", Map.of("version", "${version}")),
                      new Step.Observe(PlanDuration.parse("10m"), null, List.of("errors"))))));

  private static FleetPlan fleetOf(
      List<FleetSystem> systems, List<Wave> waves, FailureBudget budget) {
    return new FleetPlan(
        "flightplan/v1",
        "Fleet",
        new Metadata("billing-fleet", null),
        new FleetSpec(TEMPLATE, null, systems, waves, budget, null, null));
  }

  private static FleetSystem sys(String name, String priority, List<String> dependsOn) {
    return new FleetSystem(name, priority, Map.of("version", "v2"), null, dependsOn);
  }

  private static Wave byPriority(String name, String... priorities) {
    return new Wave(name, List.of(priorities), null, 2, null, null);
  }

  private static List<String> render(List<FleetProblem> problems) {
    return problems.stream().map(p -> p.path() + ": " + p.message()).toList();
  }

  @Test
  void expandsTheTemplateOncePerSystemWithItsVarsNameAndCluster() {
    FleetPlan fleet =
        fleetOf(
            List.of(
                new FleetSystem("Todo_API", "P0", Map.of("version", "v2"), "eu-west", null),
                sys("notes", "P0", null)),
            List.of(byPriority("pilot", "P0")),
            null);

    List<MigrationPlan> plans = FleetExpander.expandAll(fleet);

    MigrationPlan todo = plans.get(0);
    assertThat(todo.name()).isEqualTo("billing-fleet-todo-api");
    assertThat(todo.kind()).isEqualTo("Migration");
    assertThat(todo.spec().target()).isEqualTo(new Target("apps", "eu-west"));
    assertThat(todo.spec().vars())
        .containsEntry("system", "Todo_API")
        .containsEntry("systemSlug", "todo-api")
        .containsEntry("service", "todo-api-svc")
        .containsEntry("version", "v2");
    assertThat(todo.spec().phases().get(0).steps().get(0))
        .isEqualTo(new Step.Switch("todo-api-svc", Map.of("version", "v2")));
    assertThat(todo.spec().metrics().get("errors").prometheus().query())
        .isEqualTo("rate(errors{svc='todo-api-svc'}[1m])");
    assertThat(todo.metadata().labels()).containsEntry("flightplan/fleet", "billing-fleet");
    assertThat(plans.get(1).spec().target().cluster())
        .as("no cluster of its own: the template's")
        .isEqualTo("central");
  }

  @Test
  void reportsUnknownDependencyWithItsPathAndASuggestion() {
    FleetPlan fleet =
        fleetOf(
            List.of(
                sys("billing-api", "P0", null),
                sys("ledger", "P0", null),
                sys("invoices", "P0", null),
                sys("reports", "P0", List.of("biling-api"))),
            List.of(byPriority("w", "P0")),
            null);

    List<FleetProblem> problems = FleetExpander.validate(fleet);

    assertThat(problems)
        .containsExactly(
            new FleetProblem(
                "spec.systems[3].dependsOn[0]",
                "unknown system 'biling-api'",
                "did you mean 'billing-api'?"));
  }

  @Test
  void reportsEveryDependencyCycleOnce() {
    FleetPlan fleet =
        fleetOf(
            List.of(
                sys("a", "P0", List.of("c")),
                sys("b", "P0", List.of("a")),
                sys("c", "P0", List.of("b")),
                sys("d", "P0", List.of("d"))),
            List.of(byPriority("w", "P0")),
            null);

    assertThat(render(FleetExpander.validate(fleet)))
        .containsExactly(
            "spec.systems[3].dependsOn[0]: 'd' depends on itself",
            "spec.systems[0].dependsOn: dependency cycle a → c → b → a");
  }

  @Test
  void reportsSystemsInNoWaveOrInTwoWavesAndDependenciesOnLaterWaves() {
    FleetPlan fleet =
        fleetOf(
            List.of(
                sys("a", "P0", List.of("c")),
                sys("b", "P1", null),
                sys("c", "P2", null),
                sys("d", "P9", null)),
            List.of(
                byPriority("first", "P0"),
                new Wave("second", List.of("P1", "P2"), List.of("b"), 1, null, null),
                new Wave("third", null, List.of("b", "ghost"), 1, null, null)),
            null);

    assertThat(render(FleetExpander.validate(fleet)))
        .containsExactly(
            "spec.waves[2].systems[1]: unknown system 'ghost'",
            "spec.systems[1]: system 'b' is in waves 'second' and 'third'",
            "spec.systems[3]: system 'd' (priority P9) is in no wave",
            "spec.systems[0].dependsOn[0]: 'c' migrates in a later wave ('second') than 'a'"
                + " ('first')");
  }

  @Test
  void reportsBadWaveAndBudgetSettings() {
    FleetPlan fleet =
        fleetOf(
            List.of(sys("a", "P0", null)),
            List.of(new Wave("w", List.of("P0", "P7"), null, 0, "maybe", null)),
            new FailureBudget(-1, 1.5, -2, "panic"));

    assertThat(render(FleetExpander.validate(fleet)))
        .containsExactly(
            "spec.waves[0].priorities[1]: no system has priority 'P7'",
            "spec.waves[0].maxParallel: must be at least 1",
            "spec.waves[0].gate: 'maybe' is not one of approval, none",
            "spec.failureBudget.maxRollbacks: must be 0 or more",
            "spec.failureBudget.maxFailures: must be 0 or more",
            "spec.failureBudget.minSuccessRate: must be between 0 and 1",
            "spec.failureBudget.onSpent: 'panic' is not one of halt, rollbackWave");
  }

  @Test
  void requiresRollbackTemplateWhenTheBudgetRollsBackWaves() {
    FleetPlan fleet =
        fleetOf(
            List.of(sys("a", "P0", null)),
            List.of(byPriority("w", "P0")),
            new FailureBudget(1, null, null, FailureBudget.ROLLBACK_WAVE));

    assertThat(render(FleetExpander.validate(fleet)))
        .containsExactly(
            "spec.rollbackTemplate: required when failureBudget.onSpent is rollbackWave");
    assertThatThrownBy(() -> FleetExpander.expandRollback(fleet, fleet.spec().systems().get(0)))
        .hasMessageContaining("no rollbackTemplate");
  }

  @Test
  void reportsAnUnknownVariableOncePerPlaceNamingTheSystemsMissingIt() {
    FleetPlan fleet =
        fleetOf(
            List.of(
                sys("a", "P0", null),
                sys("b", "P0", null),
                new FleetSystem("c", "P0", Map.of(), null, null)),
            List.of(byPriority("w", "P0")),
            null);

    assertThat(render(FleetExpander.validate(fleet)))
        .containsExactly(
            "spec.template.phases[0].steps[0].switch.selector.version: unknown variable 'version'"
                + " for system c");
  }

  @Test
  void reportsDuplicateNamesAndNamesThatCollideOnceSanitized() {
    FleetPlan fleet =
        fleetOf(
            List.of(
                sys("todo_api", "P0", null),
                sys("todo-api", "P0", null),
                sys("todo_api", "P0", null),
                sys("bad/name", "P0", null)),
            List.of(byPriority("w", "P0")),
            null);

    assertThat(render(FleetExpander.validate(fleet)))
        .containsExactly(
            "spec.systems[1].name: 'todo-api' and 'todo_api' both become migration"
                + " 'billing-fleet-todo-api'",
            "spec.systems[2].name: duplicate system 'todo_api'",
            "spec.systems[3].name: 'bad/name' may only contain letters, digits, '.', '_' and '-'");
  }

  @Test
  void reportsTheEnvelopeAndMissingParts() {
    FleetPlan fleet =
        new FleetPlan(
            "flightplan/v2",
            "Migration",
            new Metadata(null, null),
            new FleetSpec(null, null, List.of(), List.of(), null, null, null));

    assertThat(render(FleetExpander.validate(fleet)))
        .containsExactly(
            "apiVersion: must be flightplan/v1",
            "kind: must be Fleet for a fleet plan",
            "metadata.name: required",
            "spec.template: required",
            "spec.systems: required: at least one system",
            "spec.waves: required: at least one wave");
  }

  @Test
  void membersOfAWaveFollowTheFleetsOrder() {
    FleetPlan fleet =
        fleetOf(
            List.of(sys("a", "P1", null), sys("b", "P0", null), sys("c", "P1", null)),
            List.of(new Wave("w", List.of("P1"), List.of("b"), 1, null, null)),
            null);

    assertThat(FleetExpander.members(fleet, fleet.spec().waves().get(0)))
        .extracting(FleetSystem::name)
        .containsExactly("a", "b", "c");
  }

  @Test
  void reportsMissingNamesWithoutStumblingOverThem() {
    FleetPlan fleet =
        fleetOf(
            java.util.Arrays.asList(
                sys("a", "P0", null), new FleetSystem("", "P0", null, null, null), null),
            java.util.Arrays.asList(new Wave(null, List.of("P0"), null, 1, null, null), null),
            null);

    assertThat(render(FleetExpander.validate(fleet)))
        .containsExactly(
            "spec.systems[1].name: required",
            "spec.systems[2].name: required",
            "spec.waves[0].name: required",
            "spec.waves[1]: empty wave");
  }
}
