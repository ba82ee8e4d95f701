package dev.flightplan.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No Docker engine runs where the tests run, so the deployment files are checked by what can be checked without one:
 * docker-compose.yml against .env and the files it mounts, and the Prometheus configuration and alert rules with
 * Debian's {@code promtool} (skipped loudly without it, failed under {@code CI=true}).
 */
class DeployFilesTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path PROMETHEUS = REPO.resolve("deploy/prometheus");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:?-[^}]*)?}");

  @Test
  void everyVariableComposeNeedsIsSetInDotEnv() throws IOException {
    String compose = Files.readString(REPO.resolve("docker-compose.yml"), StandardCharsets.UTF_8);
    Set<String> defined =
        Files.readAllLines(REPO.resolve(".env"), StandardCharsets.UTF_8).stream()
            .map(String::trim)
            .filter(line -> !line.isEmpty() && !line.startsWith("#") && line.contains("="))
            .map(line -> line.substring(0, line.indexOf('=')).trim())
            .collect(Collectors.toSet());
    Set<String> needed = new TreeSet<>();
    Matcher matcher = VARIABLE.matcher(compose);
    while (matcher.find()) {
      if (matcher.group(2) == null) {
        needed.add(matcher.group(1));
      }
    }

    assertThat(needed).isNotEmpty();
    assertThat(defined).as("variables set in .env").containsAll(needed);
  }

  @Test
  void everyFileComposeMountsIsInTheRepository() throws IOException {
    JsonNode services = new YAMLMapper().readTree(REPO.resolve("docker-compose.yml").toFile()).path("services");
    List<String> mounted = new ArrayList<>();
    services.fields().forEachRemaining(
        service -> service.getValue().path("volumes").forEach(volume -> {
          String text = volume.asText();
          if (text.startsWith("./")) {
            mounted.add(text.substring(0, text.indexOf(':')));
          }
        }));

    assertThat(mounted).contains("./deploy/prometheus/prometheus.yml", "./deploy/prometheus/flightplan-alerts.yml");
    assertThat(mounted).allSatisfy(path -> assertThat(REPO.resolve(path)).exists());
    assertThat(services.path("prometheus").path("volumes").toString())
        .as("prometheus.yml names the rules at the path compose mounts them")
        .contains("flightplan-alerts.yml:/etc/prometheus/flightplan-alerts.yml");
  }

  @Test
  void everyAlertFiresOnWhatItIsForAndStaysQuietOtherwise() throws Exception {
    Path promtool = promtool();

    Result result = run(PROMETHEUS, promtool.toString(), "test", "rules", "flightplan-alerts-test.yml");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void bothPrometheusConfigurationsLoadTheAlertRules(@TempDir Path dir) throws Exception {
    Path promtool = promtool();
    // compose mounts the rules under /etc/prometheus; here they sit beside the configuration
    Files.copy(PROMETHEUS.resolve("flightplan-alerts.yml"), dir.resolve("flightplan-alerts.yml"));
    Files.writeString(
        dir.resolve("prometheus.yml"),
        Files.readString(PROMETHEUS.resolve("prometheus.yml"))
            .replace("/etc/prometheus/flightplan-alerts.yml", "flightplan-alerts.yml"));

    Result compose = run(dir, promtool.toString(), "check", "config", "prometheus.yml");
    Result local = run(PROMETHEUS, promtool.toString(), "check", "config", "prometheus-local.yml");

    assertThat(compose.exitCode()).as(compose.output()).isZero();
    assertThat(compose.output()).contains("SUCCESS: 6 rules found");
    assertThat(local.exitCode()).as(local.output()).isZero();
    assertThat(local.output()).contains("SUCCESS: 6 rules found");
  }

  private record Result(int exitCode, String output) {}

  private static Result run(Path dir, String... command) throws Exception {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail(String.join(" ", command) + " did not finish within 60 s");
    }
    return new Result(process.exitValue(), output);
  }

  private static Path promtool() {
    Optional<Path> found = onPath("promtool");
    if (found.isEmpty()) {
      String missing = "promtool (Debian package prometheus; .ci/run installs it) is not on the PATH";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(missing + ": it is missing under CI=true");
      }
      System.err.println("\n!!!!! SKIPPED: " + missing + " !!!!!\n");
      Assumptions.abort("SKIPPED: " + missing);
    }
    return found.get();
  }

  private static Optional<Path> onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String folder : path.split(File.pathSeparator)) {
      Path candidate = Path.of(folder.isBlank() ? "." : folder, command);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
