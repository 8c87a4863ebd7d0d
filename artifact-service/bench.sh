#!/usr/bin/env bash
# The verification benchmark: a 1 GiB artifact signed by the real tools, verified by the registry in each format,
# timed beside `openssl dgst -sha256` on the same file in the same run, with the JVM's peak memory.
# Usage: artifact-service/bench.sh [--size-mib N] [--sparse] [--formats statement,minisign,signify,openssl] [--rounds N]
# Extra JVM options: BENCH_JAVA_OPTS (default -Xmx64m, to show memory stays flat).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."
for tool in minisign signify-openbsd openssl; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run deploy/setup.sh" >&2; exit 1; }
done
if [ ! -d "$here/target/classes/dev/relay/artifact/bench" ] || [ ! -f "$here/target/bench.classpath" ]; then
  # the registry and what it needs (contracts), then its runtime classpath; a fresh clone has neither installed
  mvn -q -B -pl artifact-service -am install -DskipTests -DskipITs
  mvn -q -B -pl artifact-service org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime
fi
exec java ${BENCH_JAVA_OPTS:--Xmx64m} -cp "$here/target/classes:$(cat "$here/target/bench.classpath")" \
  dev.relay.artifact.bench.VerifyBenchmark --dir "$here/target/bench" "$@"
