package dev.flightplan.worker;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.Header;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Puts the workflow and activity an activity runs for into the logging context (MDC) for exactly
 * the duration of that activity, so every activity log line, JSON or text, says which migration it
 * belongs to.
 *
 * <p>The key names are the Temporal SDK's own ({@code WorkflowId}, {@code RunId}, {@code
 * ActivityType}, {@code ActivityId}, {@code Attempt}): the SDK sets most of them around an activity
 * task already, and using the same names means one key per fact whichever of the two set it. This
 * interceptor adds {@code Step}, the summary the workflow gave the activity ("shift web-green to
 * 25%", "wait for web-green to roll out"): the workflow side copies it into a header, since the
 * activity side is not told the summary.
 */
public final class LogContextInterceptor extends WorkerInterceptorBase {

  public static final String WORKFLOW_ID = "WorkflowId";
  public static final String RUN_ID = "RunId";
  public static final String ACTIVITY_TYPE = "ActivityType";
  public static final String ACTIVITY_ID = "ActivityId";
  public static final String ATTEMPT = "Attempt";
  public static final String STEP = "Step";

  /** The header carrying the activity's summary from the workflow to the activity. */
  static final String STEP_HEADER = "flightplan-step";

  private static final DataConverter CONVERTER = DefaultDataConverter.STANDARD_INSTANCE;

  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new WorkflowInboundCallsInterceptorBase(next) {
      @Override
      public void init(WorkflowOutboundCallsInterceptor outbound) {
        super.init(new StepHeaderOutbound(outbound));
      }
    };
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityLogContext(next);
  }

  /**
   * Copies each activity's summary into a header. Deterministic: it reads only the options the
   * workflow code built, and headers are not compared on replay.
   */
  private static final class StepHeaderOutbound extends WorkflowOutboundCallsInterceptorBase {
    StepHeaderOutbound(WorkflowOutboundCallsInterceptor next) {
      super(next);
    }

    @Override
    public <R> ActivityOutput<R> executeActivity(ActivityInput<R> input) {
      String summary = input.getOptions() == null ? null : input.getOptions().getSummary();
      if (summary == null || summary.isBlank()) {
        return super.executeActivity(input);
      }
      Map<String, Payload> values = new LinkedHashMap<>(input.getHeader().getValues());
      CONVERTER.toPayload(summary).ifPresent(payload -> values.put(STEP_HEADER, payload));
      return super.executeActivity(
          new ActivityInput<>(
              input.getActivityName(),
              input.getResultClass(),
              input.getResultType(),
              input.getArgs(),
              input.getOptions(),
              new Header(values)));
    }
  }

  private static final class ActivityLogContext extends ActivityInboundCallsInterceptorBase {
    private ActivityExecutionContext context;

    ActivityLogContext(ActivityInboundCallsInterceptor next) {
      super(next);
    }

    @Override
    public void init(ActivityExecutionContext context) {
      this.context = context;
      super.init(context);
    }

    @Override
    public ActivityOutput execute(ActivityInput input) {
      Map<String, String> entries = entries(context.getInfo(), step(input.getHeader()));
      Map<String, String> previous = new LinkedHashMap<>();
      entries.keySet().forEach(key -> previous.put(key, MDC.get(key)));
      entries.forEach(MDC::put);
      try {
        return super.execute(input);
      } finally {
        previous.forEach(
            (key, value) -> {
              if (value == null) {
                MDC.remove(key);
              } else {
                MDC.put(key, value);
              }
            });
      }
    }
  }

  static Map<String, String> entries(ActivityInfo info, String step) {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put(WORKFLOW_ID, info.getWorkflowId());
    entries.put(RUN_ID, info.getRunId());
    entries.put(ACTIVITY_TYPE, info.getActivityType());
    entries.put(ACTIVITY_ID, info.getActivityId());
    entries.put(ATTEMPT, Integer.toString(info.getAttempt()));
    if (step != null) {
      entries.put(STEP, step);
    }
    entries.values().removeIf(value -> value == null);
    return entries;
  }

  private static String step(Header header) {
    Payload payload = header == null ? null : header.getValues().get(STEP_HEADER);
    if (payload == null) {
      return null;
    }
    try {
      return CONVERTER.fromPayload(payload, String.class, String.class);
    } catch (RuntimeException unreadable) {
      // A header another client wrote in some other shape: the log line simply has no step.
      return null;
    }
  }
}
