package dev.flightplan.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** The demo prints its own progress view; component logs would bury it, so only warnings get through. */
final class QuietLogs {
  private QuietLogs() {}

  static void apply() {
    java.util.logging.Logger.getLogger("io.fabric8.mockwebserver").setLevel(java.util.logging.Level.WARNING);
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
      context.getLoggerList().stream().filter(logger -> logger.getLevel() != null).forEach(logger -> logger.setLevel(Level.WARN));
    }
  }
}
