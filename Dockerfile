# syntax=docker/dockerfile:1.7
# vw-media on a CPU node: the `worker` (rendition and probe workers, FFmpeg with x264) and `topology` (Kafka Streams)
# processes of the pipeline, one image for both. Kubernetes chooses the process with the container's args:
#   docker run --rm ghcr.io/vw-media/vw-media worker --help
#   docker run --rm ghcr.io/vw-media/vw-media topology --help
# The GPU variant (FFmpeg with NVENC) is Dockerfile.gpu. Build from the repository root:
#   docker build -t ghcr.io/vw-media/vw-media:dev .
#
# Base images are pinned by tag. To pin by digest as well (what a release should do), resolve the tag once and append
# the digest, e.g. FROM maven:3.9-eclipse-temurin-17@sha256:<digest>, with
#   docker buildx imagetools inspect maven:3.9-eclipse-temurin-17 --format '{{json .Manifest.Digest}}'
# (Dependabot's "docker" ecosystem then keeps tag and digest current together.)

# ---- build: the Maven reactor, tests skipped (CI runs them in the `checks` job before images are built) ----
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The poms first: the dependency layer below changes only when a pom does, not on every source edit.
COPY pom.xml ./
COPY schemas/pom.xml schemas/
COPY storage/pom.xml storage/
COPY ffmpeg/pom.xml ffmpeg/
COPY observability/pom.xml observability/
COPY worker-gpu/pom.xml worker-gpu/
COPY topology/pom.xml topology/
COPY aws/pom.xml aws/
COPY launcher/pom.xml launcher/
COPY simulation/pom.xml simulation/
# Warms the Maven cache only (the reactor's own modules are not in a repository yet, so they are left out); the
# package step below resolves anything this misses.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -q dependency:go-offline -DexcludeGroupIds=io.vwmedia
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -DskipTests package \
    && test -f launcher/target/vw-media.jar && test -d launcher/target/lib

# ---- runtime: Debian's JRE and FFmpeg, the app, a numeric non-root user ----
FROM debian:bookworm-slim
ARG VERSION=dev
ARG REVISION=unknown
LABEL org.opencontainers.image.title="vw-media" \
      org.opencontainers.image.description="vw-media worker and topology processes (CPU: Debian's FFmpeg with x264)" \
      org.opencontainers.image.source="https://github.com/vw-media/vw-media" \
      org.opencontainers.image.url="https://github.com/vw-media/vw-media" \
      org.opencontainers.image.documentation="https://github.com/vw-media/vw-media/blob/main/docs/deployment.md" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.vendor="vw-media" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       openjdk-17-jre-headless ffmpeg ca-certificates \
    && rm -rf /var/lib/apt/lists/*
# uid/gid 10001: numeric, so Kubernetes' runAsNonRoot can check it; the data dir and scratch belong to it (the
# manifests mount emptyDirs or the topology's PVC over them; these are for `docker run`)
RUN groupadd --system --gid 10001 vw \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin vw \
    && install -d -o 10001 -g 10001 -m 0750 /var/lib/vw-media /scratch
# The jar's manifest names its dependencies as lib/<jar> (the launcher pom's classpathPrefix), so lib/ sits beside it.
COPY --from=build /src/launcher/target/vw-media.jar /opt/vw-media/vw-media.jar
COPY --from=build /src/launcher/target/lib/ /opt/vw-media/lib/
WORKDIR /opt/vw-media
# VW_DATA_DIR: --data-dir's default; VW_WORKER_WORK_DIR: each encode's scratch folder (vw.worker.work-dir)
ENV VW_DATA_DIR=/var/lib/vw-media \
    VW_WORKER_WORK_DIR=/scratch
USER 10001:10001
# ops HTTP: /metrics, /health/live, /health/ready (vw.metrics.port)
EXPOSE 9404
# Heap at half the container's memory: a worker's FFmpeg children and the topology's RocksDB live outside the heap in
# the same limit. JAVA_TOOL_OPTIONS adds or overrides flags without rebuilding.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50.0", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", "-jar", "/opt/vw-media/vw-media.jar"]
CMD ["worker"]
