#!/usr/bin/env bash
# Makes sure the servers the shared-service tests run are installed: redis-server (queue, shared quota,
# translation memory) and PostgreSQL (ledger). Tests start their own throwaway instances on loopback
# (redis-server without persistence, a cluster made with initdb in a temporary directory); this script
# never starts or enables a system service.
# Idempotent: does nothing when both are present. Installs with apt-get when run as root, or through
# `sudo -n` when passwordless sudo is available; otherwise prints the exact command and exits 1.
#
# Usage: bash scripts/service/ensure-servers.sh
set -euo pipefail

packages=(redis-server postgresql)

find_postgres_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/initdb" && -x "$dir/postgres" ]] && { printf '%s\n' "$dir"; return 0; }
  done
  return 1
}

is_ready() {
  command -v redis-server >/dev/null 2>&1 && find_postgres_bin >/dev/null
}

if is_ready; then
  echo "Servers are ready: $(command -v redis-server), $(find_postgres_bin)"
  exit 0
fi

install_command="apt-get update && apt-get install -y --no-install-recommends ${packages[*]}"

if [[ "$(id -u)" -eq 0 ]]; then
  runner=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  runner=(sudo -n)
else
  echo "Missing redis-server or PostgreSQL. This user cannot install them (not root, and no passwordless sudo)." >&2
  echo "Run as root:  $install_command" >&2
  exit 1
fi

echo "Installing ${packages[*]} ..."
export DEBIAN_FRONTEND=noninteractive
# policy-rc.d exit 101 keeps the packages' postinst scripts from starting system services.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [[ ! -e "$policy" ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${runner[@]}" tee "$policy" >/dev/null
  "${runner[@]}" chmod 755 "$policy"
  created_policy=1
fi
cleanup() { if [[ "$created_policy" -eq 1 ]]; then "${runner[@]}" rm -f "$policy"; fi; }
trap cleanup EXIT
if ! "${runner[@]}" apt-get install -y --no-install-recommends "${packages[@]}"; then
  "${runner[@]}" apt-get update
  "${runner[@]}" apt-get install -y --no-install-recommends "${packages[@]}"
fi

if ! is_ready; then
  echo "redis-server or PostgreSQL is still not usable after installing." >&2
  exit 1
fi
echo "Servers are ready: $(command -v redis-server), $(find_postgres_bin)"
