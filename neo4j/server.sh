#!/usr/bin/env bash
# Run a real Neo4j 5.26 community server from Maven Central jars, without Docker.
#   neo4j/server.sh start   fetch jars (cached in ~/.m2), configure, start, wait for Bolt
#   neo4j/server.sh stop    stop it (also when it is not running)
#   neo4j/server.sh status
#   neo4j/server.sh import GRAPH   bulk-import a built graph (neo4j-admin) into NEO4J_DATA's database
#                                  (replacing it): stops the server, imports, starts it again, adds the
#                                  constraints; needs NEO4J_PASSWORD (the password of a new NEO4J_DATA)
# Settings come from the environment:
#   NEO4J_DATA       the database folder, kept across stop and start
#                    (default ${XDG_DATA_HOME:-~/.local/share}/newskg/neo4j)
#   NEO4J_PASSWORD   password of user neo4j, set at the first start of a new NEO4J_DATA
#                    (there is no default; later starts keep the password set then)
#   NEO4J_HOME       config, logs and pid file of this server (default .neo4j)
#   NEO4J_JARS       where the jars are fetched to (default .neo4j)
#   NEO4J_BOLT_PORT  (7687), NEO4J_HTTP_PORT (7474); both listen on 127.0.0.1 only
#   NEO4J_START_TIMEOUT  seconds to wait for Bolt (300)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
home="${NEO4J_HOME:-$here/../.neo4j}"
jars="${NEO4J_JARS:-$here/../.neo4j}"
mkdir -p "$home" "$jars"
home="$(cd "$home" && pwd)"
jars="$(cd "$jars" && pwd)"
data="${NEO4J_DATA:-${XDG_DATA_HOME:-$HOME/.local/share}/newskg/neo4j}"
bolt="${NEO4J_BOLT_PORT:-7687}"
http="${NEO4J_HTTP_PORT:-7474}"
pidfile="$home/run/neo4j.pid"
# stop and status speak of the folder the running server was started with
[ -n "${NEO4J_DATA:-}" ] || [ ! -f "$home/run/data-dir" ] || [ "${1:-}" = start ] || data="$(cat "$home/run/data-dir")"

# What a fresh machine may lack stops the script with one line saying what to do.
die() { echo "neo4j/server.sh: $*" >&2; exit 1; }

need_java() {
  command -v java >/dev/null 2>&1 || die "java not found: Neo4j 5.26 needs Java 17 or 21 (Debian: apt-get install openjdk-17-jre-headless), or use docker compose up -d"
  local version
  version="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [[ "${version%%.*}" =~ ^[0-9]+$ ]] && [ "${version%%.*}" -ge 17 ] || die "Neo4j 5.26 needs Java 17 or 21; the java on PATH is version ${version:-unknown}"
}

fetch() {
  need_java
  if [ ! -f "$jars/lib/.complete" ]; then
    command -v mvn >/dev/null 2>&1 || die "mvn not found: Maven fetches the Neo4j jars from Maven Central once (Debian: apt-get install maven), or use docker compose up -d"
    echo "fetching Neo4j server, Browser and APOC jars from Maven Central ..." >&2
    rm -rf "$jars/lib" "$jars/plugins"
    mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$jars/lib" ||
      die "Maven could not fetch the Neo4j jars (see above): no network? A proxy or mirror goes in ~/.m2/settings.xml"
    mkdir -p "$jars/plugins"
    mv "$jars"/lib/apoc-core-*.jar "$jars"/lib/apoc-common-*.jar "$jars/plugins/"
    touch "$jars/lib/.complete"
  fi
}

configure() {
  mkdir -p "$home/conf" "$home/logs" "$home/run" "$home/import"
  # Telemetry off: no usage reports from the server, no product analytics from
  # Neo4j Browser, remote Browser content from localhost only. Neo4j 5.26
  # Community does not declare browser.allow_outgoing_connections (Enterprise
  # only): strict config validation refuses to start with it.
  cat > "$home/conf/neo4j.conf" <<CONF
server.default_listen_address=127.0.0.1
server.bolt.listen_address=127.0.0.1:$bolt
server.http.listen_address=127.0.0.1:$http
server.https.enabled=false
server.directories.data=$data
server.directories.logs=$home/logs
server.directories.run=$home/run
server.directories.plugins=$jars/plugins
server.directories.import=$home/import
dbms.security.auth_enabled=true
dbms.security.procedures.unrestricted=apoc.*
dbms.security.procedures.allowlist=apoc.*
server.memory.heap.initial_size=512m
server.memory.heap.max_size=1g
server.memory.pagecache.size=256m
db.tx_log.rotation.retention_policy=2 files
dbms.usage_report.enabled=false
client.allow_telemetry=false
browser.remote_content_hostname_whitelist=localhost
CONF
}

# A pid counts only when it is a Neo4j server of this NEO4J_HOME: after a crash or
# a reboot the pid in the file may be dead or belong to an unrelated process.
is_ours() {
  local pid="$1" args
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  args="$(ps -ww -o args= -p "$pid" 2>/dev/null)" || return 1
  [[ "$args" == *org.neo4j.server.CommunityEntryPoint* && "$args" == *"--home-dir=$home "* ]]
}

