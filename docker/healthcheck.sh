#!/bin/bash
# Container health check without curl or wget: GET /observe/health/ready on the management
# address the entrypoint chose, succeed on HTTP 200 only.
set -eu
host=${TRIBUTARY_MANAGEMENT_HOST:-$(hostname -i 2>/dev/null | awk '{ print $1 }')}
port=${TRIBUTARY_MANAGEMENT_PORT:-9876}
exec 3<>"/dev/tcp/${host:-127.0.0.1}/$port"
printf 'GET /observe/health/ready HTTP/1.0\r\nHost: %s\r\n\r\n' "$host" >&3
IFS= read -r status <&3
case "$status" in
  "HTTP/1."?" 200"*) exit 0 ;;
  *) echo "not ready: $status"; exit 1 ;;
esac
