#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 server.
#
#   scripts/with-postgres.sh CMD [ARGS...]
#
# Creates a fresh cluster in a temporary directory, starts it on a free port on 127.0.0.1
# (trust authentication, superuser "spcp", database "spcp"), exports DATABASE_URL (and
# PGHOST/PGPORT/PGUSER/PGDATABASE), runs CMD, then always stops the server and deletes the
# directory. Exits with CMD's exit code.
#
# PostgreSQL refuses to run as root, so when run as root the server runs as the unprivileged
# system user $SPCP_PG_USER (default "spcp-test", created on first use). CMD itself still runs
# as the calling user. Set PG_BINDIR to use other server binaries.
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

PG_BINDIR=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
if [[ ! -x "$PG_BINDIR/initdb" || ! -x "$PG_BINDIR/pg_ctl" ]]; then
    echo "with-postgres.sh: no PostgreSQL server binaries in $PG_BINDIR" >&2
    echo "  (install them with: scripts/system-deps.sh --test)" >&2
    exit 1
fi

db_user=spcp
db_name=spcp

if [[ $(id -u) -eq 0 ]]; then
    pg_os_user=${SPCP_PG_USER:-spcp-test}
    if ! id -u "$pg_os_user" >/dev/null 2>&1; then
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin "$pg_os_user" 2>/dev/null || id -u "$pg_os_user" >/dev/null
    fi
    # Somewhere the unprivileged user can reach whatever $TMPDIR says.
    tmp=$(mktemp -d /tmp/spcp-pg.XXXXXX)
    chown "$pg_os_user:" "$tmp"
else
    pg_os_user=
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/spcp-pg.XXXXXX")
fi

# Run a server-side command as the cluster owner, from a directory that user can read.
as_pg() {
    if [[ -n "$pg_os_user" ]]; then
        (cd "$tmp" && LC_ALL=C.UTF-8 runuser -u "$pg_os_user" -- "$@")
    else
        (cd "$tmp" && LC_ALL=C.UTF-8 "$@")
    fi
}

data="$tmp/data"
log="$tmp/postgres.log"
started=

cleanup() {
    if [[ -n "$started" ]]; then
        as_pg "$PG_BINDIR/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null 2>&1 \
            || as_pg "$PG_BINDIR/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 \
            || echo "with-postgres.sh: could not stop the server in $data" >&2
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

as_pg "$PG_BINDIR/initdb" -D "$data" -U "$db_user" --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 || {
    cat "$tmp/initdb.log" >&2
    exit 1
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# The port could be taken between picking and binding it; retry a few times.
for attempt in 1 2 3 4 5; do
    port=$(free_port)
    {
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $port"
        echo "unix_socket_directories = '$tmp'"
        # Durability is pointless for a throwaway test database.
        echo "fsync = off"
        echo "synchronous_commit = off"
        echo "full_page_writes = off"
    } >"$data/postgresql.auto.conf"
    [[ -z "$pg_os_user" ]] || chown "$pg_os_user:" "$data/postgresql.auto.conf"
    if as_pg "$PG_BINDIR/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null 2>&1; then
        started=1
        break
    fi
    as_pg "$PG_BINDIR/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    if [[ $attempt -eq 5 ]]; then
        echo "with-postgres.sh: PostgreSQL did not start; server log:" >&2
        cat "$log" >&2 || true
        exit 1
    fi
done

"$PG_BINDIR/createdb" -h 127.0.0.1 -p "$port" -U "$db_user" "$db_name"

export DATABASE_URL="postgres://$db_user@127.0.0.1:$port/$db_name"
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=$db_user PGDATABASE=$db_name

set +e
"$@"
status=$?
set -e
exit "$status"
