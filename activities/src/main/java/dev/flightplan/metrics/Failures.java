package dev.flightplan.metrics;

/** Short, readable descriptions of I/O failures, whose own messages are often null. */
final class Failures {

  private Failures() {}

  /**
   * The first message found along the cause chain, prefixed by its exception's simple name when
   * that helps.
   */
  static String describe(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message != null && !message.isBlank()) {
        return cause == failure ? message : cause.getClass().getSimpleName() + ": " + message;
      }
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.ConnectException) {
        return "connection refused";
      }
    }
    return failure.getClass().getSimpleName();
  }

  static String truncate(String text, int max) {
    if (text == null) {
      return "";
    }
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
  }
}
