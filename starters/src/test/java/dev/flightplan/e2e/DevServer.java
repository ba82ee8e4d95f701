package dev.flightplan.e2e;

import dev.flightplan.migration.FlightplanSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real Temporal server, as {@code temporal server start-dev} runs it: persisted in a SQLite file, with
 * Flightplan's search attributes registered, offline (no version check, no UI news fetch), on loopback ports of its
 * own. {@link #restart()} stops it and starts it again on the same file and ports.
 */
public final class DevServer implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final Path binary;
  private final Path folder;
  private final int port;
  private final int uiPort;
  private ChildProcess process;
  private int starts;

  private DevServer(Path binary, Path folder) {
    this.binary = binary;
    this.folder = folder;
    this.port = FreePorts.find();
    this.uiPort = FreePorts.find();
  }

  /** Starts a server keeping its database and log in {@code folder}, and waits until it answers. */
  public static DevServer start(Path binary, Path folder) {
    DevServer server = new DevServer(binary, folder);
    server.launch();
    server.awaitReady();
    return server;
  }

  /** {@code 127.0.0.1:PORT}, for {@code --address}. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  public String uiUrl() {
    return "http://127.0.0.1:" + uiPort;
  }

  public Path database() {
    return folder.resolve("temporal.sqlite");
  }

  public Path binary() {
    return binary;
  }

  /** Stops the server as an operator would (SIGTERM), waiting until it has let go of its database. */
  public void stop() {
    process.stop(Duration.ofSeconds(20));
  }

  /** Stops it, leaves it down for {@code downtime}, then starts it again on the same database and ports. */
  public void restart(Duration downtime) {
    stop();
    Sleep.millis(downtime.toMillis());
    launch();
    awaitReady();
  }

  /** Launches the server without waiting for it. */
  private void launch() {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(
        List.of(
            "server",
            "start-dev",
            "--db-filename",
            database().toString(),
            "--ip",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--ui-port",
            Integer.toString(uiPort),
            "--log-level",
            "warn",
            "--dynamic-config-value",
            "frontend.enableServerVersionCheck=false",
            "--ui-disable-news-fetch"));
    for (Map.Entry<String, IndexedValueType> attribute : FlightplanSearchAttributes.definitions().entrySet()) {
      command.add("--search-attribute");
      command.add(attribute.getKey() + "=" + cliType(attribute.getValue()));
    }
    starts++;
    process = ChildProcess.start("temporal dev server", command, Map.of(), folder.resolve("temporal-" + starts + ".log"));
  }

  /** Ready when the CLI lists Flightplan's search attributes and the UI answers. */
  private void awaitReady() {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    boolean frontend = false;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the Temporal dev server exited while starting:\n" + process.outputTail(30));
      }
      frontend = frontend || searchAttributesRegistered();
      if (frontend && uiAnswers()) {
        return;
      }
      Sleep.millis(200);
    }
    throw new IllegalStateException(
        "the Temporal dev server did not answer within " + STARTUP.toSeconds() + " s:\n" + process.outputTail(30));
  }

  private boolean searchAttributesRegistered() {
    try {
      Process list =
          new ProcessBuilder(
                  binary.toString(), "operator", "search-attribute", "list", "--address", address(), "-o", "json")
              .redirectErrorStream(true)
              .start();
      String text = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return list.waitFor() == 0 && text.contains("FlightplanState");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private boolean uiAnswers() {
    try {
      HttpResponse<Void> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(uiUrl() + "/")).timeout(Duration.ofSeconds(2)).build(),
                  HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The type names {@code --search-attribute} takes. */
  private static String cliType(IndexedValueType type) {
    return switch (type) {
      case INDEXED_VALUE_TYPE_KEYWORD -> "Keyword";
      case INDEXED_VALUE_TYPE_INT -> "Int";
      case INDEXED_VALUE_TYPE_TEXT -> "Text";
      case INDEXED_VALUE_TYPE_DOUBLE -> "Double";
      case INDEXED_VALUE_TYPE_BOOL -> "Bool";
      case INDEXED_VALUE_TYPE_DATETIME -> "Datetime";
      case INDEXED_VALUE_TYPE_KEYWORD_LIST -> "KeywordList";
      default -> throw new IllegalArgumentException("no dev-server type for " + type);
    };
  }

  /** Runs {@code temporal <args> --address <this server>} and returns its exit code and output. */
  public CommandResult cli(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    command.add("--address");
    command.add(address());
    try {
      Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
      String text = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new CommandResult(run.waitFor(), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  public record CommandResult(int exitCode, String output) {}

  /** The server's log of its latest start. */
  public String logTail(int lines) {
    return process.outputTail(lines);
  }

  @Override
  public void close() {
    if (process != null) {
      process.stop(Duration.ofSeconds(20));
    }
  }
}
