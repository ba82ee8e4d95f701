package dev.flightplan.worker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporalConnectionTest {

  @TempDir Path folder;

  @Test
  void anUnreachableServerIsOneLineNamingTheAddressAndWhatToCheck() {
    String address = "127.0.0.1:" + ClosedPort.find();
    TemporalSettings settings =
        new TemporalSettings(address, "payments", TemporalSettings.Tls.off(), null);

    try (TemporalConnection connection = TemporalConnection.open(settings)) {
      assertThatThrownBy(() -> connection.checkReachable(Duration.ofSeconds(5)))
          .isInstanceOf(TemporalUnreachableException.class)
          .hasMessage(
              "cannot reach Temporal at "
                  + address
                  + " (namespace payments): is the server running? set --address or"
                  + " TEMPORAL_ADDRESS");
    }
  }

  @Test
  void tlsFilesThatAreNotPemStopWithOneLineNamingThem() throws IOException {
    Path cert = Files.writeString(folder.resolve("client.pem"), "not a certificate");
    Path key = Files.writeString(folder.resolve("client.key"), "not a key");
    TemporalSettings settings =
        new TemporalSettings(
            "127.0.0.1:7233",
            "default",
            new TemporalSettings.Tls(true, null, cert, key, null),
            null);

    assertThatThrownBy(() -> TemporalConnection.stubOptions(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot use the TLS files (cert " + cert + ", key " + key + ")")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aCaFileWithoutCertificatesStopsWithOneLine() throws IOException {
    Path ca = Files.writeString(folder.resolve("ca.pem"), "");
    TemporalSettings settings =
        new TemporalSettings(
            "127.0.0.1:7233",
            "default",
            new TemporalSettings.Tls(true, ca, null, null, null),
            null);

    assertThatThrownBy(() -> TemporalConnection.stubOptions(settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("cannot use the TLS files (CA " + ca + ")");
  }
}
