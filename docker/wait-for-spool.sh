#!/bin/bash
# Kubernetes preStop hook: wait-for-spool.sh MIN MAX
# The kubelet sends SIGTERM only when this returns, so Tributary keeps running (and its spool drain
# keeps publishing) meanwhile. Waits at least MIN seconds, for the pod's removal from the Service
# endpoints to reach the ingress (webhooks arriving until then are still accepted), then until
# <data dir>/spool/<provider>/ holds no delivery (*.delivery; *.partial while one is being written),
# for at most MAX seconds in all. Exits 1 if the spool is not empty by then (usually Kafka is away):
# the kubelet records a FailedPreStopHook event with this output, and the deliveries stay on the
# volume for the next pod that mounts it (or drain-spool).
set -u
min=${1:-10}
max=${2:-75}
spool="${TRIBUTARY_DATA_DIR:-/data}/spool"
shopt -s nullglob
while :; do
  pending=("$spool"/*/*.delivery "$spool"/*/*.partial)
  if [ "${#pending[@]}" -eq 0 ] && [ "$SECONDS" -ge "$min" ]; then
    echo "spool empty after ${SECONDS} s"
    exit 0
  fi
  if [ "$SECONDS" -ge "$max" ]; then
    echo "spool not drained after ${SECONDS} s: ${#pending[@]} deliveries stay in $spool"
    exit 1
  fi
  sleep 1
done
