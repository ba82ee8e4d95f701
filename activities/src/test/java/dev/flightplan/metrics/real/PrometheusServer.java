package dev.flightplan.metrics.real;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real Prometheus (Debian's {@code prometheus} binary on the PATH) on loopback with a free port, a throw-away
 * storage directory and a one-second scrape interval over the given targets.
 */
public final class PrometheusServer implements AutoCloseable {
  private static final Duration READY_WITHIN = Duration.ofSeconds(20);

  private final Path home;
  private final Process process;
  private final Thread stopOnExit;
  private final int port;

  private PrometheusServer(Path home, Process process, int port) {
    this.home = home;
    this.process = process;
    this.port = port;
    this.stopOnExit = new Thread(process::destroyForcibly, "stop-prometheus");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /**
   * The {@code prometheus} executable: the one named by the system property {@code flightplan.prometheus} when it is
   * set (a download outside the PATH), else the one on the PATH, if there is one.
   */
  public static Optional<Path> binary() {
    String named = System.getProperty("flightplan.prometheus");
    if (named != null && !named.isBlank()) {
      Path candidate = Path.of(named);
      return Files.isRegularFile(candidate) && Files.isExecutable(candidate) ? Optional.of(candidate) : Optional.empty();
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "prometheus");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Starts Prometheus scraping {@code targets} ({@code host:port}) every second and waits until it is ready. */
  public static PrometheusServer start(String... targets) throws IOException, InterruptedException {
    Path executable = binary().orElseThrow(() -> new IllegalStateException("no prometheus binary on the PATH"));
    Path home = Files.createTempDirectory("flightplan-prometheus");
    StringBuilder config =
        new StringBuilder(
            "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n"
                + "scrape_configs:\n  - job_name: service-under-test\n    static_configs:\n      - targets: [");
    for (int i = 0; i < targets.length; i++) {
      config.append(i == 0 ? "'" : ", '").append(targets[i]).append("'");
    }
    config.append("]\n");
    Path configFile = home.resolve("prometheus.yml");
    Files.writeString(configFile, config, StandardCharsets.UTF_8);
    int port = freePort();
    Process process =
        new ProcessBuilder(
                executable.toString(),
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + home.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("prometheus.log").toFile())
            .start();
    PrometheusServer server = new PrometheusServer(home, process, port);
    try {
      server.awaitReady();
    } catch (IOException | InterruptedException | RuntimeException failure) {
      server.close();
      throw failure;
    }
    return server;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** What Prometheus printed, for a failure message. */
  public String log() {
    try {
      return Files.readString(home.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private void awaitReady() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited with " + process.exitValue() + ": " + log());
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create(url() + "/-/ready")).timeout(Duration.ofSeconds(1)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Still starting: the port is not open yet.
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("prometheus was not ready within " + READY_WITHIN + ": " + log());
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(Duration.ofSeconds(5).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException interrupted) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to: nothing left to remove.
    }
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // A temp directory left behind is harmless.
    }
  }
}
