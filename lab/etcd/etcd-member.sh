#!/bin/sh
# Starts one member of the lab's 3-member etcd cluster (Patroni's DCS) in the foreground, on 127.0.0.1 only.
# Single source of the etcd flags for the lab (lab/db-lab.sh) and the failover test (PatroniFailoverTest).
#
#   etcd-member.sh NAME CLIENT_PORT PEER_PORT DATA_DIR INITIAL_CLUSTER
#   INITIAL_CLUSTER: every member as NAME=http://127.0.0.1:PEER_PORT, comma-separated (the same on each member)
#
# etcd 3.4 (Debian 12) serves only the v3 API by default: Patroni must use its etcd3: section.
# The cluster token is derived from the member list so that two labs on one machine never join each other.
set -eu
if [ $# -ne 5 ]; then
    echo "usage: $0 NAME CLIENT_PORT PEER_PORT DATA_DIR INITIAL_CLUSTER" >&2
    exit 2
fi
name=$1 client_port=$2 peer_port=$3 data_dir=$4 initial_cluster=$5
token=stratus-$(printf '%s' "$initial_cluster" | cksum | cut -d' ' -f1)
exec etcd \
    --name "$name" \
    --data-dir "$data_dir" \
    --listen-client-urls "http://127.0.0.1:$client_port" \
    --advertise-client-urls "http://127.0.0.1:$client_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "$initial_cluster" \
    --initial-cluster-state new \
    --initial-cluster-token "$token" \
    --heartbeat-interval 100 \
    --election-timeout 1000 \
    --logger zap \
    --log-outputs stderr
