#!/usr/bin/env bash
# Run the test suite against the real services: PostgreSQL, Redis, a Celery worker and Debian's Chromium.
#
# Whatever is already running on loopback is used as it is; whatever is not is started here (installed from Debian
# first when absent), recorded, and stopped again on exit by its own PID -- nothing else is touched.
#   BRICS_PG_PORT     PostgreSQL port   (default 5432; if nothing answers, a throwaway cluster is started there)
#   BRICS_REDIS_PORT  Redis port        (default 6379; if nothing answers, a throwaway redis-server is started there)
#   UV                how to call uv    (default: uv)
# Extra arguments go to pytest, e.g. `scripts/test-services.sh -k celery`.
#
# The Celery worker is started by tests/test_celery_worker.py itself: it must read the test database that
# pytest-django creates (test_brics_ttc_test...), which does not exist before pytest runs. Redis databases 13-15 are
# this harness's own and are flushed at the start.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_PORT="${BRICS_PG_PORT:-5432}"
REDIS_PORT="${BRICS_REDIS_PORT:-6379}"
CHROMIUM=/usr/bin/chromium
read -r -a UV_CMD <<<"${UV:-uv}"

STARTED=()      # "name pid" of each process this script started, in start order
CLEANUP_DIRS=()

log() { printf '[test-services] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

stop_pid() {  # stop_pid NAME PID SIGNAL
    local name=$1 pid=$2 signal=$3
    kill -0 "$pid" 2>/dev/null || { log "$name (pid $pid) already gone"; return 0; }
    log "stopping $name (pid $pid)"
    kill "-$signal" "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    log "$name (pid $pid) did not stop in 10 s; sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    local i entry
    for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do
        entry=${STARTED[$i]}
        case $entry in
            postgresql*) stop_pid postgresql "${entry#* }" INT ;;  # SIGINT = PostgreSQL's "fast" shutdown
            *) stop_pid "${entry% *}" "${entry#* }" TERM ;;
        esac
    done
    for dir in "${CLEANUP_DIRS[@]}"; do rm -rf "$dir"; done
    if ((${#STARTED[@]})); then log "stopped what this run started: ${STARTED[*]}"; else log "started nothing, stopped nothing"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

as_root() {
    if [[ $EUID -eq 0 ]]; then "$@"
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"
    else die "root is needed to run: $*"
    fi
}

apt_install() {
    command -v apt-get >/dev/null || die "apt-get not found; install $* yourself"
    log "installing from Debian: $*"
    # A fresh machine may have empty package lists: update once and retry.
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" </dev/null \
        || { as_root apt-get update -q </dev/null && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" </dev/null; }
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

redis_cmd() {  # redis_cmd PORT COMMAND... -> first reply line (inline protocol, no redis-cli needed)
    local port=$1; shift
    local reply=""
    exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
    printf '%s\r\n' "$*" >&3
    read -r -t 3 reply <&3 || true
    exec 3>&-
    printf '%s' "${reply%$'\r'}"
}

redis_flushdb() {  # redis_flushdb DB: empty one of this harness's Redis databases
    local ok1="" ok2=""
    exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT"
    printf 'SELECT %s\r\nFLUSHDB\r\n' "$1" >&3
    read -r -t 3 ok1 <&3 || true
    read -r -t 3 ok2 <&3 || true
    exec 3>&-
    [[ ${ok1%$'\r'} == "+OK" && ${ok2%$'\r'} == "+OK" ]] || die "could not flush Redis database $1: ${ok1} ${ok2}"
}

wait_for() {  # wait_for WHAT SECONDS COMMAND...
    local what=$1 seconds=$2; shift 2
    for _ in $(seq 1 $((seconds * 10))); do
        "$@" && return 0
        sleep 0.1
    done
    die "$what did not become ready in ${seconds} s"
}

redis_up() { [[ $(redis_cmd "$REDIS_PORT" PING 2>/dev/null) == "+PONG" ]]; }

ensure_redis() {
    if redis_up; then log "Redis already running on 127.0.0.1:$REDIS_PORT (left alone)"; return; fi
    port_open "$REDIS_PORT" && die "port $REDIS_PORT is taken by something that is not Redis"
    command -v redis-server >/dev/null || apt_install redis-server
    if redis_up; then log "Redis was started by its package on 127.0.0.1:$REDIS_PORT (left alone)"; return; fi
    local dir; dir=$(mktemp -d -t brics-redis.XXXXXX); CLEANUP_DIRS+=("$dir")
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --daemonize yes \
        --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
    wait_for "redis-server" 10 test -s "$dir/redis.pid"
    STARTED+=("redis $(cat "$dir/redis.pid")")
    wait_for "Redis on port $REDIS_PORT" 10 redis_up
    log "started Redis on 127.0.0.1:$REDIS_PORT (pid $(cat "$dir/redis.pid"))"
}

pg_bindir() { find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1; }

pg_up() {
    if command -v pg_isready >/dev/null; then pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; else port_open "$PG_PORT"; fi
}

ensure_postgres() {
    if pg_up; then log "PostgreSQL already running on 127.0.0.1:$PG_PORT (left alone)"; return; fi
    [[ -n $(pg_bindir) ]] || apt_install postgresql
    if pg_up; then log "PostgreSQL was started by its package on 127.0.0.1:$PG_PORT (left alone)"; return; fi
    local bindir dir owner=() ; bindir=$(pg_bindir)
    dir=$(mktemp -d -t brics-pg.XXXXXX); CLEANUP_DIRS+=("$dir")
    # A throwaway cluster: trust auth for the superuser `postgres`, no durability (it is deleted on exit).
    if [[ $EUID -eq 0 ]]; then chown postgres: "$dir"; owner=(runuser -u postgres --); fi
    "${owner[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" \
        || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    "${owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null || { cat "$dir/server.log" >&2; die "PostgreSQL did not start"; }
    STARTED+=("postgresql $(head -n 1 "$dir/data/postmaster.pid")")
    log "started PostgreSQL on 127.0.0.1:$PG_PORT (pid $(head -n 1 "$dir/data/postmaster.pid"), data in $dir)"
}

check_pg_role() {
    # pytest-django creates and drops test_<name>: the role needs CREATEDB (or superuser).
    "${UV_CMD[@]}" run --frozen python - "$DATABASE_URL" <<'PY' || die "cannot use $DATABASE_URL (see above)"
import sys
from urllib.parse import urlsplit

import psycopg

url = urlsplit(sys.argv[1])
with psycopg.connect(host=url.hostname, port=url.port, user=url.username, password=url.password, dbname="postgres") as c:
    can = c.execute("SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user").fetchone()[0]
if not can:
    sys.exit(f"role {url.username!r} may not create databases: ALTER ROLE {url.username} CREATEDB;")
PY
}

ensure_chromium() {
    local missing=()
    [[ -x $CHROMIUM ]] || missing+=(chromium)
    if command -v dpkg-query >/dev/null; then
        for pkg in fonts-noto-cjk fonts-noto-core; do
            dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
        done
    fi
    if ((${#missing[@]})); then apt_install "${missing[@]}"; else log "Chromium present at $CHROMIUM"; fi
    [[ -x $CHROMIUM ]] || die "$CHROMIUM still missing after the install"
}

# tests/i18n/test_catalogues.py runs Django's makemessages, which needs GNU gettext's xgettext.
ensure_gettext() { command -v xgettext >/dev/null || apt_install gettext; }

# Machine translation: Apertium APy and the language pairs the integration tests use. The tests start APy on a
# loopback port themselves (tests/translation/conftest.py) and stop it again.
APERTIUM_PACKAGES=(apertium-apy apertium-eng-spa apertium-es-pt apertium-eng-cat apertium-por-cat apertium-fr-es
    apertium-ind-zlm)
ensure_apertium() {
    local missing=() pkg
    command -v dpkg-query >/dev/null || { log "no dpkg: install Apertium APy yourself (${APERTIUM_PACKAGES[*]})"; return; }
    for pkg in "${APERTIUM_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    if ((${#missing[@]})); then apt_install "${missing[@]}"; else log "Apertium APy and its language pairs present"; fi
}

ensure_postgres
ensure_redis
ensure_chromium
ensure_apertium
ensure_gettext

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/brics_ttc_test"
export CELERY_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/15"
export CELERY_RESULT_BACKEND="redis://127.0.0.1:$REDIS_PORT/13"
export CACHE_URL="redis://127.0.0.1:$REDIS_PORT/14"
# Live auction pages: the Redis channel layer, as in production.
export CHANNEL_LAYER_URL="redis://127.0.0.1:$REDIS_PORT/12"
# The suite's on-commit tasks keep running in-process (their e-mails land in mail.outbox); the round trip through
# the broker and a real worker is tests/test_celery_worker.py's job.
export CELERY_TASK_ALWAYS_EAGER=1
export BRICS_REQUIRE_SERVICES=1
check_pg_role
for db in 12 13 14 15; do redis_flushdb "$db"; done

log "running the suite: DATABASE_URL=$DATABASE_URL CELERY_BROKER_URL=$CELERY_BROKER_URL CACHE_URL=$CACHE_URL"
"${UV_CMD[@]}" run --frozen pytest -n auto "$@"
