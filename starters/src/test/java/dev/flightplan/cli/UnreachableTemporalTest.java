package dev.flightplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Against a port nothing listens on, through the real gRPC connection. */
class UnreachableTemporalTest {

  @TempDir Path home;
  private String address;
  private CliContext context;

  @BeforeEach
  void aClosedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      address = "127.0.0.1:" + socket.getLocalPort();
    }
    Files.createDirectories(home.resolve(".kube"));
    Files.writeString(home.resolve(".kube/config"), "apiVersion: v1\nkind: Config\n");
    context =
        new CliContext(
            Map.of(
                "TEMPORAL_ADDRESS",
                address,
                "HOME",
                home.toString(),
                "FLIGHTPLAN_METRICS_PORT",
                "0"),
            TemporalAccess.connecting(),
            new TestPlans.Source().valid("plan.yaml", TestPlans.approvalPlan("checkout", "alice")),
            Clock.systemUTC());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "status checkout",
        "watch checkout",
        "list",
        "approve checkout --by alice",
        "start plan.yaml",
        "setup",
        "worker"
      })
  void everyCommandSaysInOneLineWhereItLookedAndExitsFive(String command) {
    CliRun.Result result = CliRun.run(context, command.split(" "));

    assertThat(result.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(result.err())
        .isEqualTo(
            "cannot reach Temporal at "
                + address
                + " (namespace default): is the server running? set --address or"
                + " TEMPORAL_ADDRESS\n");
  }

  @Test
  void theNamespaceInTheMessageIsTheOneAskedFor() {
    CliRun.Result result = CliRun.run(context, "status", "checkout", "--namespace", "payments");

    assertThat(result.errLines()).singleElement().asString().contains("(namespace payments)");
  }
}
