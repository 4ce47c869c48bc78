#!/usr/bin/env bash
# Builds the two images compose/docker-compose.yml runs, from what this machine has (nothing is
# pulled): okube/silo:local (the silo published self-contained, plus busybox for its entrypoint and
# nsenter/iptables-restore for the pod network)
# and okube/postgres:15-local (Debian's PostgreSQL 15 binaries). Each image is an empty root
# holding the files and the shared libraries `ldd` lists for them, imported with `docker import`.
# Also creates compose/.state (the Secret encryption key every silo shares, and the PostgreSQL
# password) on first use. Run as root; needs dotnet, docker, postgresql-15 and busybox-static.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
DOCKER=/usr/bin/docker
PG_VERSION=15
log() { printf 'compose: %s\n' "$*" >&2; }

# copy_with_libs ROOTFS FILE...: the files, and every shared library they load, at their own paths.
copy_with_libs() {
  local rootfs=$1; shift
  local lib
  for lib in $(ldd "$@" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $1 !~ /:$/ { print $1 }' | sort -u); do
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
  done
}

import_image() { # import_image ROOTFS TAG DOCKERFILE-CHANGES...
  local rootfs=$1 tag=$2; shift 2
  local changes=()
  for change in "$@"; do changes+=(-c "$change"); done
  tar -C "$rootfs" -c . | $DOCKER import "${changes[@]}" - "$tag" >/dev/null
  log "built $tag ($($DOCKER image inspect -f '{{.Size}}' "$tag" | awk '{ printf "%d MB", $1 / 1000000 }'))"
}

add_busybox() { # the statically linked busybox, with the applets the entrypoints use
  mkdir -p "$1/bin"
  cp /bin/busybox "$1/bin/busybox"
  for applet in sh cat cut mkdir sleep test [ env head sed tr; do ln -sf busybox "$1/bin/$applet"; done
}

# The node agent enters each pod's network namespace (nsenter) and loads its redirect rules there
# (iptables-restore, the host's nft backend with the xtables match and target plugins it dlopens).
add_pod_network_tools() {
  local rootfs=$1 xtables=/usr/lib/x86_64-linux-gnu/xtables
  mkdir -p "$rootfs/usr/bin" "$rootfs/usr/sbin" "$rootfs$xtables"
  cp /usr/bin/nsenter "$rootfs/usr/bin/"
  cp "$(readlink -f /usr/sbin/iptables-restore)" "$rootfs/usr/sbin/"
  ln -sf "$(basename "$(readlink -f /usr/sbin/iptables-restore)")" "$rootfs/usr/sbin/iptables-restore"
  cp "$xtables"/*.so "$rootfs$xtables/"
  copy_with_libs "$rootfs" /usr/bin/nsenter "$(readlink -f /usr/sbin/iptables-restore)" "$xtables"/*.so
}

build_silo() {
  local rootfs; rootfs="$(mktemp -d)"
  log "publishing the silo (self-contained, linux-x64)"
  dotnet publish "$ROOT/silo/Orleans.Kube.Silo" -c Release -r linux-x64 --self-contained \
    -p:InvariantGlobalization=true -o "$rootfs/app" -v quiet -nologo >"$HERE/.state/publish.log" 2>&1 ||
    { tail -20 "$HERE/.state/publish.log"; exit 1; }
  copy_with_libs "$rootfs" "$rootfs/app/okube-silo" "$rootfs"/app/*.so
  # .NET loads OpenSSL and ICU-free globalization at run time (dlopen), which ldd does not show.
  for lib in /usr/lib/x86_64-linux-gnu/libssl.so.3 /usr/lib/x86_64-linux-gnu/libcrypto.so.3; do
    [[ -f $lib ]] && { mkdir -p "$rootfs$(dirname "$lib")"; cp -L "$lib" "$rootfs$lib"; }
  done
  # The cluster CA, admin certificate and token key every silo and compose/kubeconfig share.
  "$rootfs/app/okube-silo" pki "$HERE/.state/pki"
  add_busybox "$rootfs"
  add_pod_network_tools "$rootfs"
  mkdir -p "$rootfs/tmp" "$rootfs/etc" "$rootfs/run"
  chmod 1777 "$rootfs/tmp"
  cp "$HERE/silo-entrypoint.sh" "$rootfs/entrypoint.sh"
  chmod 755 "$rootfs/entrypoint.sh"
  import_image "$rootfs" okube/silo:local 'ENTRYPOINT ["/entrypoint.sh"]' 'WORKDIR /app' 'ENV PATH=/bin:/usr/bin:/usr/sbin:/app'
  rm -rf "$rootfs"
}

build_postgres() {
  local rootfs; rootfs="$(mktemp -d)"
  local lib=/usr/lib/postgresql/$PG_VERSION share=/usr/share/postgresql/$PG_VERSION
  mkdir -p "$rootfs$lib" "$rootfs$share" "$rootfs/etc" "$rootfs/tmp" "$rootfs/var/run/postgresql" "$rootfs/var/lib/postgresql/data"
  cp -a "$lib/." "$rootfs$lib/"
  cp -aL "$share/." "$rootfs$share/"
  copy_with_libs "$rootfs" "$lib"/bin/* $(find "$lib/lib" -name '*.so')
  # initdb needs the timezone database and a user to run as (PostgreSQL refuses root).
  [[ -d /usr/share/zoneinfo ]] && { mkdir -p "$rootfs/usr/share"; cp -a /usr/share/zoneinfo "$rootfs/usr/share/"; }
  printf 'root:x:0:0::/:/bin/sh\npostgres:x:999:999::/var/lib/postgresql:/bin/sh\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\npostgres:x:999:\n' >"$rootfs/etc/group"
  chown -R 999:999 "$rootfs/var/lib/postgresql" "$rootfs/var/run/postgresql"
  chmod 700 "$rootfs/var/lib/postgresql/data"
  chmod 1777 "$rootfs/tmp"
  add_busybox "$rootfs"
  cp "$HERE/postgres-entrypoint.sh" "$rootfs/entrypoint.sh"
  cp "$HERE/postgres-owner.sql" "$rootfs/postgres-owner.sql"
  chmod 755 "$rootfs/entrypoint.sh"
  import_image "$rootfs" okube/postgres:15-local 'ENTRYPOINT ["/entrypoint.sh"]' "ENV PATH=/bin:$lib/bin" 'ENV LANG=C'
  rm -rf "$rootfs"
}

ensure_state() {
  mkdir -p "$HERE/.state"
  chmod 700 "$HERE/.state"
  [[ -s $HERE/.state/secret-encryption.key ]] || (umask 077; head -c 32 /dev/urandom | base64 >"$HERE/.state/secret-encryption.key")
  # The superuser's password (PostgreSQL's own use) and the silos' role okube's.
  local file
  for file in postgres-password postgres-silo-password; do
    [[ -s $HERE/.state/$file ]] || (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$HERE/.state/$file")
  done
  # docker-compose reads .env beside the file: the passwords go to PostgreSQL and into the silos' connection strings.
  (umask 077; printf 'OKUBE_PG_PASSWORD=%s\nOKUBE_PG_SILO_PASSWORD=%s\n' \
    "$(cat "$HERE/.state/postgres-password")" "$(cat "$HERE/.state/postgres-silo-password")" >"$HERE/.env")
}

ensure_state
case "${1:-all}" in
  silo) build_silo ;;
  postgres) build_postgres ;;
  all) build_postgres; build_silo ;;
  *) echo "usage: $0 [all|silo|postgres]" >&2; exit 2 ;;
esac
