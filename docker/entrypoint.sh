#!/bin/sh
# Tributary's container entrypoint.
# - Management (health, metrics) binds to this container's own address, not 0.0.0.0, unless
#   TRIBUTARY_MANAGEMENT_HOST is set (k8s sets it to the pod IP from the downward API). If no
#   address can be found it stays on 127.0.0.1: closed rather than open.
# - Health answers say only UP or DOWN (camel.health.exposure-level=oneline); JAVA_OPTS may
#   override it, e.g. JAVA_OPTS=-Dcamel.health.exposure-level=full for debugging.
# - It hands over to the base image's /__cacert_entrypoint.sh, so USE_SYSTEM_CA_CERTS=1 with
#   certificates mounted under /certificates still adds them to Java's trust store (as non-root
#   the base script writes a copy of the store to the temp directory).
set -eu
if [ -z "${TRIBUTARY_MANAGEMENT_HOST:-}" ]; then
  TRIBUTARY_MANAGEMENT_HOST=$(hostname -i 2>/dev/null | awk '{ print $1 }')
  TRIBUTARY_MANAGEMENT_HOST=${TRIBUTARY_MANAGEMENT_HOST:-127.0.0.1}
  export TRIBUTARY_MANAGEMENT_HOST
fi
# JAVA_OPTS is split on spaces on purpose (several options in one variable).
# shellcheck disable=SC2086
# Memory: a fixed heap and bounded native areas (RocksDB's cache and memtables are bounded by
# tributary.rocksdb.*), measured in bench/ at about 330 MB RSS after load; give the container 512 MiB.
# ExitOnOutOfMemoryError: an OOM ends the process (and the orchestrator restarts it) rather than
# leaving a JVM whose threads died one by one while its probes still answer.
exec /__cacert_entrypoint.sh java -Xms160m -Xmx160m -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=48m \
  -XX:MaxDirectMemorySize=64m -XX:+UseSerialGC -Xss512k -XX:+ExitOnOutOfMemoryError -Dcamel.health.exposure-level=oneline \
  ${JAVA_OPTS:-} -jar /app/tributary.jar "$@"
