package dev.flightplan.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How to reach Temporal: address, namespace and credentials. Shared by the worker and every CLI
 * command, so a CLI pointed at Temporal Cloud uses the same TLS and API key settings as the worker.
 */
public record TemporalSettings(String address, String namespace, Tls tls, String apiKey) {

  public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";
  public static final String DEFAULT_NAMESPACE = "default";

  /**
   * TLS to the frontend. {@code enabled} without files uses the JVM's trust store (Temporal Cloud
   * with an API key); {@code ca} trusts a private CA; {@code cert} and {@code key} are the client's
   * mTLS identity (PKCS#8 PEM).
   */
  public record Tls(boolean enabled, Path ca, Path cert, Path key, String serverName) {
    public static Tls off() {
      return new Tls(false, null, null, null, null);
    }
  }

  @Override
  public String toString() {
    // The API key never reaches a log line.
    return "TemporalSettings[address="
        + address
        + ", namespace="
        + namespace
        + ", tls="
        + tls.enabled()
        + ", apiKey="
        + (apiKey == null ? "none" : "set")
        + "]";
  }

  public static TemporalSettings defaults() {
    return new TemporalSettings(DEFAULT_ADDRESS, DEFAULT_NAMESPACE, Tls.off(), null);
  }

  /**
   * Reads and checks the settings; the first problem found stops with a {@link ConfigException}.
   */
  public static TemporalSettings from(ConfigSource source) {
    String address =
        source
            .get(Setting.TEMPORAL_ADDRESS)
            .map(TemporalSettings::checkAddress)
            .orElse(DEFAULT_ADDRESS);
    String namespace = source.text(Setting.TEMPORAL_NAMESPACE, DEFAULT_NAMESPACE);
    if (namespace.chars().anyMatch(Character::isWhitespace)) {
      throw new ConfigException(
          source.get(Setting.TEMPORAL_NAMESPACE).orElseThrow().origin()
              + " must be a namespace name, not '"
              + namespace
              + "'");
    }
    Optional<ConfigSource.Value> cert = source.get(Setting.TEMPORAL_TLS_CERT);
    Optional<ConfigSource.Value> key = source.get(Setting.TEMPORAL_TLS_KEY);
    if (cert.isPresent() != key.isPresent()) {
      ConfigSource.Value given = cert.or(() -> key).orElseThrow();
      Setting missing = cert.isPresent() ? Setting.TEMPORAL_TLS_KEY : Setting.TEMPORAL_TLS_CERT;
      throw new ConfigException(
          given.origin()
              + " is set but "
              + nameLike(given, missing)
              + " is not: set both, or neither");
    }
    Path ca = source.get(Setting.TEMPORAL_TLS_CA).map(TemporalSettings::readableFile).orElse(null);
    Path certFile = cert.map(TemporalSettings::readableFile).orElse(null);
    Path keyFile = key.map(TemporalSettings::readableFile).orElse(null);
    String apiKey =
        Secret.from(source, Setting.TEMPORAL_API_KEY, Setting.TEMPORAL_API_KEY_FILE)
            .map(Secret::get)
            .orElse(null);
    String serverName =
        source.get(Setting.TEMPORAL_TLS_SERVER_NAME).map(ConfigSource.Value::text).orElse(null);
    boolean anyTlsMaterial = ca != null || certFile != null || serverName != null;
    // An API key travels in a header: sending it unencrypted would leak it, so it turns TLS on
    // unless told otherwise.
    boolean tlsEnabled = source.bool(Setting.TEMPORAL_TLS).orElse(anyTlsMaterial || apiKey != null);
    if (!tlsEnabled && anyTlsMaterial) {
      throw new ConfigException(
          source.get(Setting.TEMPORAL_TLS).orElseThrow().origin()
              + " is false but TLS files are set: drop them, or turn TLS on");
    }
    return new TemporalSettings(
        address, namespace, new Tls(tlsEnabled, ca, certFile, keyFile, serverName), apiKey);
  }

  /**
   * Names the missing partner the same way the user named the one they gave: flag for flag,
   * variable for variable.
   */
  private static String nameLike(ConfigSource.Value given, Setting missing) {
    return given.origin().startsWith("--") ? missing.flag() : missing.name();
  }

  static String checkAddress(ConfigSource.Value value) {
    String text = value.text();
    if (text.contains("://")) {
      throw new ConfigException(
          value.origin()
              + " must be host:port without a scheme, not '"
              + text
              + "' (e.g. 127.0.0.1:7233)");
    }
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new ConfigException(
          value.origin() + " must be host:port, not '" + text + "' (e.g. 127.0.0.1:7233)");
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new ConfigException(
          value.origin()
              + " has no valid port in '"
              + text
              + "': write host:port, e.g. 127.0.0.1:7233");
    }
    return text;
  }

  static Path readableFile(ConfigSource.Value value) {
    Path path = Path.of(value.text());
    if (!Files.exists(path)) {
      throw new ConfigException(value.origin() + " points to " + path + ", which does not exist");
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new ConfigException(
          value.origin() + " points to " + path + ", which is not a readable file");
    }
    return path;
  }
}
