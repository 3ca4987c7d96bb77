#!/usr/bin/env bash
# Run a real Neo4j 5.26 community server from Maven Central jars, without Docker.
#   neo4j/server.sh start   fetch jars (cached in ~/.m2), configure, start, wait for Bolt
#   neo4j/server.sh stop    stop it (also when it is not running)
#   neo4j/server.sh status
#   neo4j/server.sh import GRAPH   bulk-import a built graph (neo4j-admin) into an empty database:
#                                  stops the server (keeping its data folder), imports, starts it again
# Settings come from the environment: NEO4J_HOME (default .neo4j), NEO4J_BOLT_PORT
# (7687), NEO4J_HTTP_PORT (7474), NEO4J_PASSWORD (newskg-test), NEO4J_DATA (a temp dir).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
home="${NEO4J_HOME:-$here/../.neo4j}"
mkdir -p "$home"
home="$(cd "$home" && pwd)"
bolt="${NEO4J_BOLT_PORT:-7687}"
http="${NEO4J_HTTP_PORT:-7474}"
password="${NEO4J_PASSWORD:-newskg-test}"
pidfile="$home/run/neo4j.pid"

fetch() {
  if [ ! -f "$home/lib/.complete" ]; then
    echo "fetching Neo4j server, Browser and APOC jars from Maven Central ..." >&2
    rm -rf "$home/lib" "$home/plugins"
    mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$home/lib"
    mkdir -p "$home/plugins"
    mv "$home"/lib/apoc-core-*.jar "$home"/lib/apoc-common-*.jar "$home/plugins/"
    touch "$home/lib/.complete"
  fi
}

configure() {
  data="${NEO4J_DATA:-$(mktemp -d /tmp/newskg-neo4j-data.XXXXXX)}"
  mkdir -p "$home/conf" "$home/logs" "$home/run" "$home/import" "$data"
  cat > "$home/conf/neo4j.conf" <<CONF
server.default_listen_address=127.0.0.1
server.bolt.listen_address=127.0.0.1:$bolt
server.http.listen_address=127.0.0.1:$http
server.https.enabled=false
server.directories.data=$data
server.directories.logs=$home/logs
server.directories.run=$home/run
server.directories.plugins=$home/plugins
server.directories.import=$home/import
dbms.security.auth_enabled=true
dbms.security.procedures.unrestricted=apoc.*
dbms.security.procedures.allowlist=apoc.*
server.memory.heap.initial_size=512m
server.memory.heap.max_size=1g
server.memory.pagecache.size=256m
db.tx_log.rotation.retention_policy=2 files
dbms.usage_report.enabled=false
CONF
  echo "$data" > "$home/run/data-dir"
}

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

wait_bolt() {
  for _ in $(seq 1 "${NEO4J_START_WAIT:-180}"); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$bolt") 2>/dev/null; then return 0; fi
    if ! running; then echo "Neo4j exited during start; see $home/logs/neo4j.out" >&2; tail -20 "$home/logs/neo4j.out" >&2; return 1; fi
    sleep 1
  done
  echo "Neo4j did not open Bolt on port $bolt within ${NEO4J_START_WAIT:-180} s (NEO4J_START_WAIT)" >&2
  return 1
}

case "${1:-}" in
  start)
    if running; then echo "Neo4j already running (pid $(cat "$pidfile"))"; exit 0; fi
    fetch
    configure
    export NEO4J_HOME="$home" NEO4J_CONF="$home/conf"
    java -cp "$home/lib/*" org.neo4j.cli.AdminTool dbms set-initial-password "$password" >"$home/logs/admin.out" 2>&1 \
      || { cat "$home/logs/admin.out" >&2; exit 1; }
    nohup java -Xss2m -cp "$home/plugins/*:$home/conf/*:$home/lib/*" org.neo4j.server.CommunityEntryPoint \
      --home-dir="$home" --config-dir="$home/conf" >"$home/logs/neo4j.out" 2>&1 &
    echo $! > "$pidfile"
    wait_bolt
    echo "Neo4j 5.26 running: bolt://127.0.0.1:$bolt  http://127.0.0.1:$http/browser/  (user neo4j)"
    ;;
  stop)
    if running; then
      pid="$(cat "$pidfile")"
      kill "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      kill -9 "$pid" 2>/dev/null || true
      echo "Neo4j stopped"
    fi
    rm -f "$pidfile"
    if [ -f "$home/run/data-dir" ] && [ -z "${NEO4J_DATA:-}" ]; then
      rm -rf "$(cat "$home/run/data-dir")" "$home/run/data-dir"
    fi
    ;;
  import)
    graph="${2:?usage: $0 import GRAPH (graph.json, graph.graphml or a build folder)}"
    fetch
    data="${NEO4J_DATA:-}"
    if running; then
      [ -n "$data" ] || data="$(cat "$home/run/data-dir")"
      pid="$(cat "$pidfile")"; kill "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      rm -f "$pidfile"
    fi
    [ -n "$data" ] || data="$(mktemp -d /tmp/newskg-neo4j-data.XXXXXX)"
    NEO4J_DATA="$data" configure
    newskg="${NEWSKG:-$here/../.venv/bin/newskg}"
    NEO4J_HOME="$home" "$newskg" load "$graph" --bulk --neo4j-home "$home"
    NEO4J_DATA="$data" "$0" start
    # The constraints; every imported article is skipped.
    NEO4J_URI="bolt://127.0.0.1:$bolt" NEO4J_PASSWORD="$password" "$newskg" load "$graph"
    ;;
  status)
    if running; then echo "running (pid $(cat "$pidfile"))"; else echo "stopped"; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|status|import GRAPH" >&2; exit 2;;
esac
