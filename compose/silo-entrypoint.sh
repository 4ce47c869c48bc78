#!/bin/sh
# Starts okube-silo with the arguments the Compose service gives. A service that names no node
# (the scalable `worker`) gets a node name and ports derived from its container id, so each
# replica is a node of its own on the shared host network.
set -e
case " $* " in
  *" --node-name "*) exec /app/okube-silo "$@" ;;
esac
id=$(sed -n 's|.*/docker[/-]\([0-9a-f]\{12\}\).*|\1|p' /proc/self/cgroup | head -n 1)
[ -n "$id" ] || id=$(cut -c1-12 /proc/sys/kernel/random/uuid | tr -d -)
slot=$(( 0x$(echo "$id" | cut -c1-4) % 4000 ))
exec /app/okube-silo --node-name "worker-$id" --silo-port $((12000 + slot)) --gateway-port $((22000 + slot)) "$@"
