#!/usr/bin/env bash
# The zero-downtime benchmark: ./deploy/bench-switch.sh [connections=32] [phaseSeconds=5] [streamSeconds=8]
# Starts a Kafka broker, node-adapter, blue (2) and green (2) sandbox nodes behind a real HAProxy, sends steady
# keep-alive load plus one streaming read through HAProxy, switches to green and back over Kafka, and prints failed
# requests, resets, non-2xx answers, latency percentiles per phase and the switch times. Exit 0 when all counts are 0.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
cd "$home"
"$home/deploy/setup.sh"
if [ ! -f node-adapter/target/quarkus-app/quarkus-run.jar ] || ! ls deploy/target/deploy-*.jar >/dev/null 2>&1 \
    || [ ! -d deploy/target/lib ]; then
  echo "building (first run; later runs skip this)..."
  mvn -q -B -DskipTests -DskipITs install
fi
exec java -Xmx384m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Drelay.home="$home" \
  -cp "$(ls deploy/target/deploy-*.jar | head -1):deploy/target/lib/*" dev.relay.deploy.traffic.SwitchBenchmark "$@"
