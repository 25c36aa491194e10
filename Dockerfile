# syntax=docker/dockerfile:1
# Build with the Maven wrapper, run on a JRE as a non-root user, from Spring Boot's jar layers
# (dependencies change rarely, so rebuilds only ship the application layer).

FROM eclipse-temurin:17.0.16_8-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -q -DskipTests package \
 && java -Djarmode=tools -jar target/payments-*.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:17.0.16_8-jre
RUN groupadd --system --gid 10001 payments && useradd --system --uid 10001 --gid payments payments
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER 10001:10001
# JSON logs (Elastic Common Schema) in containers; memory from the container's limit.
ENV LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
# Liveness only: a Postgres or Redis outage must not get the container restarted.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${MANAGEMENT_SERVER_PORT:-${SERVER_PORT:-8080}} && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
