package dev.flightplan.demo;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * fabric8's CRUD dispatcher that also writes every create, update, patch and delete it answered into a {@link
 * WriteLog}, and serves that log at {@value #WRITES_PATH} on the same port.
 */
final class RecordingDispatcher extends KubernetesCrudDispatcher {
  static final String WRITES_PATH = "/simulation/writes";

  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final WriteLog log;

  RecordingDispatcher(WriteLog log) {
    super(List.of());
    this.log = log;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String method = request.getMethod();
    if ("GET".equals(method) && WRITES_PATH.equals(request.getPath())) {
      return new MockResponse()
          .setResponseCode(200)
          .setHeader("Content-Type", "application/json")
          .setBody(log.toJson());
    }
    if (!WRITES.contains(method)) {
      return super.dispatch(request);
    }
    // Read before dispatching: getBytes copies, so the CRUD handler still finds the whole body.
    String body = request.getBody() == null ? null : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
    MockResponse response = super.dispatch(request);
    log.add(ClusterWrite.of(System.currentTimeMillis(), method, request.getPath(), response.code(), body));
    return response;
  }
}
