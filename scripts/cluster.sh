#!/usr/bin/env bash
# A shared deployment on one machine, all on loopback: PostgreSQL, N app replicas (one Streamlit server each, on a
# port of its own) and nginx in front of them (sticky sessions by cookie, WebSocket proxying).
# `make cluster [REPLICAS=N]` / `make cluster-stop`.
#
#   scripts/cluster.sh start [--replicas N]   start everything, print the addresses and the database URL; N
#                                             replicas, named a, b, c, ... (default: the machine's cores, nproc,
#                                             at least 2)
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

free_ports() {  # n: n distinct free loopback ports, all held at once while they are chosen
  "$PYTHON" -c 'import socket, sys
held = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in held:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in held))' "$1"
}

cores() { nproc 2>/dev/null || getconf _NPROCESSORS_ONLN; }

name_of() {  # 0 -> a, 1 -> b, ..., 25 -> z, 26 -> aa, ...
  local i=$(($1 + 1)) name="" letters=abcdefghijklmnopqrstuvwxyz
  while [ "$i" -gt 0 ]; do
    i=$((i - 1))
    name=${letters:$((i % 26)):1}$name
    i=$((i / 26))
  done
  echo "$name"
}

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

nginx_conf() {  # lb port, then each replica's port: the upstreams and maps of scripts/cluster-nginx.conf
  local lb=$1 user="" i j name blocks
  shift
  local ports=("$@")
  mkdir -p "$STATE/nginx/tmp"
  if [ "$(id -u)" = 0 ]; then user="user nobody nogroup;"; chown -R nobody:nogroup "$STATE/nginx/tmp"; fi
  blocks="$STATE/nginx/upstreams.conf"
  {
    for i in "${!ports[@]}"; do  # a replica's sessions: it, then the others in turn if it does not answer
      echo "    upstream kpi_replica_$(name_of "$i") {"
      echo "        server 127.0.0.1:${ports[i]} max_fails=1 fail_timeout=10s;"
      for j in "${!ports[@]}"; do [ "$j" = "$i" ] || echo "        server 127.0.0.1:${ports[j]} backup;"; done
      echo "    }"
    done
    echo "    upstream kpi_new_session {"
    echo "        least_conn;"
    for i in "${!ports[@]}"; do echo "        server 127.0.0.1:${ports[i]} max_fails=1 fail_timeout=10s;"; done
    echo "    }"
    echo "    map \$cookie_kpi_replica \$kpi_upstream {"
    echo "        default kpi_new_session;"
    for i in "${!ports[@]}"; do name=$(name_of "$i"); echo "        $name kpi_replica_$name;"; done
    echo "    }"
    echo "    map \$upstream_addr \$kpi_served {  # the last address tried is the one that answered"
    echo "        default \"\";"
    for i in "${!ports[@]}"; do echo "        \"~:${ports[i]}\$\" $(name_of "$i");"; done
    echo "    }"
  } > "$blocks"
  sed -e "s|@USER@|$user|; s|@STATE@|$STATE|g; s|@LB@|$lb|" scripts/cluster-nginx.conf \
    | awk -v blocks="$blocks" '$1 == "@UPSTREAMS@" { while ((getline line < blocks) > 0) print line; next } { print }' \
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

running() {  # any process that a start recorded is still running
  local f
  for f in "$STATE"/replica-*.pid "$STATE/nginx/nginx.pid"; do alive "$f" && return 0; done
  return 1
}

start() {  # replicas
  local replicas=$1
  mkdir -p "$STATE"
  if running; then
    say "already running (scripts/cluster.sh stop first)"
    cat "$STATE/cluster.env"
    exit 1
  fi
  rm -f "$STATE"/replica-*.pid  # ids left by a cluster that is no longer running: never stopped by mistake later
  [ "$replicas" -le "$(cores)" ] || say "$replicas replicas on $(cores) cores: some replicas will share a core"
  install_nginx
  local url secret chosen ports lb i
  url=$(database)
  chosen=$(free_ports $((replicas + 1)))
  read -r -a ports <<< "$chosen"
  lb=${ports[0]}
  ports=("${ports[@]:1}")
  secret=$("$PYTHON" -c 'import secrets; print(secrets.token_hex(32))')
  # One process seeds an empty database with the bundled snapshot first, so the replicas never race to do it.
  KPI_DB_URL=$url "$PYTHON" -m loaders status > /dev/null
  for i in "${!ports[@]}"; do replica "$(name_of "$i")" "${ports[i]}" "$url" "$secret"; done
  nginx_conf "$lb" "${ports[@]}"
  "$NGINX" -p "$STATE/nginx" -c "$STATE/nginx.conf" -e "$STATE/nginx/error.log" || { stop; exit 1; }
  for port in "${ports[@]}" "$lb"; do
    wait_healthy "http://127.0.0.1:$port" || { stop; exit 1; }
  done
  write_env "$url" "$lb" "${ports[@]}"
  echo "load balancer: http://127.0.0.1:$lb"
  for i in "${!ports[@]}"; do printf 'replica %-7shttp://127.0.0.1:%s\n' "$(name_of "$i"):" "${ports[i]}"; done
  echo "database:      $url"
  echo "update every replica: KPI_DB_URL='$url' python -m loaders import FILE"
  echo "stop:          make cluster-stop"
}

write_env() {  # url lb, then each replica's port: cluster.env, read by the tests and the load bench
  local url=$1 lb=$2 i name names=""
  shift 2
  local ports=("$@")
  {
    echo "LB_URL=http://127.0.0.1:$lb"
    echo "REPLICAS=${#ports[@]}"
    for i in "${!ports[@]}"; do
      name=$(name_of "$i")
      names+=${names:+,}$name
      echo "REPLICA_${name^^}_URL=http://127.0.0.1:${ports[i]}"
      echo "REPLICA_${name^^}_PID=$(cat "$STATE/replica-$name.pid")"
    done
    echo "REPLICA_NAMES=$names"
    echo "KPI_DB_URL=$url"
  } > "$STATE/cluster.env"
}

group_alive() { kill -0 -- "-$1" 2>/dev/null || kill -0 "$1" 2>/dev/null; }

stop_groups() {  # pid files: each process and every process of its group (a replica's own group, which setsid
  # gave it, with anything it started; nginx's master and workers): TERM to all, KILL to any left after ten seconds
  local f pid left pids=()
  for f in "$@"; do
    [ -f "$f" ] && group_alive "$(cat "$f")" && pids+=("$(cat "$f")")
  done
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    left=""
    for pid in "${pids[@]}"; do group_alive "$pid" && left=1; done
    [ -n "$left" ] || break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do
    group_alive "$pid" || continue
    say "process group $pid did not stop within ten seconds: killed"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  done
  rm -f "$@"
}

stop() {
  [ -d "$STATE" ] || { say "nothing to stop ($STATE does not exist)"; return 0; }
  stop_groups "$STATE/nginx/nginx.pid" "$STATE"/replica-*.pid
  if [ -f "$STATE/postgres.started" ]; then
    read -r started < "$STATE/postgres.started"
    pg_ctlcluster "${started%/*}" "${started#*/}" stop >&2 && rm -f "$STATE/postgres.started"
  fi
  rm -f "$STATE/cluster.env"
  say "stopped"
}

status() {
  local f
  for f in "$STATE"/replica-*.pid "$STATE/nginx/nginx.pid"; do
    [ -e "$f" ] || continue
    f=${f#"$STATE"/}
    if alive "$STATE/$f"; then echo "${f%.pid}: running (pid $(cat "$STATE/$f"))"; else echo "${f%.pid}: stopped"; fi
  done
  [ -f "$STATE/cluster.env" ] && cat "$STATE/cluster.env"
  return 0
}

usage() { say "usage: $0 start [--replicas N]|stop|status|install"; exit 2; }

replicas_option() {  # the arguments after start: N from --replicas N, or one a core (at least 2)
  local n=""
  while [ $# -gt 0 ]; do
    case $1 in
      --replicas) [ $# -ge 2 ] || usage; n=$2; shift 2 ;;
      --replicas=*) n=${1#*=}; shift ;;
      *) usage ;;
    esac
  done
  if [ -z "$n" ]; then n=$(cores); [ "$n" -ge 2 ] || n=2; fi
  [[ $n =~ ^[1-9][0-9]*$ ]] || { say "--replicas takes a whole number, 1 or more (not '$n')"; exit 2; }
  echo "$n"
}

action=${1:-}
if [ $# -gt 0 ]; then shift; fi
case $action in
  install) install_nginx ;;
  start)
    replicas=$(replicas_option "$@")
    start "$replicas"
    ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
