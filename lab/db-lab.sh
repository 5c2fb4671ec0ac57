#!/bin/bash
# The database tier of the HA lab on one machine: 3 etcd members, 3 Patroni nodes (PostgreSQL 15) and HAProxy,
# all on 127.0.0.1, from the same files the failover test uses (etcd/etcd-member.sh, patroni/patroni.yml.template,
# patroni/patroni-node.sh, haproxy/haproxy-db.cfg.template). Needs root (it runs PostgreSQL as postgres) and the
# Debian packages patroni etcd-server etcd-client haproxy postgresql-15 (see docs/database-failover.md).
#
#   lab/db-lab.sh up DIR        renders the configs into DIR, starts everything, waits for a leader (bounded)
#   lab/db-lab.sh status DIR    patronictl list
#   lab/db-lab.sh down DIR      kills everything it started (the pids in DIR/*.pid) and the postmasters
#
# Ports (override through the environment): etcd clients 2379/2479/2579, peers 2380/2480/2580; Patroni REST
# 8008/8009/8010; PostgreSQL 5432/5433/5434; HAProxy primary 5000, replicas 5001, stats 7000.
# It creates the database stratus (owner stratus, password in DIR/stratus-password) and prints Stratus' settings.
set -euo pipefail
LAB=$(cd "$(dirname "$0")" && pwd)
cmd=${1:-} dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
    sed -n '2,15p' "$0" >&2
    exit 2
fi

: "${ETCD_CLIENT_PORTS:=2379 2479 2579}" "${ETCD_PEER_PORTS:=2380 2480 2580}"
: "${REST_PORTS:=8008 8009 8010}" "${PG_PORTS:=5432 5433 5434}"
: "${PRIMARY_PORT:=5000}" "${REPLICA_PORT:=5001}" "${STATS_PORT:=7000}"
read -r -a etcd_client <<<"$ETCD_CLIENT_PORTS"; read -r -a etcd_peer <<<"$ETCD_PEER_PORTS"
read -r -a rest <<<"$REST_PORTS"; read -r -a pg <<<"$PG_PORTS"

start() { # NAME COMMAND...: background, log to DIR/NAME.log, pid to DIR/NAME.pid
    local name=$1; shift
    setsid "$@" >"$dir/$name.log" 2>&1 </dev/null &
    echo $! >"$dir/$name.pid"
}

wait_for() { # SECONDS DESCRIPTION COMMAND...
    local limit=$1 what=$2; shift 2
    for _ in $(seq $((limit * 5))); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.2
    done
    echo "timed out after ${limit}s waiting for $what" >&2
    return 1
}

primary_writable() {
    [ "$(PGPASSWORD=$SUPERUSER_PASSWORD psql -X -q -At -c "select pg_is_in_recovery()" \
        "host=127.0.0.1 port=$PRIMARY_PORT user=postgres dbname=postgres connect_timeout=2")" = f ]
}

case $cmd in
up)
    mkdir -p "$dir"; dir=$(cd "$dir" && pwd); chmod 755 "$dir"
    for f in superuser replication rewind; do
        [ -f "$dir/$f-password" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$dir/$f-password")
    done
    cluster=""
    for i in 0 1 2; do cluster+="${cluster:+,}etcd$((i + 1))=http://127.0.0.1:${etcd_peer[$i]}"; done
    for i in 0 1 2; do
        start "etcd$((i + 1))" "$LAB/etcd/etcd-member.sh" "etcd$((i + 1))" "${etcd_client[$i]}" "${etcd_peer[$i]}" \
            "$dir/etcd$((i + 1))" "$cluster"
    done
    export ETCDCTL_API=3
    wait_for 30 "etcd" etcdctl --endpoints "127.0.0.1:${etcd_client[0]}" endpoint health
    export SCOPE=stratus NODE1_PG_PORT=${pg[0]} NODE2_PG_PORT=${pg[1]} NODE3_PG_PORT=${pg[2]}
    export NODE1_REST_PORT=${rest[0]} NODE2_REST_PORT=${rest[1]} NODE3_REST_PORT=${rest[2]}
    export PRIMARY_PORT REPLICA_PORT STATS_PORT
    export ETCD_HOSTS="127.0.0.1:${etcd_client[0]},127.0.0.1:${etcd_client[1]},127.0.0.1:${etcd_client[2]}"
    SUPERUSER_PASSWORD=$(cat "$dir/superuser-password"); REPLICATION_PASSWORD=$(cat "$dir/replication-password")
    REWIND_PASSWORD=$(cat "$dir/rewind-password"); export SUPERUSER_PASSWORD REPLICATION_PASSWORD REWIND_PASSWORD
    for i in 0 1 2; do
        NAME=node$((i + 1)) REST_PORT=${rest[$i]} PG_PORT=${pg[$i]} NODE_DIR=$dir/node$((i + 1))
        export NAME REST_PORT PG_PORT NODE_DIR
        mkdir -p "$NODE_DIR"; chown postgres:postgres "$NODE_DIR"; chmod 700 "$NODE_DIR"
        envsubst <"$LAB/patroni/patroni.yml.template" >"$dir/$NAME.yml"
        chown postgres:postgres "$dir/$NAME.yml"; chmod 600 "$dir/$NAME.yml"
        start "$NAME" "$LAB/patroni/patroni-node.sh" "$dir/$NAME.yml"
    done
    envsubst <"$LAB/haproxy/haproxy-db.cfg.template" >"$dir/haproxy-db.cfg"
    haproxy -c -q -f "$dir/haproxy-db.cfg"
    start haproxy haproxy -W -db -f "$dir/haproxy-db.cfg"
    wait_for 60 "a writable leader behind HAProxy" primary_writable
    [ -f "$dir/stratus-password" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$dir/stratus-password")
    PGPASSWORD=$SUPERUSER_PASSWORD psql -X -q -v ON_ERROR_STOP=1 -v password="$(cat "$dir/stratus-password")" \
        -f "$LAB/patroni/stratus-database.sql" "host=127.0.0.1 port=$PRIMARY_PORT user=postgres dbname=postgres"
    patronictl -c "$dir/node1.yml" list
    echo "Stratus: STRATUS_DB_URL=jdbc:postgresql://127.0.0.1:$PRIMARY_PORT/stratus STRATUS_DB_USER=stratus" \
        "STRATUS_DB_PASSWORD=\$(cat $dir/stratus-password)"
    ;;
status)
    patronictl -c "$dir/node1.yml" list
    ;;
down)
    dir=$(cd "$dir" && pwd)
    for f in "$dir"/*.pid; do
        [ -f "$f" ] || continue
        kill -KILL -- "-$(cat "$f")" 2>/dev/null || true   # each daemon's process group (started with setsid)
        rm -f "$f"
    done
    # Patroni starts PostgreSQL in a session of its own, and a start already under way when Patroni died still
    # completes: so, twice, kill whatever still runs from this lab's folder (postmasters run with -D DIR/nodeN/data).
    for _ in 1 2; do
        sleep 1
        for proc in /proc/[0-9]*; do
            cmd=$({ tr '\0' ' ' <"$proc/cmdline"; } 2>/dev/null) || continue
            if [[ $cmd == *"$dir/"* && $cmd != *db-lab.sh* ]]; then
                kill -KILL "${proc#/proc/}" 2>/dev/null || true
            fi
        done
    done
    ;;
*)
    echo "unknown command $cmd (up, status, down)" >&2
    exit 2
    ;;
esac
