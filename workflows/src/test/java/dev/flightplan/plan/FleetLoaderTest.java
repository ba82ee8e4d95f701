package dev.flightplan.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fleet plans read from YAML: the same problems, paths and hints as migration plans. */
class FleetLoaderTest {

  /** Two systems in two clusters, one wave, a template with a file reference and a canary. */
  static final String FLEET =
      """
      apiVersion: flightplan/v1
      kind: Fleet
      metadata: { name: edge-config }
      spec:
        failureBudget: { maxRollbacks: 1 }
        waves:
          - { name: all, priorities: [P1], maxParallel: 2 }
        template:
          target: { namespace: edge }
          vars: { service: '${systemSlug}' }
          phases:
            - name: rollout
              steps:
                - apply: { manifests: [k8s/config.yaml] }
                - canary:
                    stable: '${service}-blue'
                    canary: '${service}-green'
                    router: { replicas: {} }
                    weights: [50, 100]
        systems:
          - { name: east_api, priority: P1, cluster: east }
          - { name: west_api, priority: P1, cluster: west }
      """;

  static final String CONFIG =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata: { name: '${service}-config' }
      data: { MODE: port-based }
      """;

  private static FleetLoadResult load(String yaml) {
    return new FleetLoader(files(Map.of("k8s/config.yaml", CONFIG))).load(yaml);
  }

  private static FileResolver files(Map<String, String> contents) {
    return path -> {
      String text = contents.get(path);
      if (text == null) {
        throw new UncheckedIOException(new NoSuchFileException(path));
      }
      return text;
    };
  }

  @Test
  void loadsAFleetEmbeddingTheTemplatesFiles() {
    FleetLoadResult result = load(FLEET);

    assertThat(result.errors()).isEmpty();
    assertThat(result.ok()).isTrue();
    FleetPlan fleet = result.plan();
    assertThat(fleet.name()).isEqualTo("edge-config");
    assertThat(fleet.spec().systems())
        .extracting(FleetSystem::cluster)
        .containsExactly("east", "west");
    Step.Apply apply = (Step.Apply) fleet.spec().template().phases().get(0).steps().get(0);
    assertThat(apply.manifests()).hasSize(1);
    assertThat(apply.manifests().get(0)).containsEntry("kind", "ConfigMap");

    MigrationPlan west = FleetExpander.expand(fleet, fleet.spec().systems().get(1));
    Step.Apply expanded = (Step.Apply) west.spec().phases().get(0).steps().get(0);
    assertThat(expanded.manifests().get(0).get("metadata"))
        .isEqualTo(Map.of("name", "west-api-config"));
    assertThat(west.spec().target().cluster()).isEqualTo("west");
  }

  @Test
  void reportsUnknownFieldsWithTheClosestSpellingAnywhereInTheFleet() {
    FleetLoadResult result =
        load(
            FLEET
                .replace("maxParallel: 2", "maxParalel: 2")
                .replace("router: { replicas: {} }", "routr: { replicas: {} }"));

    assertThat(result.ok()).isFalse();
    assertThat(result.errors())
        .contains(
            new PlanProblem(
                "spec.waves[0].maxParalel",
                "unknown field 'maxParalel'",
                "did you mean 'maxParallel'?"),
            new PlanProblem(
                "spec.template.phases[0].steps[1].canary.routr",
                "unknown field 'routr'",
                "did you mean 'router'?"));
  }

  @Test
  void reportsAYamlSyntaxErrorWithLineAndColumn() {
    FleetLoadResult result = load(FLEET.replace("  waves:\n", "  waves:\n   x: y\n"));

    assertThat(result.errors()).hasSize(1);
    assertThat(result.errors().get(0).path()).isEmpty();
    assertThat(result.errors().get(0).message()).startsWith("YAML syntax error at line ");
  }

  @Test
  void reportsAMissingTemplateFileAtItsPathInTheTemplate() {
    FleetLoadResult result = load(FLEET.replace("k8s/config.yaml", "k8s/missing.yaml"));

    assertThat(result.errors())
        .containsExactly(
            new PlanProblem(
                "spec.template.phases[0].steps[0].apply.manifests[0]",
                "cannot read k8s/missing.yaml: no such file",
                "file paths are relative to the plan file"));
  }

  @Test
  void reportsTheFleetsOwnChecksAsPlanProblems() {
    FleetLoadResult result =
        load(
            FLEET.replace(
                "{ name: west_api, priority: P1, cluster: west }",
                "{ name: west_api, priority: P1, cluster: west, dependsOn: [east_apj] }"));

    assertThat(result.errors())
        .containsExactly(
            new PlanProblem(
                "spec.systems[1].dependsOn[0]",
                "unknown system 'east_apj'",
                "did you mean 'east_api'?"));
  }

  @Test
  void reportsATemplateShapeErrorAndTheFleetsOwnChecksInOneRun() {
    FleetLoadResult result =
        load(
            FLEET
                .replace("router: { replicas: {} }", "router: { replicas: {}, colour: red }")
                .replace(
                    "{ name: west_api, priority: P1, cluster: west }",
                    "{ name: west_api, priority: P1, cluster: west, dependsOn: [east_apj] }"));

    assertThat(result.errors())
        .extracting(PlanProblem::path, PlanProblem::message)
        .containsExactlyInAnyOrder(
            tuple("spec.template.phases[0].steps[1].canary.router.colour", "unknown field 'colour'"),
            tuple("spec.systems[1].dependsOn[0]", "unknown system 'east_apj'"));
  }

  @Test
  void leavesTheFleetsOwnChecksForTheNextRunWhenAWaveIsMisshapen() {
    FleetLoadResult result =
        load(
            FLEET
                .replace("maxParallel: 2", "maxParallel: two")
                .replace(
                    "{ name: west_api, priority: P1, cluster: west }",
                    "{ name: west_api, priority: P1, cluster: west, dependsOn: [east_apj] }"));

    assertThat(result.errors()).extracting(PlanProblem::path).containsExactly("spec.waves[0].maxParallel");
  }

  @Test
  void reportsATemplateMistakeOnceAtItsTemplatePath() {
    FleetLoadResult result = load(FLEET.replace("weights: [50, 100]", "weights: [50, 90]"));

    assertThat(result.errors()).hasSize(1);
    PlanProblem problem = result.errors().get(0);
    assertThat(problem.path()).isEqualTo("spec.template.phases[0].steps[1].canary.weights");
    assertThat(problem.message()).doesNotContain("for system");
  }

  @Test
  void namesTheSystemsATemplateMistakeConcernsWhenNotAll() {
    String fleet =
        FLEET
            .replace(
                "vars: { service: '${systemSlug}' }",
                "vars: { service: '${systemSlug}' }\n"
                    + "    metrics:\n"
                    + "      health: { http: { url: '${probe}' } }")
            .replace(
                "{ name: west_api, priority: P1, cluster: west }",
                "{ name: west_api, priority: P1, cluster: west, vars: { probe: 'ftp://west' } }")
            .replace(
                "{ name: east_api, priority: P1, cluster: east }",
                "{ name: east_api, priority: P1, cluster: east, vars: { probe: 'http://east' } }");

    FleetLoadResult result = load(fleet);

    assertThat(result.errors())
        .containsExactly(
            new PlanProblem(
                "spec.template.metrics.health.http.url",
                "'ftp://west' is not an http(s) URL (for system west_api)",
                null));
  }

  @Test
  void reportsAProblemOfOneSystemsMigrationNameAtThatSystem() {
    String longName = "a_system_whose_name_is_far_too_long_for_a_kubernetes_object_name";
    FleetLoadResult result = load(FLEET.replace("name: west_api,", "name: " + longName + ","));

    assertThat(result.errors()).hasSize(1);
    assertThat(result.errors().get(0).path()).isEqualTo("spec.systems[1].name");
    assertThat(result.errors().get(0).message()).contains("is not a valid migration name");
  }

  @Test
  void warnsOnceAboutAnIrreversibleTemplateStepWithoutApproval() {
    FleetLoadResult result =
        load(
            FLEET.replace(
                "              weights: [50, 100]\n",
                "              weights: [50, 100]\n"
                    + "          - decommission: { deployment: '${service}-blue' }\n"));

    assertThat(result.ok()).isTrue();
    assertThat(result.warnings())
        .containsExactly(
            new PlanProblem(
                "spec.template.phases[0].steps[2].decommission",
                "decommission is irreversible and no approval step comes before it",
                "add an approval step before the point of no return"));
  }

  @Test
  void pointsMigrationPlansToThePlanLoader() {
    FleetLoadResult result = load(FLEET.replace("kind: Fleet", "kind: Migration"));

    assertThat(result.errors())
        .containsExactly(
            new PlanProblem(
                "kind",
                "migration plans are loaded with PlanLoader",
                "run it as a migration, not a fleet: the flightplan CLI reads both kinds"));
  }

  @Test
  void tellsFleetsFromOtherText() {
    assertThat(FleetLoader.isFleet(FLEET)).isTrue();
    assertThat(FleetLoader.isFleet(FLEET.replace("kind: Fleet", "kind: Migration"))).isFalse();
    assertThat(FleetLoader.isFleet("kind: [")).isFalse();
    assertThat(FleetLoader.isFleet(null)).isFalse();
  }
}
