package dev.flightplan.kubernetes;

import static dev.flightplan.kubernetes.Fixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flightplan.activities.KubernetesActivities;
import dev.flightplan.activities.KubernetesActivities.ApplyRequest;
import dev.flightplan.activities.KubernetesActivities.ApplyResult;
import dev.flightplan.activities.KubernetesActivities.RestoreRequest;
import dev.flightplan.activities.ObjectRef;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ApplyAndRestoreTest {

  KubernetesClient client;
  KubernetesActivitiesImpl activities;

  @BeforeEach
  void setUp() {
    activities = new KubernetesActivitiesImpl(client, Heartbeat.none(), Duration.ofMillis(50));
  }

  private Map<String, Object> configMap(Map<String, String> data) {
    return Fixtures.asMap(
        client,
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("settings")
            .endMetadata()
            .withData(data)
            .build());
  }

  private Map<String, Object> webManifest(String image) {
    Map<String, Object> manifest = Fixtures.asMap(client, Fixtures.deployment("web", image, 2));
    // What a team writes when an HPA owns the replica count: no replicas in the manifest.
    ((Map<?, ?>) manifest.get("spec")).remove("replicas");
    return manifest;
  }

  private Deployment web() {
    return client.apps().deployments().inNamespace(NS).withName("web").get();
  }

  @Test
  void getReturnsTheLiveObjectAsASnapshotOrNullWhenAbsent() {
    ObjectRef ref = new ObjectRef("v1", "ConfigMap", NS, "settings");
    assertThat(activities.get(ref)).isNull();

    activities.apply(new ApplyRequest(NS, configMap(Map.of("mode", "fast"))));

    Map<String, Object> snapshot = activities.get(ref);
    assertThat(snapshot).containsEntry("kind", "ConfigMap").containsEntry("data", Map.of("mode", "fast"));
    activities.restore(new RestoreRequest(ref, snapshot));
    assertThat(client.configMaps().inNamespace(NS).withName("settings").get().getData()).containsEntry("mode", "fast");
  }

  @Test
  void createsAnAbsentObjectAndItsRestoreDeletesIt() {
    ApplyResult result = activities.apply(new ApplyRequest(NS, configMap(Map.of("mode", "fast"))));

    assertThat(result.created()).isTrue();
    assertThat(result.changed()).isTrue();
    assertThat(result.before()).isNull();
    assertThat(result.ref()).isEqualTo(new ObjectRef("v1", "ConfigMap", NS, "settings"));
    assertThat(client.configMaps().inNamespace(NS).withName("settings").get().getData())
        .containsEntry("mode", "fast");

    activities.restore(new RestoreRequest(result.ref(), result.before()));

    assertThat(client.configMaps().inNamespace(NS).withName("settings").get()).isNull();
  }

  @Test
  void restoringACreatedObjectThatIsAlreadyGoneSucceeds() {
    ApplyResult result = activities.apply(new ApplyRequest(NS, configMap(Map.of("mode", "fast"))));
    client.configMaps().inNamespace(NS).withName("settings").delete();

    activities.restore(new RestoreRequest(result.ref(), null));

    assertThat(client.configMaps().inNamespace(NS).withName("settings").get()).isNull();
  }

  @Test
  void patchesAnExistingObjectAndRestoreGivesBackTheExactPreviousObject() {
    activities.apply(new ApplyRequest(NS, configMap(Map.of("mode", "safe", "pool", "10"))));
    Map<String, Object> original =
        Fixtures.userFields(client, client.configMaps().inNamespace(NS).withName("settings").get());

    ApplyResult result = activities.apply(new ApplyRequest(NS, configMap(Map.of("mode", "fast"))));

    assertThat(result.created()).isFalse();
    assertThat(result.changed()).isTrue();
    assertThat(ManifestMerge.withoutServerFields(result.before())).isEqualTo(original);
    assertThat(client.configMaps().inNamespace(NS).withName("settings").get().getData())
        .containsEntry("mode", "fast")
        .containsEntry("pool", "10");

    activities.restore(new RestoreRequest(result.ref(), result.before()));

    assertThat(
            Fixtures.userFields(
                client, client.configMaps().inNamespace(NS).withName("settings").get()))
        .isEqualTo(original);
  }

  @Test
  void fieldsOwnedByOthersSurviveAnApply() {
    activities.apply(new ApplyRequest(NS, webManifest("web:1")));
    // Others at work: the HPA scales, a webhook injects a sidecar, a tool annotates.
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("web")
        .edit(
            d -> {
              d.getSpec().setReplicas(7);
              d.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .add(
                      new io.fabric8.kubernetes.api.model.ContainerBuilder()
                          .withName("istio-proxy")
                          .withImage("proxy:1")
                          .build());
              d.getMetadata().setAnnotations(Map.of("owner.example.com/ticket", "OPS-1"));
              return d;
            });

    ApplyResult result = activities.apply(new ApplyRequest(NS, webManifest("web:2")));

    assertThat(result.changed()).isTrue();
    Deployment live = web();
    assertThat(live.getSpec().getReplicas()).isEqualTo(7);
    assertThat(live.getMetadata().getAnnotations())
        .containsEntry("owner.example.com/ticket", "OPS-1");
    assertThat(live.getSpec().getTemplate().getSpec().getContainers())
        .extracting(c -> c.getName() + "=" + c.getImage())
        .containsExactly("app=web:2", "istio-proxy=proxy:1");
  }

  @Test
  void applyingWhatIsAlreadyThereChangesNothing() {
    activities.apply(new ApplyRequest(NS, webManifest("web:1")));
    String versionBefore = web().getMetadata().getResourceVersion();

    ApplyResult again = activities.apply(new ApplyRequest(NS, webManifest("web:1")));

    assertThat(again.changed()).isFalse();
    assertThat(again.created()).isFalse();
    assertThat(web().getMetadata().getResourceVersion()).isEqualTo(versionBefore);
  }

  @Test
  void aRetriedApplyReturnsTheUndoRecordOfTheFirstAttempt() {
    activities.apply(new ApplyRequest(NS, configMap(Map.of("mode", "safe"))));
    Fixtures.RecordingHeartbeat firstAttempt = new Fixtures.RecordingHeartbeat();
    new KubernetesActivitiesImpl(client, firstAttempt, Duration.ofMillis(50))
        .apply(new ApplyRequest(NS, configMap(Map.of("mode", "fast"))));

    // The first attempt changed the object but its result was lost; Temporal retries the activity.
    ApplyResult retried =
        new KubernetesActivitiesImpl(client, firstAttempt.nextAttempt(), Duration.ofMillis(50))
            .apply(new ApplyRequest(NS, configMap(Map.of("mode", "fast"))));

    assertThat(retried.changed()).isTrue();
    assertThat(JsonMaps.at(retried.before(), "data", "mode")).isEqualTo("safe");
  }

  @Test
  void aRetriedApplyOfACreatedObjectStillSaysCreated() {
    Fixtures.RecordingHeartbeat firstAttempt = new Fixtures.RecordingHeartbeat();
    new KubernetesActivitiesImpl(client, firstAttempt, Duration.ofMillis(50))
        .apply(new ApplyRequest(NS, configMap(Map.of("mode", "fast"))));

    ApplyResult retried =
        new KubernetesActivitiesImpl(client, firstAttempt.nextAttempt(), Duration.ofMillis(50))
            .apply(new ApplyRequest(NS, configMap(Map.of("mode", "fast"))));

    assertThat(retried.created()).isTrue();
    assertThat(retried.before()).isNull();
  }

  @Test
  void restorePutsBackADeploymentChangedByApplyIncludingLabelsAndAnnotations() {
    activities.apply(new ApplyRequest(NS, webManifest("web:1")));
    Map<String, Object> original = Fixtures.userFields(client, web());
    Map<String, Object> changed = webManifest("web:2");
    ((Map<String, Object>) changed.get("metadata"))
        .put("annotations", Map.of("flightplan.dev/step", "deploy"));
    ((Map<String, Object>) changed.get("metadata"))
        .put("labels", Map.of("app", "web", "track", "green"));

    ApplyResult result = activities.apply(new ApplyRequest(NS, changed));
    activities.restore(new RestoreRequest(result.ref(), result.before()));

    assertThat(Fixtures.userFields(client, web())).isEqualTo(original);
  }

  @Test
  void restoreIsIdempotent() {
    activities.apply(new ApplyRequest(NS, webManifest("web:1")));
    ApplyResult result = activities.apply(new ApplyRequest(NS, webManifest("web:2")));
    activities.restore(new RestoreRequest(result.ref(), result.before()));
    String versionAfterFirstRestore = web().getMetadata().getResourceVersion();

    activities.restore(new RestoreRequest(result.ref(), result.before()));

    assertThat(web().getMetadata().getResourceVersion()).isEqualTo(versionAfterFirstRestore);
  }

  @Test
  void deleteReturnsASnapshotFromWhichRestoreRecreatesTheObject() {
    activities.apply(new ApplyRequest(NS, webManifest("web:1")));
    Map<String, Object> original = Fixtures.userFields(client, web());
    ObjectRef ref = new ObjectRef("apps/v1", "Deployment", NS, "web");

    Map<String, Object> snapshot = activities.delete(ref);

    assertThat(web()).isNull();
    assertThat(snapshot).doesNotContainKey("status");
    assertThat(activities.delete(ref)).isNull();

    activities.restore(new RestoreRequest(ref, snapshot));

    assertThat(Fixtures.userFields(client, web())).isEqualTo(original);
  }

  @Test
  void appliesManifestsWithoutNamespaceIntoTheRequestNamespace() {
    ApplyResult result = activities.apply(new ApplyRequest("other", configMap(Map.of("a", "1"))));

    assertThat(result.ref().namespace()).isEqualTo("other");
    assertThat(client.configMaps().inNamespace("other").withName("settings").get()).isNotNull();
  }

  @Test
  void anApplyOfAnUnknownKindFailsWithoutRetrying() {
    Map<String, Object> widget =
        Map.of(
            "apiVersion",
            "example.com/v1",
            "kind",
            "Widget",
            "metadata",
            Map.of("name", "w"),
            "spec",
            List.of());

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> activities.apply(new ApplyRequest(NS, widget)))
        .isInstanceOfSatisfying(
            io.temporal.failure.ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("Widget globeco/w");
            });
  }

  @Test
  void appliesAndRestoresClusterScopedObjectsWithoutANamespace() {
    Map<String, Object> role =
        Map.of(
            "apiVersion",
            "rbac.authorization.k8s.io/v1",
            "kind",
            "ClusterRole",
            "metadata",
            Map.of("name", "flightplan-reader"),
            "rules",
            List.of(
                Map.of(
                    "apiGroups",
                    List.of("apps"),
                    "resources",
                    List.of("deployments"),
                    "verbs",
                    List.of("get"))));

    ApplyResult result = activities.apply(new ApplyRequest(NS, role));

    assertThat(result.ref().namespace()).isNull();
    assertThat(client.rbac().clusterRoles().withName("flightplan-reader").get()).isNotNull();

    activities.restore(
        new RestoreRequest(
            new ObjectRef("rbac.authorization.k8s.io/v1", "ClusterRole", NS, "flightplan-reader"),
            null));

    assertThat(client.rbac().clusterRoles().withName("flightplan-reader").get()).isNull();
  }

  @Test
  void aRetryUnderTemporalReadsTheUndoRecordBackFromHeartbeatDetails() {
    activities.apply(new ApplyRequest(NS, configMap(Map.of("mode", "safe"))));
    Map<String, Object> firstSeen =
        Checkpoint.snapshot(
            Fixtures.asMap(client, client.configMaps().inNamespace(NS).withName("settings").get()));
    activities.apply(new ApplyRequest(NS, configMap(Map.of("mode", "fast"))));
    TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
    try {
      environment.registerActivitiesImplementations(new KubernetesActivitiesImpl(client));
      // What the first attempt recorded before it changed the object, as Temporal hands it to the
      // retry.
      environment.setHeartbeatDetails(
          new Checkpoint(new ObjectRef("v1", "ConfigMap", NS, "settings"), firstSeen, true));
      KubernetesActivities stub = environment.newActivityStub(KubernetesActivities.class);

      ApplyResult retried = stub.apply(new ApplyRequest(NS, configMap(Map.of("mode", "fast"))));

      assertThat(retried.created()).isFalse();
      assertThat(JsonMaps.at(retried.before(), "data", "mode")).isEqualTo("safe");
    } finally {
      environment.close();
    }
  }
}
