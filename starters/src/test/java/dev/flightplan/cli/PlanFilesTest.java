package dev.flightplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightplan.plan.FileResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanFilesTest {

  @TempDir Path folder;

  @Test
  void readsReferencesRelativeToThePlanFilesFolder() throws IOException {
    Files.createDirectories(folder.resolve("plans/k8s"));
    Files.writeString(folder.resolve("plans/k8s/deployment.yaml"), "kind: Deployment\n");
    FileResolver files = PlanFiles.relativeTo(folder.resolve("plans/plan.yaml"));

    assertThat(files.read("k8s/deployment.yaml")).isEqualTo("kind: Deployment\n");
  }

  @Test
  void aMissingReferenceNamesTheFileAndWhereItWasLookedFor() {
    FileResolver files = PlanFiles.relativeTo(folder.resolve("plan.yaml"));

    assertThatThrownBy(() -> files.read("k8s/missing.yaml"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage(
            "no file k8s/missing.yaml (looked for " + folder.resolve("k8s/missing.yaml") + ")");
  }
}
