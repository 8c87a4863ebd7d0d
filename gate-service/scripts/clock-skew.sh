#!/bin/sh
# clock-skew.sh <cluster> <max-skew-seconds>
# Compares each node's clock (the Date header of its GET /status) with this host's clock.
# Prints, as its last line, the percent of the cluster's nodes whose clock is within max-skew seconds; a node that
# does not answer or sends no readable Date header counts as skewed. Node URLs come from node-adapter's inventory
# ($RELAY_NODE_ADAPTER_URL/clusters/<cluster>/inventory). Exit 0 when it measured, 2 on bad usage, 3 when it cannot
# learn the nodes, 4 when curl is missing. Needs curl and GNU date.
set -u
cluster=${1:-}
max=${2:-}
case "$cluster" in ''|*[!A-Za-z0-9._+:@-]*) echo "usage: clock-skew.sh <cluster> <max-skew-seconds>" >&2; exit 2;; esac
case "$max" in ''|*[!0-9]*) echo "max skew must be whole seconds, got '$max'" >&2; exit 2;; esac
command -v curl >/dev/null 2>&1 || { echo "curl is not installed" >&2; exit 4; }
[ -n "${RELAY_NODE_ADAPTER_URL:-}" ] || { echo "RELAY_NODE_ADAPTER_URL is not set" >&2; exit 3; }

inventory=$(curl -fsS --max-time 5 "${RELAY_NODE_ADAPTER_URL%/}/clusters/$cluster/inventory") \
  || { echo "node-adapter inventory of $cluster did not answer" >&2; exit 3; }
urls=$(printf '%s' "$inventory" | grep -o '"url":"[^"]*"' | sed 's/^"url":"//; s/"$//')
[ -n "$urls" ] || { echo "node-adapter inventory of $cluster lists no node URLs" >&2; exit 3; }

total=0
within=0
for url in $urls; do
  total=$((total + 1))
  date_header=$(curl -sS -o /dev/null -D - --max-time 2 "$url/status" 2>/dev/null \
    | tr -d '\r' | sed -n 's/^[Dd][Aa][Tt][Ee]: *//p' | head -n 1)
  now=$(date -u +%s)
  if [ -z "$date_header" ]; then
    echo "$url: no Date header (no answer?)" >&2
    continue
  fi
  node_time=$(date -u -d "$date_header" +%s 2>/dev/null) \
    || { echo "$url: unreadable Date header '$date_header'" >&2; continue; }
  skew=$((node_time - now))
  [ "$skew" -lt 0 ] && skew=$((-skew))
  if [ "$skew" -le "$max" ]; then
    within=$((within + 1))
    echo "$url: skew ${skew}s" >&2
  else
    echo "$url: skew ${skew}s > ${max}s" >&2
  fi
done
echo "$within of $total nodes within ${max}s"
echo $((100 * within / total))
