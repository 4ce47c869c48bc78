#!/usr/bin/env bash
# Stops the Compose cluster and removes what it ran: the silos, PostgreSQL, and the pod containers
# its node agents created. Pod containers are not Compose's: they outlive a silo on purpose, so that
# a restarted silo adopts them, and so `docker-compose down` alone leaves them running. Cluster state
# (the PostgreSQL volume) stays for the next `up` unless -v is given, as with docker-compose down.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DOCKER=/usr/bin/docker
compose() { docker-compose -f "$HERE/docker-compose.yml" "$@"; }

# Node names, as silo-entrypoint.sh gives them: the service's --node-name, or worker-<container id>.
nodes=()
for id in $(compose ps -q); do
  service=$($DOCKER inspect -f '{{index .Config.Labels "com.docker.compose.service"}}' "$id")
  case $service in
    postgres) ;;
    worker) nodes+=("worker-${id:0:12}") ;;
    *) nodes+=("$service") ;;
  esac
done
compose down "$@"
for node in "${nodes[@]}"; do
  pods=$($DOCKER ps -aq --filter "label=okube.node=$node")
  [[ -z $pods ]] || $DOCKER rm -f $pods >/dev/null
done
