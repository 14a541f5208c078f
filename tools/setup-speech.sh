#!/usr/bin/env bash
# Installs clipstream's optional speech packages from Debian (run as root, or with sudo):
#   pocketsphinx, pocketsphinx-en-us  the offline recogniser and its US English model (engine pocketsphinx)
#   espeak-ng                         speaks the speech fixtures the tests and `clipstream bench speech` use
#   python3-torch                     builds the tiny Whisper the tests load (tools/whisper-export.py)
set -euo pipefail
packages=(pocketsphinx pocketsphinx-en-us espeak-ng python3-torch)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "speech packages already installed"
  exit 0
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
