#!/usr/bin/env bash
# The verification benchmark: a 1 GiB artifact signed by the real tools, verified by the registry in each format,
# timed beside `openssl dgst -sha256` on the same file in the same run, with the JVM's peak memory.
# Usage: artifact-service/bench.sh [--size-mib N] [--sparse] [--formats statement,minisign,signify,openssl] [--rounds N]
# Extra JVM options: BENCH_JAVA_OPTS (default -Xmx64m, to show memory stays flat).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."
"$here/../deploy/setup.sh" >/dev/null
if [ ! -d "$here/target/classes/dev/relay/artifact/bench" ] || [ ! -f "$here/target/bench.classpath" ]; then
  mvn -q -o -pl artifact-service compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
    -Dmdep.includeScope=runtime
fi
exec java ${BENCH_JAVA_OPTS:--Xmx64m} -cp "$here/target/classes:$(cat "$here/target/bench.classpath")" \
  dev.relay.artifact.bench.VerifyBenchmark --dir "$here/target/bench" "$@"
