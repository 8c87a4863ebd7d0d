#!/usr/bin/env bash
# Installs what the demo and the tests need from Debian: the security team's signing tools (minisign,
# signify-openbsd, openssl), haproxy (Tier 2's virtual IP, driven through its runtime API) and wrk (HTTP load).
# Idempotent: only what is missing is installed.
set -euo pipefail
missing=()
command -v minisign >/dev/null 2>&1 || missing+=(minisign)
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v signify-openbsd >/dev/null 2>&1 || missing+=(signify-openbsd)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing from Debian: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v java >/dev/null || { echo "Java 17 is required"; exit 1; }
command -v mvn >/dev/null || { echo "Maven is required"; exit 1; }
