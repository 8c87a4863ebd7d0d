#!/usr/bin/env bash
# The main job: ./deploy/demo.sh [degraded|store|tier2 [breach]]
# "tier2" deploys blue-green to 3 blue + 3 green nodes behind a real HAProxy under load (TierTwoDemo) and prints the
# failed/reset/non-2xx counts and latencies across the switch; "tier2 breach" degrades green in the window: rolled back.
# "store" rolls a 3-member Hazelcast store holding real entries instead (StoreDemo): counts them before and after.
# Builds what is missing, starts a real Kafka broker, the five services and a 5-node sandbox cluster, signs a 1.1.0
# release with minisign and rolls it through the cluster. Exit 0 when the deployment succeeded.
# Ports: RELAY_KAFKA_PORT (19092, +1 for the controller), RELAY_PORT_BASE (18080..18084), RELAY_NODE_PORT_BASE (19101..).
# KAFKA_BOOTSTRAP_SERVERS=host:port uses an existing broker instead of starting one.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
cd "$home"
"$home/deploy/setup.sh"
need_build=0
for m in artifact-service gate-service node-adapter compliance-watcher orchestrator-service; do
  [ -f "$m/target/quarkus-app/quarkus-run.jar" ] || need_build=1
done
ls deploy/target/deploy-*.jar >/dev/null 2>&1 || need_build=1
[ -d deploy/target/lib ] || need_build=1
main=dev.relay.deploy.Demo
if [ "${1:-}" = store ]; then
  main=dev.relay.deploy.StoreDemo
  shift
  ls store-node/target/store-node-*-node.jar >/dev/null 2>&1 || need_build=1
fi
if [ "${1:-}" = tier2 ]; then
  main=dev.relay.deploy.TierTwoDemo
  shift
fi
# a stamp written after the last build: a source, pom or resource changed since (a pull, an edit) builds again
stamp=deploy/target/.demo-built
[ -f "$stamp" ] || need_build=1
if [ "$need_build" = 0 ] && [ -n "$(find . -path ./.demo -prune -o -path '*/target' -prune -o -type f \
    \( -path '*/src/main/*' -o -name pom.xml -o -name infra-gates.csv \) -newer "$stamp" -print -quit)" ]; then
  need_build=1
fi
if [ "$need_build" = 1 ]; then
  echo "building what changed (later runs skip this while nothing changes)..."
  mvn -q -B -DskipTests -DskipITs install
  touch "$stamp"
fi
exec java -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Drelay.home="$home" -cp "$(ls deploy/target/deploy-*.jar | head -1):deploy/target/lib/*" "$main" "$@"
