# syntax=docker/dockerfile:1.7
# lstm-streams: build with Maven, run on a glibc JRE (ND4J's and RocksDB's natives need glibc, so
# not Alpine).
#   docker build -t lstm-streams .

# ---- build ------------------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# dependencies first, in their own layer and in a cache mount shared across builds, so that a
# source change does not download the (large) DL4J natives again
COPY pom.xml .
RUN --mount=type=cache,target=/root/.m2 mvn -B -q dependency:go-offline
COPY src ./src
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -Dmaven.test.skip=true package \
    && cp target/lstm-streams.jar /lstm-streams.jar

# ---- run --------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 lstm \
    && useradd --system --uid 10001 --gid lstm --home-dir /app --shell /usr/sbin/nologin lstm \
    && mkdir -p /app/config /app/state /app/javacpp \
    && chown -R lstm:lstm /app
WORKDIR /app
COPY --from=build /lstm-streams.jar /app/lstm-streams.jar
COPY config/application.properties /app/config/application.properties
# JavaCPP unpacks ND4J's natives into its cache dir at start: it must be writable by the non-root
# user. One OpenMP thread: more slow training down on small machines (see the README).
# LSTM_* variables override config/application.properties (container defaults: listen on all
# addresses, state in the volume-friendly /app/state).
ENV OMP_NUM_THREADS=1 \
    JAVA_TOOL_OPTIONS="-Dorg.bytedeco.javacpp.cachedir=/app/javacpp -XX:MaxRAMPercentage=75" \
    LSTM_HTTP_BIND=0.0.0.0 \
    LSTM_STATE_DIR=/app/state
USER lstm
EXPOSE 8080
VOLUME ["/app/state"]
ENTRYPOINT ["java", "-jar", "/app/lstm-streams.jar"]
CMD ["run"]
