#!/usr/bin/env bash
# Makes sure the offline transcription stack is installed: ffmpeg/ffprobe (media), PocketSphinx 0.8 with
# the US English model (the offline engine), and flite (speech for tests and the demo).
# Idempotent: does nothing when all are present. Installs with apt-get when run as root, or through
# `sudo -n` when passwordless sudo is available; otherwise prints the exact command and exits 1.
#
# Usage: bash scripts/transcribe/ensure-engines.sh
set -euo pipefail

packages=(ffmpeg pocketsphinx pocketsphinx-en-us flite)
programs=(/usr/bin/ffmpeg /usr/bin/ffprobe /usr/bin/pocketsphinx_continuous /usr/bin/flite)
model=/usr/share/pocketsphinx/model/en-us/en-us

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
  local program
  for program in "${programs[@]}"; do [[ -x "$program" ]] || return 1; done
  [[ -d "$model" && -z "$(missing_packages)" ]]
}

if is_ready; then
  echo "Transcription engines are ready: ${programs[*]}, $model"
  exit 0
fi

install_command="apt-get update && apt-get install -y --no-install-recommends ${packages[*]}"

if [[ "$(id -u)" -eq 0 ]]; then
  runner=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  runner=(sudo -n)
else
  echo "Missing transcription packages: $(missing_packages | paste -sd ' ')." >&2
  echo "This user cannot install them (not root, and no passwordless sudo)." >&2
  echo "Run as root:  $install_command" >&2
  exit 1
fi

echo "Installing ${packages[*]} ..."
export DEBIAN_FRONTEND=noninteractive
# Install straight away when the package lists are fresh enough; refresh them only if that fails.
if ! "${runner[@]}" apt-get install -y --no-install-recommends "${packages[@]}"; then
  "${runner[@]}" apt-get update
  "${runner[@]}" apt-get install -y --no-install-recommends "${packages[@]}"
fi

if ! is_ready; then
  echo "The transcription engines are still not usable after installing: expected ${programs[*]} and $model." >&2
  exit 1
fi
echo "Transcription engines are ready: ${programs[*]}, $model"