running() { [ -f "$pidfile" ] && is_ours "$(cat "$pidfile")"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_bolt() {
  local limit="${NEO4J_START_TIMEOUT:-300}"
  for _ in $(seq 1 "$limit"); do
    if port_open "$bolt"; then return 0; fi
    if ! running; then echo "Neo4j exited during start; see $home/logs/neo4j.out" >&2; tail -20 "$home/logs/neo4j.out" >&2; return 1; fi
    sleep 1
  done
  echo "Neo4j did not open Bolt on port $bolt within $limit s (NEO4J_START_TIMEOUT); see $home/logs/neo4j.out" >&2
  return 1
}

# The initial password can only be set before the database's first start; the
# password goes through a private file so that it never shows in the process list.
set_initial_password() {
  local file="$home/run/initial-password" quoted
  quoted="${NEO4J_PASSWORD//\\/\\\\}"
  quoted="${quoted//\"/\\\"}"
  (umask 077 && printf '"%s"\n' "$quoted" > "$file")
  if ! java -cp "$jars/lib/*" org.neo4j.cli.AdminTool dbms set-initial-password "@$file" >"$home/logs/admin.out" 2>&1; then
    rm -f "$file"
    cat "$home/logs/admin.out" >&2
    exit 1
  fi
  rm -f "$file"
}

case "${1:-}" in
  start)
    if [ -f "$pidfile" ]; then
      if running; then echo "Neo4j already running (pid $(cat "$pidfile")), data in $data"; exit 0; fi
      echo "removing a stale pid file (pid $(cat "$pidfile") is not a Neo4j server of $home)" >&2
      rm -f "$pidfile"
    fi
    fresh=false
    [ -d "$data/databases/system" ] || fresh=true
    if $fresh && [ -z "${NEO4J_PASSWORD:-}" ]; then
      echo "NEO4J_PASSWORD is not set. $data holds no database yet: choose the password of user neo4j," >&2
      echo "e.g. export NEO4J_PASSWORD='...' (8 characters or more), and start again." >&2
      exit 2
    fi
    for port in "$bolt" "$http"; do
      if port_open "$port"; then
        echo "port $port on 127.0.0.1 is already in use (another Neo4j? docker compose?):" >&2
        echo "stop that server, or choose other ports with NEO4J_BOLT_PORT / NEO4J_HTTP_PORT (make test: TEST_BOLT_PORT / TEST_HTTP_PORT)" >&2
        exit 1
      fi
    done
    fetch
    mkdir -p "$data"
    chmod 700 "$data"
    configure
    echo "$data" > "$home/run/data-dir"
    export NEO4J_HOME="$home" NEO4J_CONF="$home/conf"
    if $fresh; then
      set_initial_password
    elif [ -n "${NEO4J_PASSWORD:-}" ]; then
      echo "note: $data already holds a database; its password is the one set at its first start" >&2
    fi
    nohup java -Xss2m -cp "$jars/plugins/*:$home/conf/*:$jars/lib/*" org.neo4j.server.CommunityEntryPoint \
      --home-dir="$home" --config-dir="$home/conf" >"$home/logs/neo4j.out" 2>&1 &
    echo $! > "$pidfile"
    wait_bolt
    echo "Neo4j 5.26 running: bolt://127.0.0.1:$bolt  http://127.0.0.1:$http/browser/  (user neo4j), data in $data"
    ;;
  stop)
    if running; then
      pid="$(cat "$pidfile")"
      kill "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      kill -9 "$pid" 2>/dev/null || true
      echo "Neo4j stopped; data kept in $data"
    fi
    rm -f "$pidfile"
    ;;
  import)
    graph="${2:?usage: $0 import GRAPH (graph.json, graph.graphml or a build folder)}"
    if [ -z "${NEO4J_PASSWORD:-}" ]; then
      echo "NEO4J_PASSWORD is not set: the import loads the constraints as user neo4j (and sets the" >&2
      echo "password of a new NEO4J_DATA)." >&2
      exit 2
    fi
    fetch
    if running; then "$0" stop; fi
    fresh=false
    [ -d "$data/databases/system" ] || fresh=true
    mkdir -p "$data"
    chmod 700 "$data"
    configure
    echo "$data" > "$home/run/data-dir"
    export NEO4J_HOME="$home" NEO4J_CONF="$home/conf"
    if $fresh; then set_initial_password; fi
    newskg="${NEWSKG:-$here/../.venv/bin/newskg}"
    NEO4J_JARS="$jars" "$newskg" load "$graph" --bulk --neo4j-home "$home"
    NEO4J_DATA="$data" "$0" start
    # The constraints; every imported article is skipped.
    NEO4J_URI="bolt://127.0.0.1:$bolt" "$newskg" load "$graph"
    ;;
  status)
    if running; then echo "running (pid $(cat "$pidfile")), data in $data"; else echo "stopped"; exit 1; fi
    ;;
  *)
    echo "usage: $0 start|stop|status|import GRAPH" >&2; exit 2;;
esac
