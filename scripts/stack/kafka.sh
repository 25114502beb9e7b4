#!/usr/bin/env bash
# Starts a single-node KRaft Apache Kafka from Maven Central jars. Safe to run twice.
# `stop` stops it (data stays), as the fault tests do to take it away mid-stream.
set -euo pipefail
source "$(dirname "$0")/env.sh"

case "${1:-start}" in
  start) ;;
  stop) stop_pid "$STACK_DIR/kafka/kafka.pid" Kafka; exit 0 ;;
  *) log "usage: $0 [start|stop]"; exit 2 ;;
esac

dir="$STACK_DIR/kafka"
mkdir -p "$dir"

if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
  log "installing Java 17 and Maven"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless maven >/dev/null
fi

version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$STACK_ROOT/scripts/stack/kafka/pom.xml")
if pid_alive "$dir/kafka.pid"; then
  log "Kafka already running (pid $(cat "$dir/kafka.pid"))"
  exit 0
fi

# Fetched again when the pom asks for jars the folder lacks (a new version, the logging binding).
if [ ! -f "$dir/libs/kafka_2.13-$version.jar" ] || ! ls "$dir/libs"/log4j-slf4j-impl-*.jar >/dev/null 2>&1; then
  log "fetching Kafka $version jars from Maven Central"
  rm -rf "$dir/libs"
  # Maven's output (colour resets even when quiet) goes to a file, shown only if the fetch fails.
  mvn -q -B -f "$STACK_ROOT/scripts/stack/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$dir/libs" >"$dir/mvn.log" 2>&1 ||
    { cat "$dir/mvn.log" >&2; exit 1; }
fi

cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
PROPS

java_cmd=(java "-Xmx$KAFKA_HEAP" "-Xms$KAFKA_HEAP" -XX:+UseG1GC
  "-Dlog4j2.configurationFile=$STACK_ROOT/scripts/stack/kafka/log4j2.properties"
  -cp "$dir/libs/*")

if [ ! -f "$dir/data/meta.properties" ]; then
  log "formatting the KRaft log folder"
  cluster_id=$("${java_cmd[@]}" kafka.tools.StorageTool random-uuid)
  "${java_cmd[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" >/dev/null
fi

log "starting Kafka $version on 127.0.0.1:$KAFKA_PORT"
nohup "${java_cmd[@]}" kafka.Kafka "$dir/server.properties" >"$dir/kafka.log" 2>&1 &
echo $! >"$dir/kafka.pid"
wait_for "Kafka" 90 bash -c "exec 3<>/dev/tcp/127.0.0.1/$KAFKA_PORT" || { tail -n 40 "$dir/kafka.log" >&2; exit 1; }
