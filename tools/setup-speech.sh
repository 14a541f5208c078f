#!/usr/bin/env bash
# Installs clipstream's optional speech test and demo packages from Debian (run as root, or with
# sudo). Speech recognition itself needs none of them: the Vosk recogniser and its model come from
# Maven Central with the build.
#   espeak-ng       speaks `clipstream demo`'s talk and the speech fixtures of the tests and
#                   `clipstream bench speech`
#   python3-torch   builds the tiny Whisper the tests load (tools/whisper-export.py)
set -euo pipefail
packages=(espeak-ng python3-torch)
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
