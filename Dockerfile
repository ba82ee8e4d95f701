# syntax=docker/dockerfile:1
# One image for every Flightplan process: the worker (default command), the Slack bot (`slack-bot`) and the CLI
# (`setup`, `status`, ...). Base images are build arguments; docker-compose.yml passes the ones named in .env.
ARG FLIGHTPLAN_BUILD_IMAGE=eclipse-temurin:17-jdk-jammy
ARG FLIGHTPLAN_RUNTIME_IMAGE=eclipse-temurin:17-jre-jammy

FROM ${FLIGHTPLAN_BUILD_IMAGE} AS build
WORKDIR /src
COPY . .
# The Maven repository (and the Maven the wrapper fetches) live in a build cache, so a source change does not
# download every dependency again.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -DskipTests package \
 && cp starters/target/flightplan.jar /flightplan.jar

FROM ${FLIGHTPLAN_RUNTIME_IMAGE}
RUN groupadd --system --gid 10001 flightplan \
 && useradd --system --uid 10001 --gid flightplan --home-dir /home/flightplan --create-home flightplan
COPY --from=build /flightplan.jar /app/flightplan.jar
USER 10001:10001
WORKDIR /home/flightplan
# In a container the endpoints must be reachable from Prometheus on the container network; publishing the port
# on the host stays an explicit choice. Logs are JSON lines for the log collector.
ENV FLIGHTPLAN_METRICS_ADDRESS=0.0.0.0 \
    FLIGHTPLAN_METRICS_PORT=9464 \
    FLIGHTPLAN_LOG_FORMAT=json
EXPOSE 9464
# No curl in the JRE image: bash's /dev/tcp asks /healthz and checks for a 200 status line.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${FLIGHTPLAN_METRICS_PORT} && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# MaxRAMPercentage: the heap follows the container's memory limit. ExitOnOutOfMemoryError: a worker that ran out
# of memory restarts instead of limping on; its tasks resume elsewhere.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/flightplan.jar"]
CMD ["worker"]
