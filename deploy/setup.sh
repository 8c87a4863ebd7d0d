#!/usr/bin/env bash
# Installs what the demo and the tests need from Debian: minisign (the security team's signing tool).
set -euo pipefail
missing=()
command -v minisign >/dev/null 2>&1 || missing+=(minisign)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing from Debian: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v java >/dev/null || { echo "Java 17 is required"; exit 1; }
command -v mvn >/dev/null || { echo "Maven is required"; exit 1; }
