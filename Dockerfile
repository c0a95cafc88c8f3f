# Builds and runs Tributary. Point it at your Kafka with TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS;
# without it, it starts its embedded single-node broker (fine for a trial, not for production).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -q -B dependency:go-offline
COPY src src
RUN mvn -q -B -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/tributary.jar /app/tributary.jar
# The thin jar finds its libraries in lib/ next to it.
COPY --from=build /src/target/lib /app/lib
COPY routes /app/routes
ENV TRIBUTARY_HTTP_HOST=0.0.0.0 \
    TRIBUTARY_MANAGEMENT_HOST=0.0.0.0 \
    TRIBUTARY_DATA_DIR=/data
EXPOSE 8080 9876
VOLUME /data
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/tributary.jar"]
