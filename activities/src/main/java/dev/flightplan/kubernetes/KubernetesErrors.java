package dev.flightplan.kubernetes;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The one place that decides whether a Kubernetes error is worth retrying. Requests the API server
 * rejected for what they are (400, 401, 403, 404, 422, ...) fail the step with the API's message;
 * conflicts, throttling, server errors and I/O problems are retried by Temporal with backoff. Every
 * message names the verb and the object, e.g. {@code patch Deployment globeco/web: 422
 * Unprocessable Entity: spec.replicas: must be ≥ 0}.
 */
public final class KubernetesErrors {

  /** Failure types, so workflows and tests can tell them apart without parsing messages. */
  public static final String NOT_FOUND = "KubernetesNotFound";

  public static final String REJECTED = "KubernetesRejected";
  public static final String CONFLICT = "KubernetesConflict";
  public static final String UNAVAILABLE = "KubernetesUnavailable";
  public static final String BAD_INPUT = "BadInput";
  public static final String ROLLOUT_FAILED = "RolloutFailed";
  public static final String INTERRUPTED = "Interrupted";

  private KubernetesErrors() {}

  /** Runs one API call, translating its failure into a classified {@link ApplicationFailure}. */
  public static <T> T call(String verb, Object target, Supplier<T> action) {
    try {
      return action.get();
    } catch (KubernetesClientException e) {
      throw classify(verb, target, e);
    }
  }

  /** Same as {@link #call(String, Object, Supplier)} for calls without a result. */
  public static void run(String verb, Object target, Runnable action) {
    call(
        verb,
        target,
        () -> {
          action.run();
          return null;
        });
  }

  public static ApplicationFailure classify(
      String verb, Object target, KubernetesClientException e) {
    int code = e.getCode();
    String message = verb + " " + target + ": " + describe(e);
    if (code <= 0) {
      // No HTTP answer: either the server could not be reached (retry), or the client refused the
      // request
      // before sending it, e.g. an apiVersion/kind it cannot map to a resource (retrying cannot
      // help).
      return isIo(e)
          ? ApplicationFailure.newFailureWithCause(message, UNAVAILABLE, e)
          : ApplicationFailure.newNonRetryableFailureWithCause(message, BAD_INPUT, e);
    }
    if (code == 409) {
      return ApplicationFailure.newFailureWithCause(message, CONFLICT, e);
    }
    if (code == 429 || code >= 500 || code == 408) {
      return ApplicationFailure.newFailureWithCause(message, UNAVAILABLE, e);
    }
    return ApplicationFailure.newNonRetryableFailureWithCause(
        message, code == 404 ? NOT_FOUND : REJECTED, e);
  }

  /** A non-retryable failure for an object that should exist and does not. */
  public static ApplicationFailure notFound(String verb, Object target) {
    return ApplicationFailure.newNonRetryableFailure(
        verb + " " + target + ": 404 Not Found", NOT_FOUND);
  }

  public static ApplicationFailure badInput(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, BAD_INPUT);
  }

  /**
   * Sleeps between polls; an interrupt (worker shutting down) keeps its flag and becomes a
   * retryable failure.
   */
  public static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailureWithCause("interrupted while waiting", INTERRUPTED, e);
    }
  }

  /**
   * "422 Unprocessable Entity: <the API's message> (field: cause; ...)", or the client's message
   * without a status.
   */
  static String describe(KubernetesClientException e) {
    int code = e.getCode();
    Status status = e.getStatus();
    String apiMessage = status == null || blank(status.getMessage()) ? null : status.getMessage();
    String causes = causes(status, apiMessage);
    if (code <= 0) {
      return rootMessage(e);
    }
    String head = code + " " + reason(code);
    if (apiMessage == null && causes.isEmpty()) {
      return head;
    }
    return head
        + ": "
        + (apiMessage == null
            ? causes
            : apiMessage + (causes.isEmpty() ? "" : " (" + causes + ")"));
  }

  private static String causes(Status status, String apiMessage) {
    if (status == null || status.getDetails() == null || status.getDetails().getCauses() == null) {
      return "";
    }
    List<StatusCause> causes = status.getDetails().getCauses();
    return causes.stream()
        .filter(c -> !blank(c.getMessage()))
        .filter(c -> apiMessage == null || !apiMessage.contains(c.getMessage()))
        .map(c -> blank(c.getField()) ? c.getMessage() : c.getField() + ": " + c.getMessage())
        .collect(Collectors.joining("; "));
  }

  private static String reason(int code) {
    return switch (code) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 408 -> "Request Timeout";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Entity";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "HTTP error";
    };
  }

  private static boolean isIo(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException
          || t instanceof TimeoutException
          || t instanceof InterruptedIOException) {
        return true;
      }
      String message = t.getMessage();
      if (message != null && message.toLowerCase().contains("timeout")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String own = e.getMessage();
    String rootText = root == e ? null : root.getClass().getSimpleName() + ": " + root.getMessage();
    return rootText == null ? own : own + " (" + rootText + ")";
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
