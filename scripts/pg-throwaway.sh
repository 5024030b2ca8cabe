#!/usr/bin/env bash
# Throwaway PostgreSQL server for migguard's reference data and tests.
#
#   bash scripts/pg-throwaway.sh start DIR   # prints postgresql://postgres@127.0.0.1:PORT/postgres
#   bash scripts/pg-throwaway.sh stop DIR
#   bash scripts/pg-throwaway.sh status DIR  # exit 0 if running (prints URL), 3 if not
#
# DIR holds everything: DIR/data (cluster), DIR/postgres.log, DIR/url, DIR/port.
# The server listens on 127.0.0.1 only (no Unix socket), trust auth, user
# "postgres", on a free port picked at start. When run as root, the server runs
# as the `postgres` system user (PostgreSQL refuses to run as root), so DIR
# must be somewhere that user can reach: use a dir under /tmp (mktemp -d).
# Both commands are idempotent: `start` on a running server prints its URL,
# `stop` on a stopped (or missing) one succeeds quietly.
# Env: PG_BINDIR overrides where initdb/pg_ctl/postgres are looked up.
set -euo pipefail

prog=$(basename "$0")
die() { echo "$prog: error: $*" >&2; exit 1; }
log() { echo "$prog: $*" >&2; }

usage() {
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

find_bindir() {
    if [[ -n "${PG_BINDIR:-}" ]]; then
        [[ -x "$PG_BINDIR/initdb" ]] || die "PG_BINDIR=$PG_BINDIR has no executable initdb"
        echo "$PG_BINDIR"; return
    fi
    local d
    if command -v pg_config >/dev/null 2>&1; then
        d=$(pg_config --bindir 2>/dev/null || true)
        if [[ -n "$d" && -x "$d/initdb" && -x "$d/pg_ctl" ]]; then echo "$d"; return; fi
    fi
    # Debian layout: newest /usr/lib/postgresql/N/bin with a server in it.
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
    if [[ -n "$d" && -x "$d/initdb" && -x "$d/pg_ctl" ]]; then echo "$d"; return; fi
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v initdb)")"; return
    fi
    die "PostgreSQL server binaries (initdb, pg_ctl) not found; install them (Debian: apt-get install -y postgresql) or set PG_BINDIR"
}

# Run a command as the database owner: `postgres` when we are root, else ourselves.
as_owner() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

ensure_owner_user() {
    [[ $EUID -eq 0 ]] || return 0
    if ! id -u postgres >/dev/null 2>&1; then
        log "creating system user 'postgres'"
        useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres \
            || die "could not create the 'postgres' system user"
    fi
}

free_port() {
    # Ask the kernel for a free ephemeral port on 127.0.0.1.
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
        return
    fi
    local p
    for _ in $(seq 1 200); do
        p=$(( 20000 + RANDOM % 40000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
    die "could not find a free TCP port"
}

url_for() { echo "postgresql://postgres@127.0.0.1:$1/postgres"; }

is_running() {
    # $1 = bindir; uses globals DATA
    [[ -f "$DATA/postmaster.pid" ]] || return 1
    as_owner "$1/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

running_port() {
    # Line 4 of postmaster.pid is the port.
    sed -n 4p "$DATA/postmaster.pid" 2>/dev/null | tr -d '[:space:]'
}

wait_ready() {
    local bindir=$1 port=$2 i
    for i in $(seq 1 60); do
        if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres 2>/dev/null; then
            return 0
        fi
        sleep 0.5
    done
    return 1
}

cmd_start() {
    local bindir port attempt url
    bindir=$(find_bindir)
    ensure_owner_user
    mkdir -p "$DIR"
    if [[ $EUID -eq 0 ]]; then
        chown postgres: "$DIR"
        chmod 700 "$DIR"
        touch "$LOGFILE" && chown postgres: "$LOGFILE"
        runuser -u postgres -- test -w "$DIR" \
            || die "user 'postgres' cannot write to $DIR (a parent directory is not traversable?); use a directory under /tmp"
    fi

    if is_running "$bindir"; then
        port=$(running_port)
        url=$(url_for "$port")
        wait_ready "$bindir" "$port" || die "server in $DIR is running but not accepting connections on port $port; see $LOGFILE"
        echo "$url" >"$DIR/url"; echo "$port" >"$DIR/port"
        log "already running on 127.0.0.1:$port ($DIR)"
        echo "$url"
        return 0
    fi
    rm -f "$DIR/url" "$DIR/port"

    if [[ ! -f "$DATA/PG_VERSION" ]]; then
        if [[ -e "$DATA" ]] && [[ -n "$(ls -A "$DATA" 2>/dev/null)" ]]; then
            die "$DATA exists, is not empty and is not a PostgreSQL cluster; remove it or pick another DIR"
        fi
        log "initdb $DATA"
        # C locale + UTF8 so that generated SQL and sort orders do not depend on the host.
        as_owner "$bindir/initdb" -D "$DATA" -U postgres --auth=trust \
            --encoding=UTF8 --locale=C --no-instructions >"$DIR/initdb.log" 2>&1 \
            || { cat "$DIR/initdb.log" >&2; die "initdb failed (log: $DIR/initdb.log)"; }
    fi
    # A stale postmaster.pid from a killed server would block startup; pg_ctl
    # status said it's not running, so it is safe to remove.
    rm -f "$DATA/postmaster.pid"

    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        # Throwaway: durability off for speed; no Unix socket (TCP 127.0.0.1 only).
        if as_owner "$bindir/pg_ctl" -D "$DATA" -l "$LOGFILE" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" \
            start >/dev/null 2>>"$LOGFILE"; then
            if wait_ready "$bindir" "$port"; then
                url=$(url_for "$port")
                echo "$url" >"$DIR/url"; echo "$port" >"$DIR/port"
                log "started PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (dir $DIR)"
                echo "$url"
                return 0
            fi
            as_owner "$bindir/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
        fi
        if grep -q "could not bind\|Address already in use" "$LOGFILE" 2>/dev/null; then
            log "port $port was taken, retrying ($attempt/5)"
            continue
        fi
        break
    done
    echo "---- last lines of $LOGFILE ----" >&2
    tail -n 30 "$LOGFILE" >&2 || true
    die "PostgreSQL did not start (dir $DIR)"
}

cmd_stop() {
    local bindir
    if [[ ! -d "$DATA" ]]; then
        rm -f "$DIR/url" "$DIR/port"
        return 0
    fi
    bindir=$(find_bindir)
    if is_running "$bindir"; then
        as_owner "$bindir/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null \
            || as_owner "$bindir/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null \
            || die "could not stop the server in $DATA"
        log "stopped ($DIR)"
    fi
    rm -f "$DIR/url" "$DIR/port"
}

cmd_status() {
    local bindir
    bindir=$(find_bindir)
    if [[ -d "$DATA" ]] && is_running "$bindir"; then
        url_for "$(running_port)"
        return 0
    fi
    echo "not running" >&2
    return 3
}

[[ $# -eq 2 ]] || usage
action=$1
DIR=$2
[[ -n "$DIR" ]] || usage
if [[ "$action" == start ]]; then
    mkdir -p "$DIR" 2>/dev/null || die "cannot create $DIR"
fi
if [[ -d "$DIR" ]]; then
    DIR=$(cd "$DIR" && pwd -P)
elif [[ "$DIR" != /* ]]; then
    DIR="$PWD/$DIR"
fi
DATA="$DIR/data"
LOGFILE="$DIR/postgres.log"

case "$action" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *) usage ;;
esac
