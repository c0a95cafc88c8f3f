# Builds and runs Tributary. Point it at your Kafka with TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS;
# without it, it starts its embedded single-node broker (fine for a trial, not for production).
#   docker build -t ghcr.io/tributary/tributary:0.1.0 .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -q -B dependency:go-offline
COPY src src
RUN mvn -q -B -DskipTests package

FROM eclipse-temurin:17-jre
# A fixed non-root user (numeric, so Kubernetes' runAsNonRoot can verify it). The application
# files stay owned by root and read-only for it; only /data is its own.
RUN groupadd --system --gid 10001 tributary \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin tributary \
 && mkdir -p /data \
 && chown 10001:10001 /data
WORKDIR /app
COPY --from=build /src/target/tributary.jar /app/tributary.jar
# The thin jar finds its libraries in lib/ next to it.
COPY --from=build /src/target/lib /app/lib
COPY routes /app/routes
# wait-for-spool.sh is the Kubernetes preStop hook (k8s/tributary.yaml).
COPY docker/entrypoint.sh docker/healthcheck.sh docker/wait-for-spool.sh /app/bin/
# Webhooks listen on all interfaces of the container; management binds to the container's own
# address (see docker/entrypoint.sh), never 0.0.0.0.
ENV TRIBUTARY_HTTP_HOST=0.0.0.0 \
    TRIBUTARY_DATA_DIR=/data
EXPOSE 8080 9876
VOLUME /data
USER 10001:10001
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 CMD ["/app/bin/healthcheck.sh"]
# The entrypoint ends in the base image's /__cacert_entrypoint.sh, which then runs
# java ... "-jar", "/app/tributary.jar" with any subcommand given as arguments.
ENTRYPOINT ["/app/bin/entrypoint.sh"]
CMD []
