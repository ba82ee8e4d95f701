package dev.flightplan.cli;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.function.Supplier;

/**
 * What a command needs from Temporal, already checked to answer. Closing releases what the session
 * opened.
 */
public record TemporalSession(
    String address,
    WorkflowServiceStubs stubs,
    WorkflowClient client,
    Supplier<OperatorServiceStubs> operator,
    Runnable onClose)
    implements AutoCloseable {

  public String namespace() {
    return client.getOptions().getNamespace();
  }

  @Override
  public void close() {
    onClose.run();
  }
}
