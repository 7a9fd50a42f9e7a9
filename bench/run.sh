#!/usr/bin/env bash
# Runs the MoniFlux benchmark (see bench/README.md). Needs nginx, wrk, syslog-ng and its loggen
# (Debian: nginx-light wrk syslog-ng-core), and nats-server for the protocol table.
# Extra arguments go to Maven, e.g. -Dbench.only=throughput,protocols
set -euo pipefail
cd "$(dirname "$0")/.."
for jdk in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk; do
  [ -x "$jdk/bin/java" ] && export JAVA_HOME="$jdk" && break
done
for tool in nginx wrk syslog-ng loggen nats-server; do
  command -v "$tool" >/dev/null || { echo "$tool is needed: apt-get install -y nginx-light wrk syslog-ng-core nats-server" >&2; exit 1; }
done
exec ./mvnw -q -Pbench -DskipTests verify "$@"
