#!/usr/bin/env bash
# A shared deployment on one machine, all on loopback: PostgreSQL, two app replicas and nginx in front of them
# (sticky sessions by cookie, WebSocket proxying). `make cluster` / `make cluster-stop`.
#
#   scripts/cluster.sh start     start everything, print the addresses and the database URL
#   scripts/cluster.sh stop      stop exactly the processes `start` started (by the ids it recorded)
#   scripts/cluster.sh status    what is running
#   scripts/cluster.sh install   only install Debian's nginx if it is missing (.ci/run does this)
#
# Environment: PYTHON (default .venv/bin/python); KPI_CLUSTER_DIR (state: pids, logs, nginx.conf; default
# .cluster/); KPI_DB_URL (a PostgreSQL URL to use instead of starting Debian's PostgreSQL with ci_postgres.sh).
# Installs Debian's nginx (and PostgreSQL) when missing, as scripts/ci_postgres.sh does: that part needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
STATE=${KPI_CLUSTER_DIR:-$ROOT/.cluster}
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
NGINX=${NGINX:-/usr/sbin/nginx}

say() { echo "$@" >&2; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

free_port() { "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

install_nginx() {
  [ -x "$NGINX" ] && return
  say "installing Debian nginx"
  export DEBIAN_FRONTEND=noninteractive
  local guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then  # keep the package from starting its own nginx on port 80
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && guard=1
  fi
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends nginx >&2
  [ -n "$guard" ] && rm -f /usr/sbin/policy-rc.d
  return 0
}

database() {
  if [ -n "${KPI_DB_URL:-}" ]; then
    echo "$KPI_DB_URL"
    return
  fi
  local before
  before=$(pg_lsclusters --no-header 2>/dev/null | awk '$4 == "online" {print $1 "/" $2}' || true)
  local line
  line=$(KPI_PG_DB=kpi_cluster KPI_PG_USER=kpi_cluster KPI_PG_PASSWORD=kpi_cluster_local scripts/ci_postgres.sh)
  local after
  after=$(pg_lsclusters --no-header | awk '$4 == "online" {print $1 "/" $2}')
  for c in $after; do  # a PostgreSQL cluster this script started is stopped again by `stop`
    case " $before " in *" $c "*) ;; *) echo "$c" > "$STATE/postgres.started" ;; esac
  done
  echo "${line#export KPI_TEST_PG_URL=}"
}

replica() {  # name port url secret
  local name=$1 port=$2
  # The same cookie secret on every replica: the XSRF token a browser got from one is good on the other.
  KPI_DB_URL=$3 STREAMLIT_SERVER_COOKIE_SECRET=$4 setsid "$PYTHON" -m ui.serve \
    --server.address 127.0.0.1 --server.port "$port" --server.headless true --browser.gatherUsageStats false \
    --server.fileWatcherType none > "$STATE/replica-$name.log" 2>&1 < /dev/null &
  echo $! > "$STATE/replica-$name.pid"
}

nginx_conf() {  # lb a b
  mkdir -p "$STATE/nginx/tmp"
  local user=""
  if [ "$(id -u)" = 0 ]; then user="user nobody nogroup;"; chown -R nobody:nogroup "$STATE/nginx/tmp"; fi
  sed -e "s|@USER@|$user|; s|@STATE@|$STATE|g; s|@LB@|$1|; s|@A@|$2|; s|@B@|$3|" scripts/cluster-nginx.conf \
    > "$STATE/nginx.conf"
}

healthy() {  # url
  "$PYTHON" -c 'import sys, urllib.request
try:
    sys.exit(urllib.request.urlopen(sys.argv[1] + "/_stcore/health", timeout=2).read() != b"ok")
except OSError:
    sys.exit(1)' "$1"
}

wait_healthy() {  # url
  for _ in $(seq 1 240); do
    healthy "$1" && return 0
    sleep 0.5
  done
  say "no answer from $1 after two minutes; see $STATE/*.log"
  return 1
}

start() {
  mkdir -p "$STATE"
  if alive "$STATE/replica-a.pid" || alive "$STATE/replica-b.pid" || alive "$STATE/nginx/nginx.pid"; then
    say "already running (scripts/cluster.sh stop first)"
    cat "$STATE/cluster.env"
    exit 1
  fi
  install_nginx
  local url lb a b secret
  url=$(database)
  lb=$(free_port); a=$(free_port); b=$(free_port)
  while [ "$a" = "$lb" ] || [ "$b" = "$lb" ] || [ "$a" = "$b" ]; do a=$(free_port); b=$(free_port); done
  secret=$("$PYTHON" -c 'import secrets; print(secrets.token_hex(32))')
  # One replica seeds an empty database with the bundled snapshot first, so the two never race to do it.
  KPI_DB_URL=$url "$PYTHON" -m loaders status > /dev/null
  replica a "$a" "$url" "$secret"
  replica b "$b" "$url" "$secret"
  nginx_conf "$lb" "$a" "$b"
  "$NGINX" -p "$STATE/nginx" -c "$STATE/nginx.conf" -e "$STATE/nginx/error.log"
  for port in "$a" "$b" "$lb"; do
    wait_healthy "http://127.0.0.1:$port" || { stop; exit 1; }
  done
  cat > "$STATE/cluster.env" <<EOF
LB_URL=http://127.0.0.1:$lb
REPLICA_A_URL=http://127.0.0.1:$a
REPLICA_B_URL=http://127.0.0.1:$b
REPLICA_A_PID=$(cat "$STATE/replica-a.pid")
REPLICA_B_PID=$(cat "$STATE/replica-b.pid")
KPI_DB_URL=$url
EOF
  echo "load balancer: http://127.0.0.1:$lb"
  echo "replica a:     http://127.0.0.1:$a"
  echo "replica b:     http://127.0.0.1:$b"
  echo "database:      $url"
  echo "update every replica: KPI_DB_URL='$url' python -m loaders import FILE"
  echo "stop:          make cluster-stop"
}

stop_pid() {  # pid file
  local f=$1
  alive "$f" || { rm -f "$f"; return 0; }
  local pid
  pid=$(cat "$f")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$f"
}

stop() {
  [ -d "$STATE" ] || { say "nothing to stop ($STATE does not exist)"; return 0; }
  stop_pid "$STATE/nginx/nginx.pid"
  stop_pid "$STATE/replica-a.pid"
  stop_pid "$STATE/replica-b.pid"
  if [ -f "$STATE/postgres.started" ]; then
    read -r started < "$STATE/postgres.started"
    pg_ctlcluster "${started%/*}" "${started#*/}" stop >&2 && rm -f "$STATE/postgres.started"
  fi
  rm -f "$STATE/cluster.env"
  say "stopped"
}

status() {
  for f in replica-a.pid replica-b.pid nginx/nginx.pid; do
    if alive "$STATE/$f"; then echo "${f%.pid}: running (pid $(cat "$STATE/$f"))"; else echo "${f%.pid}: stopped"; fi
  done
  [ -f "$STATE/cluster.env" ] && cat "$STATE/cluster.env"
  return 0
}

case "${1:-}" in
  install) install_nginx ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) say "usage: $0 start|stop|status|install"; exit 2 ;;
esac
