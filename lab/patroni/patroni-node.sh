#!/bin/sh
# Runs one Patroni node in the foreground as the postgres user (PostgreSQL refuses to run as root). Single source
# for the lab (lab/db-lab.sh) and the failover test (PatroniFailoverTest).
#
#   patroni-node.sh CONFIG                     CONFIG: a rendered patroni.yml.template; NODE_DIR owned by postgres
#   patroni-node.sh --validate-config CONFIG   Patroni's own checks of CONFIG, then exit (1 on complaints)
#
# setpriv execs patroni in place, so this script's process id is Patroni's. Patroni starts the postmaster in a
# separate session (it survives Patroni): to kill a node, kill Patroni and the pid in NODE_DIR/data/postmaster.pid.
set -eu
if [ $# -lt 1 ]; then
    echo "usage: $0 [--validate-config] CONFIG" >&2
    exit 2
fi
if [ "$(id -u)" -eq 0 ]; then
    exec env HOME=/var/lib/postgresql setpriv --reuid=postgres --regid=postgres --init-groups patroni "$@"
fi
exec patroni "$@"
