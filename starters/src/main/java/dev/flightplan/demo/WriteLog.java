package dev.flightplan.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Every change request the simulated API server answered, oldest first: in memory, and as JSON lines in a file when
 * given one (flushed per line, so a reader sees each write as soon as it happened). Lets a test check afterwards that
 * no step's change was applied twice, even across worker crashes.
 */
public final class WriteLog implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<ClusterWrite> writes = new ArrayList<>();
  private final BufferedWriter file;
  private volatile boolean recording;

  private WriteLog(BufferedWriter file) {
    this.file = file;
  }

  /** A log kept in memory only. */
  public static WriteLog inMemory() {
    return new WriteLog(null);
  }

  /** A log also appended to {@code path} as JSON lines. */
  public static WriteLog toFile(Path path) {
    try {
      return new WriteLog(
          Files.newBufferedWriter(
              path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the write log to " + path + ": " + e.getMessage(), e);
    }
  }

  /** From now on writes are kept; before (while the cluster is seeded) they are not. */
  void startRecording() {
    recording = true;
  }

  synchronized void add(ClusterWrite write) {
    if (!recording) {
      return;
    }
    writes.add(write);
    if (file != null) {
      try {
        file.write(JSON.writeValueAsString(write));
        file.newLine();
        file.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public synchronized List<ClusterWrite> writes() {
    return List.copyOf(writes);
  }

  /** The whole log as a JSON array. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(writes());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized void close() {
    if (file != null) {
      try {
        file.close();
      } catch (IOException e) {
        // The log is closed as the process ends; there is nobody left to tell.
      }
    }
  }
}
