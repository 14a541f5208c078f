#!/usr/bin/env bash
# Installs the packages the finished-clip tests read their output back with, from Debian (run as
# root, or with sudo). clipstream itself needs none of them; without them those tests skip and say
# why.
#   tesseract-ocr   reads the burned-in captions back from rendered frames
#   chromium        opens report.html headless and takes a screenshot of it
#   ffmpeg          its ebur128 filter cross-checks clipstream's own loudness meter
set -euo pipefail
packages=(tesseract-ocr chromium ffmpeg)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "render test packages already installed"
  exit 0
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
