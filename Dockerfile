# syntax=docker/dockerfile:1
# MoniFlux container image: built with the Maven wrapper on a JDK 25, run on a JRE 25 as a non-root
# user, with Spring Boot's layers copied separately so that a code change rebuilds one small layer.

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
# dependencies first: this layer is cached until pom.xml changes
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline -DskipTests
COPY src src
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -DskipTests \
    && java -Djarmode=tools -jar target/moniflux-*.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:25-jre
LABEL org.opencontainers.image.title="MoniFlux" \
      org.opencontainers.image.description="Load tests for observability pipelines" \
      org.opencontainers.image.licenses="MIT"
RUN groupadd --system --gid 10001 moniflux \
    && useradd --system --uid 10001 --gid moniflux --home-dir /app --shell /usr/sbin/nologin moniflux \
    && mkdir -p /data /tmp/moniflux \
    && chown moniflux:moniflux /data /tmp/moniflux
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./

# Memory follows the container's limit; temporary files and data go to paths a read-only root leaves
# writable (mount /tmp and /data). In the image loopback is no destination: the guard refuses it.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp/moniflux" \
    PORT=8080 \
    MONIFLUX_EMBEDDED_MONGO_PATH=/data/moniflux.mv \
    MONIFLUX_DELIVERY_FILE_BASE_DIR=/data/out \
    MONIFLUX_SECURITY_DESTINATIONS_ALLOW_LOOPBACK=false \
    LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs

USER 10001:10001
EXPOSE 8080
VOLUME ["/data", "/tmp/moniflux"]
# the liveness probe, without curl: bash's /dev/tcp and the JRE image's grep
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${PORT:-8080} && printf "GET /actuator/health/liveness HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3 && grep -q "\"status\":\"UP\"" <&3'
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
