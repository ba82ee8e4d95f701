package dev.flightplan.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process an end-to-end test or benchmark started, with its output in a log file; closing it stops it (and
 * whatever it started). {@link #kill()} is {@code kill -9}: no shutdown hook runs, as when a machine dies.
 */
public final class ChildProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final long startedNanos;

  private ChildProcess(String name, Process process, Path log, long startedNanos) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.startedNanos = startedNanos;
  }

  public static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path log) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    try {
      long started = System.nanoTime();
      return new ChildProcess(name, builder.start(), log, started);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  /** {@code java -cp <this JVM's class path> dev.flightplan.cli.FlightplanCli <args>}. */
  public static ChildProcess flightplan(
      String name, List<String> jvmOptions, List<String> args, Map<String, String> environment, Path log) {
    List<String> command = new ArrayList<>(flightplanCommand(jvmOptions));
    command.addAll(args);
    return start(name, command, environment, log);
  }

  /** The command that runs {@code flightplan} from this JVM's class path, to which its arguments are appended. */
  public static List<String> flightplanCommand(List<String> jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath());
    command.add("dev.flightplan.cli.FlightplanCli");
    return command;
  }

  /** The {@code java} launcher of this JVM. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The class path this JVM runs with (under Surefire, the test class path rather than its booter jar). */
  static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  /** When {@link #start} launched it, on {@link System#nanoTime()}'s clock. */
  public long startedNanos() {
    return startedNanos;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path logFile() {
    return log;
  }

  /** What it printed so far. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /** The last lines it printed, for failure messages. */
  public String outputTail(int lines) {
    List<String> all = output().lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  /** {@code kill -9}, and waits until it is gone. */
  public void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(10));
  }

  /** SIGTERM (shutdown hooks run), then {@code kill -9} if it is still there after {@code grace}. */
  public void stop(Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    if (!awaitExit(grace)) {
      kill();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  private boolean awaitExit(Duration limit) {
    try {
      return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }
}
