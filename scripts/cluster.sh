#!/usr/bin/env bash
# A city's forums on one server (docs/deployment.md): PostgreSQL, Redis, nginx and N workers of the
# app, all on loopback, all in one private directory, from the machine's Debian packages.
#
#   scripts/cluster.sh start [--workers N]   start everything (N workers, default 2); prints the address
#   scripts/cluster.sh stop                  stop the workers, nginx, Redis and PostgreSQL, cleanly
#   scripts/cluster.sh status                what runs
#   scripts/cluster.sh backup FILE           a pg_dump of the forums (custom format; pg_restore reads it)
#   scripts/cluster.sh postgres-test CMD...  run CMD beside a throwaway PostgreSQL (make test uses it);
#                                            FACILITATOR_TEST_POSTGRES names its database
#
# CLUSTER_DIR (default ./cluster_data) holds everything; CLUSTER_PORT (default 8080) is nginx's port,
# Redis takes CLUSTER_PORT+1, PostgreSQL CLUSTER_PORT+2, worker i CLUSTER_PORT+10+i. PY is the app's
# Python (default .venv/bin/python). PostgreSQL refuses to run as root: as root, it runs as `nobody`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$(mkdir -p "${CLUSTER_DIR:-$ROOT/cluster_data}" && cd "${CLUSTER_DIR:-$ROOT/cluster_data}" && pwd)"
PORT="${CLUSTER_PORT:-8080}"
REDIS_PORT=$((PORT + 1))
PG_PORT=$((PORT + 2))
PY="${PY:-$ROOT/.venv/bin/python}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
DB_URL="postgresql+psycopg://facilitator@127.0.0.1:$PG_PORT/facilitator"
PG_DIR="$DIR/pg"
if [ "$(id -u)" = 0 ] && ! runuser -u nobody -- test -x "$DIR" 2>/dev/null; then
  # `nobody` cannot reach DIR (a private temporary dir): PostgreSQL's files go where it can, named after DIR
  PG_DIR="/tmp/facilitator-pg-$(echo "$DIR" | md5sum | cut -c1-12)"
fi

missing() {
  local need=()
  [ -x "$PG_BIN/initdb" ] || need+=(postgresql)
  if [ "${1:-all}" = all ]; then
    command -v redis-server >/dev/null || need+=(redis-server)
    command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
  fi
  echo "${need[*]:-}"
}

