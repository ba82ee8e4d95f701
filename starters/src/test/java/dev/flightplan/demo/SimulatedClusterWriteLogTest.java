package dev.flightplan.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatedClusterWriteLogTest {

  @Test
  void logsEveryChangeAfterTheSeedAndServesTheLogOverHttp() throws Exception {
    WriteLog writes = WriteLog.inMemory();
    try (SimulatedCluster cluster = SimulatedCluster.start(0, Duration.ofHours(1), StandaloneSimulation.SEED, writes)) {
      var configMaps = cluster.client().configMaps().inNamespace("shop");
      configMaps.resource(new ConfigMapBuilder().withNewMetadata().withName("extra").endMetadata().addToData("a", "1").build()).create();
      configMaps.withName("extra").edit(map -> new ConfigMapBuilder(map).addToData("b", "2").build());
      configMaps.withName("extra").delete();

      assertThat(writes.writes())
          .filteredOn(write -> !write.isStatusWrite())
          .extracting(ClusterWrite::method, ClusterWrite::objectKey)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("POST", "configmaps shop/extra"),
              org.assertj.core.groups.Tuple.tuple("PATCH", "configmaps shop/extra"),
              org.assertj.core.groups.Tuple.tuple("DELETE", "configmaps shop/extra"));
      assertThat(configMaps.withName("checkout-config").get()).as("the seed is there, unlogged").isNotNull();

      HttpResponse<String> served =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(cluster.url().replaceAll("/$", "") + RecordingDispatcher.WRITES_PATH)).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(served.statusCode()).isEqualTo(200);
      assertThat(served.body()).contains("\"method\":\"DELETE\"").contains("\"name\":\"extra\"");
    }
  }
}
