#!/usr/bin/env bash
# Runs the MoniFlux benchmark (see bench/README.md). Needs nginx and wrk (Debian: nginx-light wrk).
# Extra arguments go to Maven, e.g. -Dbench.only=throughput,protocols
set -euo pipefail
cd "$(dirname "$0")/.."
for jdk in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk; do
  [ -x "$jdk/bin/java" ] && export JAVA_HOME="$jdk" && break
done
command -v nginx >/dev/null && command -v wrk >/dev/null || {
  echo "nginx and wrk are needed: apt-get install -y nginx-light wrk" >&2; exit 1; }
exec ./mvnw -q -Pbench -DskipTests verify "$@"
