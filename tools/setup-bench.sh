#!/usr/bin/env bash
# Installs what `clipstream bench scenes` compares against: Debian's ffmpeg (its full decode is the
# reference, and it makes the x264 copy and the hour-long probe file). clipstream itself never runs
# ffmpeg; without it the benchmark skips the whole-process comparison and says so.
set -euo pipefail
if command -v ffmpeg >/dev/null; then
  echo "ffmpeg already installed: $(command -v ffmpeg)"
  exit 0
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends ffmpeg
