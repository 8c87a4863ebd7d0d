#!/usr/bin/env bash
# Signs a relay statement with openssl alone (plus printf, cut and wc): the statement binds name, version, SHA-256 and
# size of the artifact and names the signing key's id in the registry's trust store. Writes ARTIFACT.statement and
# ARTIFACT.statement.sig (64 raw bytes, pure Ed25519 over the statement). For a key in an HSM, sign the same
# statement file with the HSM (e.g. `openssl pkeyutl -sign -rawin` through its PKCS#11 provider).
# Usage: sign-statement.sh ARTIFACT NAME VERSION KEY_ID PRIVATE_KEY.pem
set -euo pipefail
if [ $# -ne 5 ]; then
  echo "usage: $0 ARTIFACT NAME VERSION KEY_ID PRIVATE_KEY.pem" >&2
  exit 2
fi
f=$1 name=$2 version=$3 key=$4 pem=$5
sha=$(openssl dgst -sha256 -r "$f" | cut -c1-64)
size=$(wc -c < "$f" | tr -d ' ')
printf 'relay-statement-v1\nname=%s\nversion=%s\nsha256=%s\nsize=%s\nkey=%s\n' \
  "$name" "$version" "$sha" "$size" "$key" > "$f.statement"
openssl pkeyutl -sign -rawin -inkey "$pem" -in "$f.statement" -out "$f.statement.sig"
