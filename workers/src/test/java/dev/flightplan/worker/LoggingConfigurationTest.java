package dev.flightplan.worker;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Loads the shipped {@code logback.xml} as the worker does and looks at what one event becomes. */
class LoggingConfigurationTest {

  private static final Map<String, String> ACTIVITY_CONTEXT =
      Map.of(
          LogContextInterceptor.WORKFLOW_ID, "web-canary",
          LogContextInterceptor.RUN_ID, "2f1c",
          LogContextInterceptor.ACTIVITY_TYPE, "SetWeight",
          LogContextInterceptor.ACTIVITY_ID, "7",
          LogContextInterceptor.ATTEMPT, "1",
          LogContextInterceptor.STEP, "shift web-green to 25%");

  private LoggerContext context;

  @AfterEach
  void stop() {
    if (context != null) {
      context.stop();
    }
  }

  @Test
  void jsonFormatWritesOneObjectPerLineWithTheActivityContextAsFields() throws Exception {
    Appender<ILoggingEvent> appender = onlyAppender("json");
    assertThat(encoderOf(appender)).isInstanceOf(LogstashEncoder.class);

    String line = encode(appender, event("set weight {} -> {}", ACTIVITY_CONTEXT, 10, 25));

    assertThat(line).endsWith("\n").doesNotContain("\n{");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.get("message").asText()).isEqualTo("set weight 10 -> 25");
    assertThat(json.get("level").asText()).isEqualTo("INFO");
    assertThat(json.get("logger").asText())
        .isEqualTo("dev.flightplan.traffic.TrafficActivitiesImpl");
    assertThat(json.get("service").asText()).isEqualTo("flightplan");
    assertThat(json.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
    assertThat(json.has("thread")).isTrue();
    assertThat(json.get("WorkflowId").asText()).isEqualTo("web-canary");
    assertThat(json.get("RunId").asText()).isEqualTo("2f1c");
    assertThat(json.get("ActivityType").asText()).isEqualTo("SetWeight");
    assertThat(json.get("ActivityId").asText()).isEqualTo("7");
    assertThat(json.get("Step").asText()).isEqualTo("shift web-green to 25%");
    assertThat(json.has("@version")).isFalse();
    assertThat(json.has("level_value")).isFalse();
  }

  @Test
  void textFormatShowsTheMigrationAndStepOnlyWhenThereIsOne() throws Exception {
    Appender<ILoggingEvent> appender = onlyAppender("TEXT");

    String inActivity = encode(appender, event("set weight {}", ACTIVITY_CONTEXT, 25));
    String outside = encode(appender, event("polling task queue {}", Map.of(), "flightplan"));

    assertThat(inActivity)
        .matches(
            "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  d\\.f\\.t\\.TrafficActivitiesImpl"
                + " \\[web-canary] \\(shift web-green to 25%\\) - set weight 25\\R");
    assertThat(outside)
        .matches(
            "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  d\\.f\\.t\\.TrafficActivitiesImpl"
                + " - polling task queue flightplan\\R");
  }

  @Test
  void eitherFormatLoadsWithoutWarningsSoLogbackPrintsNothingOfItsOwn() throws Exception {
    // Logback dumps its status on stdout, into a command's answer, when configuration warns.
    for (String format : new String[] {"json", "text"}) {
      onlyAppender(format);

      assertThat(new StatusUtil(context).getHighestLevel(0)).as(format).isLessThan(Status.WARN);
      context.stop();
    }
  }

  @Test
  void withoutAFormatLinesAreText() throws Exception {
    assertThat(encoderOf(onlyAppender(null))).isInstanceOf(PatternLayoutEncoder.class);
  }

  @Test
  void anUnknownFormatStillLogsAsText() throws Exception {
    assertThat(encoderOf(onlyAppender("xml"))).isInstanceOf(PatternLayoutEncoder.class);
  }

  @Test
  void theWorkerRefusesAnUnknownFormat() {
    assertThat(LogFormat.parse("xml")).isEmpty();
    assertThat(LogFormat.parse(" Json ")).contains("json");
    assertThat(LogFormat.parse("")).contains("text");
  }

  /** Configures a fresh context from the shipped file; returns the one appender on the root. */
  private Appender<ILoggingEvent> onlyAppender(String format) throws JoranException {
    context = new LoggerContext();
    if (format != null) {
      context.putProperty(LogFormat.VARIABLE, format);
    }
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getResource("/logback.xml"));
    List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
    context
        .getLogger(Logger.ROOT_LOGGER_NAME)
        .iteratorForAppenders()
        .forEachRemaining(appenders::add);
    assertThat(appenders).hasSize(1);
    return appenders.get(0);
  }

  private LoggingEvent event(String message, Map<String, String> mdc, Object... arguments) {
    Logger logger = context.getLogger("dev.flightplan.traffic.TrafficActivitiesImpl");
    LoggingEvent event =
        new LoggingEvent(Logger.class.getName(), logger, Level.INFO, message, null, arguments);
    event.setMDCPropertyMap(mdc);
    return event;
  }

  private static String encode(Appender<ILoggingEvent> appender, ILoggingEvent event) {
    return new String(encoderOf(appender).encode(event), StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private static Encoder<ILoggingEvent> encoderOf(Appender<ILoggingEvent> appender) {
    return ((OutputStreamAppender<ILoggingEvent>) appender).getEncoder();
  }
}