as_postgres() {  # run a PostgreSQL program as a user it accepts
  if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

start_postgres() {  # $1: data dir parent; $2: port; $3...: extra server settings
  local pg="$1" port="$2"; shift 2
  mkdir -p "$pg"
  [ "$(id -u)" = 0 ] && chown nobody "$pg"
  if [ ! -f "$pg/data/PG_VERSION" ]; then
    as_postgres "$PG_BIN/initdb" -D "$pg/data" -U facilitator --auth=trust -E UTF8 --no-locale >"$pg/initdb.log"
  fi
  as_postgres "$PG_BIN/pg_ctl" -D "$pg/data" status >/dev/null 2>&1 ||
    as_postgres "$PG_BIN/pg_ctl" -D "$pg/data" -l "$pg/postgres.log" -w -t 30 \
    -o "-h 127.0.0.1 -p $port -k $pg -c max_connections=300 $*" start >/dev/null
  as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U facilitator -d postgres -qtAc \
    "SELECT 1 FROM pg_database WHERE datname='facilitator'" | grep -q 1 ||
    as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U facilitator facilitator
}

stop_postgres() {
  local pg="$1"
  if [ -f "$pg/data/postmaster.pid" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$pg/data" -m fast -w stop >/dev/null || true
  fi
}

nginx_conf() {  # $1: number of workers
  local n="$1" servers="" i
  for i in $(seq 1 "$n"); do servers+="    server 127.0.0.1:$((PORT + 10 + i)) max_fails=1 fail_timeout=3s;"$'\n'; done
  cat <<EOF
# Written by scripts/cluster.sh. Every socket of a forum goes to one worker: the pages add ?forum=CODE.
worker_processes 1;
worker_rlimit_nofile 32768;
pid $DIR/nginx/nginx.pid;
error_log $DIR/nginx/error.log warn;
events { worker_connections 16384; }
http {
  access_log off;  # never log addresses (docs/deployment.md: privacy)
  client_body_temp_path $DIR/nginx/body;
  proxy_temp_path $DIR/nginx/proxy;
  fastcgi_temp_path $DIR/nginx/fastcgi;
  uwsgi_temp_path $DIR/nginx/uwsgi;
  scgi_temp_path $DIR/nginx/scgi;
  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
  upstream by_forum {
    hash \$arg_forum consistent;
$servers  }
  upstream any_worker {
    least_conn;
$servers  }
  server {
    listen 127.0.0.1:$PORT;
    client_max_body_size 20m;
    proxy_http_version 1.1;
    proxy_set_header Host \$http_host;
    proxy_set_header Upgrade \$http_upgrade;
    proxy_set_header Connection \$connection_upgrade;
    proxy_read_timeout 120s;
    proxy_buffering off;
    location /socket.io/ { proxy_pass http://by_forum; }
    location / { proxy_pass http://any_worker; }
  }
}
EOF
}

wait_healthy() {  # PORT...: each answers /healthz within 60 s
  "$PY" - "$@" <<'EOF'
import sys, time, urllib.request
for port in sys.argv[1:]:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline:
                sys.exit(f"nothing answered on port {port} within 60 s")
            time.sleep(0.1)
EOF
}

start() {
  local n=2
  while [ $# -gt 0 ]; do
    case "$1" in --workers) n="$2"; shift 2 ;; *) echo "unknown option $1" >&2; exit 2 ;; esac
  done
  local need; need="$(missing all)"
  if [ -n "$need" ]; then echo "missing: $need (apt-get install -y redis-server postgresql nginx)" >&2; exit 1; fi
  umask 077
  start_postgres "$PG_DIR" "$PG_PORT"
  mkdir -p "$DIR/redis"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --daemonize yes \
    --dir "$DIR/redis" --pidfile "$DIR/redis/redis.pid" --logfile "$DIR/redis/redis.log"
  # One moderator key and one session secret for every worker: a console may reach any of them.
  [ -f "$DIR/moderator_key" ] || "$PY" -c "import secrets; print(secrets.token_urlsafe(12))" >"$DIR/moderator_key"
  [ -f "$DIR/secret_key" ] || "$PY" -c "import secrets; print(secrets.token_urlsafe(32))" >"$DIR/secret_key"
  echo "$n" >"$DIR/workers"
  local i
  for i in $(seq 1 "$n"); do start_worker "$i"; done
  wait_healthy $(for i in $(seq 1 "$n"); do echo $((PORT + 10 + i)); done) || { echo "see $DIR/worker-*.log" >&2; exit 1; }
  mkdir -p "$DIR/nginx"/{body,proxy,fastcgi,uwsgi,scgi}
  [ "$(id -u)" = 0 ] && chown -R nobody "$DIR/nginx"
  nginx_conf "$n" >"$DIR/nginx/nginx.conf"
  nginx -q -c "$DIR/nginx/nginx.conf" -p "$DIR/nginx"
  wait_healthy "$PORT" || { echo "nginx: see $DIR/nginx/error.log" >&2; exit 1; }
  echo "Forum Facilitator cluster: http://127.0.0.1:$PORT/ ($n workers; moderator key in $DIR/moderator_key)"
  echo "Console: http://127.0.0.1:$PORT/m   Stop: scripts/cluster.sh stop"
}

start_worker() {  # $1: the worker's number
  local i="$1" data="$DIR/worker-$1"
  mkdir -p "$data"
  cp "$DIR/secret_key" "$data/secret_key"
  (cd "$ROOT"; DATABASE_URL="$DB_URL" FACILITATOR_MESSAGE_QUEUE="redis://127.0.0.1:$REDIS_PORT/0" \
    FACILITATOR_WORKER="worker-$i" FACILITATOR_MODERATOR_KEY="$(cat "$DIR/moderator_key")" \
    FACILITATOR_PUBLIC_URL="${FACILITATOR_PUBLIC_URL:-http://127.0.0.1:$PORT}" \
    nohup "$PY" run.py --host 127.0.0.1 --port $((PORT + 10 + i)) --data-dir "$data" \
    >>"$DIR/worker-$i.log" 2>&1 </dev/null & echo $! >"$DIR/worker-$i.pid")
}

stop_pid() {  # $1: pid file; TERM, then KILL after 10 s
  local file="$1" pid i
  [ -f "$file" ] || return 0
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

stop() {
  local f
  for f in "$DIR"/worker-*.pid; do [ -e "$f" ] && stop_pid "$f"; done
  if [ -f "$DIR/nginx/nginx.pid" ]; then nginx -q -c "$DIR/nginx/nginx.conf" -p "$DIR/nginx" -s quit 2>/dev/null || true; fi
  for f in $(seq 1 50); do [ -f "$DIR/nginx/nginx.pid" ] || break; sleep 0.1; done
  stop_pid "$DIR/redis/redis.pid"
  stop_postgres "$PG_DIR"
  echo "stopped"
}

status() {
  local f
  for f in "$DIR"/worker-*.pid "$DIR/redis/redis.pid" "$DIR/nginx/nginx.pid" "$PG_DIR/data/postmaster.pid"; do
    [ -f "$f" ] || continue
    local pid; pid="$(head -1 "$f")"
    if kill -0 "$pid" 2>/dev/null; then echo "running  $pid  $f"; else echo "gone     $pid  $f"; fi
  done
}

postgres_test() {
  local need; need="$(missing postgres)"
  if [ -n "$need" ]; then
    echo "SKIPPED the PostgreSQL run: $need is not installed (apt-get install -y postgresql)"; return 0
  fi
  local tmp; tmp="$(mktemp -d)"
  [ "$(id -u)" = 0 ] && chmod 755 "$tmp"
  local port; port="$("$PY" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])")"
  # A throwaway database: fsync off (nothing here outlives the run).
  start_postgres "$tmp/pg" "$port" -c fsync=off -c synchronous_commit=off -c full_page_writes=off
  local status=0
  FACILITATOR_TEST_POSTGRES="postgresql+psycopg://facilitator@127.0.0.1:$port/facilitator" "$@" || status=$?
  stop_postgres "$tmp/pg"
  rm -rf "$tmp"
  return $status
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) status ;;
  backup) as_postgres "$PG_BIN/pg_dump" -h 127.0.0.1 -p "$PG_PORT" -U facilitator -Fc facilitator >"${2:?backup FILE}" ;;
  postgres-test) shift; postgres_test "$@" ;;
  *) sed -n '2,15p' "$0"; exit 2 ;;
esac
