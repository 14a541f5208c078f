#!/usr/bin/env bash
# Writes the tiny format samples that clipstream's encoders (JavaCV's LGPL FFmpeg build) cannot
# produce: H.264 High with B-frames (x264), H.264 High 10, HEVC and a file with two audio tracks.
# They are checked in under operators/src/test/resources/formats/; run this only to remake them.
# Needs Debian's ffmpeg (apt-get install ffmpeg). Every sample is 6 s at 25 fps: 3 s of testsrc2,
# a hard cut at frame 75 to SMPTE bars, and a 180 Hz tone voiced 0-2 s and 3-5 s.
set -euo pipefail
OUT="${1:-$(cd "$(dirname "$0")/.." && pwd)/operators/src/test/resources/formats}"
mkdir -p "$OUT"
V='testsrc2=s=192x108:r=25:d=3,format=yuv420p[v0];smptebars=s=192x108:r=25:d=3,format=yuv420p[v1];[v0][v1]concat=n=2:v=1:a=0[v]'
tone() { echo "aevalsrc='0.3*sin(2*PI*$1*t)*lt(mod(t,3),2)':s=44100:d=6"; }
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }
ff -filter_complex "$V" -f lavfi -i "$(tone 180)" -map '[v]' -map 0:a \
   -c:v libx264 -profile:v high -bf 3 -g 50 -c:a aac -b:a 48k "$OUT/h264-bframes.mp4"
ff -filter_complex "$V;[v]format=yuv420p10le[v10]" -f lavfi -i "$(tone 180)" -map '[v10]' -map 0:a \
   -c:v libx264 -profile:v high10 -g 50 -c:a aac -b:a 48k "$OUT/h264-10bit.mp4"
ff -filter_complex "$V" -f lavfi -i "$(tone 180)" -map '[v]' -map 0:a \
   -c:v libx265 -x265-params log-level=error:keyint=50 -tag:v hvc1 -c:a aac -b:a 48k "$OUT/hevc.mp4"
ff -filter_complex "$V" -f lavfi -i "$(tone 180)" -f lavfi -i "$(tone 330)" -map '[v]' -map 0:a -map 1:a \
   -c:v libx264 -g 50 -c:a aac -b:a 48k -metadata:s:a:0 language=eng -metadata:s:a:1 language=deu \
   "$OUT/two-audio-tracks.mkv"
ls -l "$OUT"
