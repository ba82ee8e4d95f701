package dev.flightplan.worker;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/** A connection to one Temporal namespace: the gRPC stubs and a client bound to the namespace. */
public final class TemporalConnection implements AutoCloseable {

  private final TemporalSettings settings;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;

  private TemporalConnection(TemporalSettings settings, WorkflowServiceStubs stubs) {
    this.settings = settings;
    this.stubs = stubs;
    this.client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(settings.namespace()).build());
  }

  /**
   * Opens the stubs without any RPC; call {@link #checkReachable} to find out whether the server
   * answers.
   */
  public static TemporalConnection open(TemporalSettings settings) {
    return open(settings, stubOptions(settings).build());
  }

  public static TemporalConnection open(
      TemporalSettings settings, WorkflowServiceStubsOptions options) {
    return new TemporalConnection(settings, WorkflowServiceStubs.newServiceStubs(options));
  }

  /** Target, TLS and API key from the settings; callers add metrics, timeouts and the like. */
  public static WorkflowServiceStubsOptions.Builder stubOptions(TemporalSettings settings) {
    WorkflowServiceStubsOptions.Builder builder =
        WorkflowServiceStubsOptions.newBuilder().setTarget(settings.address());
    TemporalSettings.Tls tls = settings.tls();
    if (tls.enabled()) {
      if (tls.ca() != null || tls.cert() != null) {
        builder.setSslContext(sslContext(tls));
      } else {
        builder.setEnableHttps(true);
      }
      if (tls.serverName() != null) {
        builder.setChannelInitializer(channel -> channel.overrideAuthority(tls.serverName()));
      }
    }
    if (settings.apiKey() != null) {
      String apiKey = settings.apiKey();
      builder.addApiKey(() -> apiKey);
    }
    return builder;
  }

  public TemporalSettings settings() {
    return settings;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  public WorkflowClient client() {
    return client;
  }

  /**
   * Operator stubs over the same channel (and so the same credentials). The caller shuts them down.
   */
  public OperatorServiceStubs operatorStubs() {
    return OperatorServiceStubs.newServiceStubs(
        OperatorServiceStubsOptions.newBuilder()
            .setChannel(stubs.getRawChannel())
            .validateAndBuildWithDefaults());
  }

  /**
   * Asks the server for its system info and the namespace, within {@code timeout}; throws one
   * readable line if not.
   */
  public void checkReachable(Duration timeout) {
    checkReachable(stubs, settings.address(), settings.namespace(), timeout);
  }

  public static void checkReachable(
      WorkflowServiceStubs stubs, String address, String namespace, Duration timeout) {
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      throw explain(e, address, namespace);
    }
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.NOT_FOUND) {
        throw new TemporalUnreachableException(
            "namespace "
                + namespace
                + " does not exist at "
                + address
                + ": create it (temporal operator namespace create "
                + namespace
                + ") or set --namespace or TEMPORAL_NAMESPACE",
            e);
      }
      if (code == Status.Code.UNAVAILABLE
          || code == Status.Code.DEADLINE_EXCEEDED
          || code == Status.Code.UNAUTHENTICATED) {
        throw explain(e, address, namespace);
      }
      // Some deployments do not let every caller describe namespaces; the namespace's own RPCs will
      // tell.
    }
  }

  /**
   * Turns a gRPC failure that means "Temporal is not usable" into one line naming the address and
   * what to check, or returns null when the failure means something else (the caller handles it).
   */
  public static TemporalUnreachableException explainIfUnreachable(
      Throwable failure, String address, String namespace) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof StatusRuntimeException grpc) {
        Status.Code code = grpc.getStatus().getCode();
        // DEADLINE_EXCEEDED is left out: after a successful check it means a slow query, not a
        // missing server.
        if (code == Status.Code.UNAVAILABLE || code == Status.Code.UNAUTHENTICATED) {
          return explain(grpc, address, namespace);
        }
        return null;
      }
    }
    return null;
  }

  static TemporalUnreachableException explain(
      StatusRuntimeException e, String address, String namespace) {
    Status.Code code = e.getStatus().getCode();
    if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
      return new TemporalUnreachableException(
          "Temporal at "
              + address
              + " refused our credentials for namespace "
              + namespace
              + ": check TEMPORAL_API_KEY or the client certificate ("
              + e.getStatus().getDescription()
              + ")",
          e);
    }
    if (hasCause(e, SSLException.class)) {
      return new TemporalUnreachableException(
          "TLS handshake with Temporal at "
              + address
              + " (namespace "
              + namespace
              + ") failed: check TEMPORAL_TLS_CA, TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY, or"
              + " TEMPORAL_TLS",
          e);
    }
    return new TemporalUnreachableException(
        "cannot reach Temporal at "
            + address
            + " (namespace "
            + namespace
            + "): is the server running? set --address or TEMPORAL_ADDRESS",
        e);
  }

  private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  private static SslContext sslContext(TemporalSettings.Tls tls) {
    try {
      SimpleSslContextBuilder builder;
      if (tls.cert() != null) {
        try (InputStream cert = Files.newInputStream(tls.cert());
            InputStream key = Files.newInputStream(tls.key())) {
          builder = SimpleSslContextBuilder.forPKCS8(cert, key);
        }
      } else {
        builder = SimpleSslContextBuilder.noKeyOrCertChain();
      }
      if (tls.ca() != null) {
        builder.setTrustManager(trustManagerFor(tls));
      }
      return builder.build();
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new ConfigException(
          "cannot use the TLS files ("
              + describe(tls)
              + "): "
              + e.getMessage()
              + " (certificates and keys must be PEM; the key PKCS#8)",
          e);
    }
  }

  private static javax.net.ssl.TrustManager trustManagerFor(TemporalSettings.Tls tls)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(tls.ca())) {
      int index = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + index++, certificate);
      }
      if (index == 0) {
        throw new GeneralSecurityException(tls.ca() + " holds no certificate");
      }
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers()[0];
  }

  private static String describe(TemporalSettings.Tls tls) {
    StringBuilder out = new StringBuilder();
    if (tls.ca() != null) {
      out.append("CA ").append(tls.ca());
    }
    if (tls.cert() != null) {
      out.append(out.isEmpty() ? "" : ", ")
          .append("cert ")
          .append(tls.cert())
          .append(", key ")
          .append(tls.key());
    }
    return out.toString();
  }

  @Override
  public void close() {
    stubs.shutdown();
    stubs.awaitTermination(5, TimeUnit.SECONDS);
  }
}
