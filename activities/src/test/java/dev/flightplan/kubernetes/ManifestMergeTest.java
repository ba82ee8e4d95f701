package dev.flightplan.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestMergeTest {

  @Test
  void mergesMapsKeyByKeyAndKeepsWhatTheManifestDoesNotMention() {
    Map<String, Object> live =
        Map.of("spec", Map.of("replicas", 7, "paused", false), "metadata", Map.of("name", "w"));
    Map<String, Object> manifest = Map.of("spec", Map.of("paused", true));

    Map<String, Object> merged = ManifestMerge.merge(live, manifest);

    assertThat(merged)
        .isEqualTo(
            Map.of("spec", Map.of("replicas", 7, "paused", true), "metadata", Map.of("name", "w")));
  }

  @Test
  void nullInTheManifestRemovesTheField() {
    Map<String, Object> manifest = new HashMap<>();
    manifest.put("data", new HashMap<>(Map.of()));
    ((Map<String, Object>) manifest.get("data")).put("old", null);

    Map<String, Object> merged =
        ManifestMerge.merge(Map.of("data", Map.of("old", "1", "keep", "2")), manifest);

    assertThat(merged).isEqualTo(Map.of("data", Map.of("keep", "2")));
  }

  @Test
  void containersMergeByNameSoAnInjectedSidecarSurvives() {
    Map<String, Object> live =
        Map.of(
            "containers",
            List.of(
                Map.of(
                    "name",
                    "app",
                    "image",
                    "app:1",
                    "terminationMessagePath",
                    "/dev/termination-log"),
                Map.of("name", "istio-proxy", "image", "proxy:1")));
    Map<String, Object> manifest =
        Map.of(
            "containers",
            List.of(
                Map.of("name", "app", "image", "app:2"), Map.of("name", "new", "image", "n:1")));

    Map<String, Object> merged = ManifestMerge.merge(live, manifest);

    assertThat(merged.get("containers"))
        .isEqualTo(
            List.of(
                Map.of(
                    "name",
                    "app",
                    "image",
                    "app:2",
                    "terminationMessagePath",
                    "/dev/termination-log"),
                Map.of("name", "istio-proxy", "image", "proxy:1"),
                Map.of("name", "new", "image", "n:1")));
  }

  @Test
  void otherListsAreReplacedWhole() {
    Map<String, Object> merged =
        ManifestMerge.merge(Map.of("args", List.of("a", "b")), Map.of("args", List.of("c")));

    assertThat(merged.get("args")).isEqualTo(List.of("c"));
  }

  @Test
  void numbersCompareByValueAcrossJsonRoundTrips() {
    assertThat(
            ManifestMerge.sameObject(
                Map.of("spec", Map.of("replicas", 3)), Map.of("spec", Map.of("replicas", 3L))))
        .isTrue();
  }

  @Test
  void sameObjectIgnoresStatusAndServerManagedMetadata() {
    Map<String, Object> a =
        Map.of(
            "metadata",
            Map.of("name", "w", "resourceVersion", "1", "uid", "u1"),
            "status",
            Map.of("ready", 1));
    Map<String, Object> b =
        Map.of("metadata", Map.of("name", "w", "resourceVersion", "9", "generation", 4));

    assertThat(ManifestMerge.sameObject(a, b)).isTrue();
  }
}
