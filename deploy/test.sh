#!/usr/bin/env bash
# The test command: installs what the tests need, then runs every test (unit, service, end-to-end).
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
cd "$home"
"$home/deploy/setup.sh"
mvn -B verify "$@"
