#!/usr/bin/env bash
# Makes sure the offline Apertium engine is installed: the APY HTTP server and the Spanish↔English pair.
# Idempotent: does nothing when both are present. Installs with apt-get when run as root, or through
# `sudo -n` when passwordless sudo is available; otherwise prints the exact command and exits 1.
#
# Usage: bash scripts/apertium/ensure-apertium.sh
# Extra pairs can be listed in APERTIUM_PACKAGES (space separated), e.g.
#   APERTIUM_PACKAGES="apertium-eng-cat" bash scripts/apertium/ensure-apertium.sh
set -euo pipefail

apy_binary=/usr/bin/apertium-apy
modes_directory=/usr/share/apertium/modes
required_mode="$modes_directory/spa-eng.mode"
packages=(apertium-apy apertium-eng-spa)
if [[ -n "${APERTIUM_PACKAGES:-}" ]]; then
  # Word splitting is wanted here: the variable is a space-separated list of package names.
  # shellcheck disable=SC2206
  packages+=(${APERTIUM_PACKAGES})
fi

missing_packages() {
  local package
  for package in "${packages[@]}"; do
    # dpkg-query prints "install ok installed" only for a fully installed package.
    if [[ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)" != "install ok installed" ]]; then
      printf '%s\n' "$package"
    fi
  done
}

is_ready() {
  [[ -x "$apy_binary" && -f "$required_mode" && -z "$(missing_packages)" ]]
}

if is_ready; then
  echo "Apertium is ready: $apy_binary, $required_mode"
  exit 0
fi

install_command="apt-get update && apt-get install -y ${packages[*]}"

if [[ "$(id -u)" -eq 0 ]]; then
  runner=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  runner=(sudo -n)
else
  echo "Missing Apertium packages: $(missing_packages | paste -sd ' ')." >&2
  echo "This user cannot install them (not root, and no passwordless sudo)." >&2
  echo "Run as root:  $install_command" >&2
  exit 1
fi

echo "Installing ${packages[*]} ..."
export DEBIAN_FRONTEND=noninteractive
# Install straight away when the package lists are fresh enough; refresh them only if that fails.
if ! "${runner[@]}" apt-get install -y "${packages[@]}"; then
  "${runner[@]}" apt-get update
  "${runner[@]}" apt-get install -y "${packages[@]}"
fi

if ! is_ready; then
  echo "Apertium is still not usable after installing: expected $apy_binary and $required_mode." >&2
  exit 1
fi
echo "Apertium is ready: $apy_binary, $required_mode"
