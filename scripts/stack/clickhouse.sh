#!/usr/bin/env bash
# Starts Debian's ClickHouse server with its own config and data folder. Safe to run twice.
# `stop` stops it (data stays), as the fault tests do to take it away mid-stream.
set -euo pipefail
source "$(dirname "$0")/env.sh"

case "${1:-start}" in
  start) ;;
  stop) stop_pid "$STACK_DIR/clickhouse/clickhouse.pid" ClickHouse; exit 0 ;;
  *) log "usage: $0 [start|stop]"; exit 2 ;;
esac

dir="$STACK_DIR/clickhouse"
mkdir -p "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/format_schemas"

server=$(command -v clickhouse-server || echo /usr/sbin/clickhouse-server)
if [ ! -x "$server" ]; then
  log "installing clickhouse-server from Debian"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clickhouse-server >/dev/null
  server=/usr/sbin/clickhouse-server
fi

ping() { curl -fsS "http://127.0.0.1:$CLICKHOUSE_HTTP_PORT/ping"; }
if pid_alive "$dir/clickhouse.pid" && ping >/dev/null 2>&1; then
  log "ClickHouse already running (pid $(cat "$dir/clickhouse.pid"))"
  exit 0
fi

cat >"$dir/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$dir/server.log</log><errorlog>$dir/server.err.log</errorlog><size>100M</size><count>2</count></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$CLICKHOUSE_HTTP_PORT</http_port>
  <tcp_port>$CLICKHOUSE_TCP_PORT</tcp_port>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <user_files_path>$dir/user_files/</user_files_path>
  <format_schema_path>$dir/format_schemas/</format_schema_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>268435456</mark_cache_size>
  <max_concurrent_queries>100</max_concurrent_queries>
  <mlock_executable>false</mlock_executable>
</yandex>
XML

cat >"$dir/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML

log "starting ClickHouse on 127.0.0.1:$CLICKHOUSE_HTTP_PORT"
nohup "$server" --config-file="$dir/config.xml" >"$dir/stdout.log" 2>&1 &
echo $! >"$dir/clickhouse.pid"
wait_for "ClickHouse" 60 ping || { tail -n 40 "$dir/stdout.log" "$dir/server.err.log" >&2 || true; exit 1; }
