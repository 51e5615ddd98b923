#!/usr/bin/env bash
# Resident memory of the windowed app over a long run under Xvfb (issue 9): arrive at a vitrine, inspect the piece
# in it (a click where the piece stands), turn it, go back (Esc), over and over for the first 40% of the run, then
# the guided tour (G) to the end; the process's resident memory is written every 10 s. Needs Debian's xvfb, xdotool and imagemagick, and a built
# `vitrine` (cargo xtask run -- --help builds it).
#
#   xtask/bench/window_memory.sh [MINUTES] [OUT_DIR]      (default 10 minutes, out/window-memory)
#
# Prints the resident memory at 1 minute and at the end, and leaves memory.csv and screenshots of each step in
# OUT_DIR, to look at (a click that missed the piece shows the shopper walking instead of inspecting).
set -euo pipefail
minutes=${1:-10}
out=${2:-out/window-memory}
root=$(cd "$(dirname "$0")/../.." && pwd)
target=${CARGO_TARGET_DIR:-/var/tmp/vitrine-target}
vitrine=${VITRINE:-$target/debug/vitrine}
[ -x "$vitrine" ] || { echo "no $vitrine: build it first (cargo xtask run -- --help)" >&2; exit 2; }
mkdir -p "$out"
display=:97
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$app" "$xvfb" 2>/dev/null || true' EXIT
sleep 2
export DISPLAY=$display
"$vitrine" --assets "$root/assets" --at vitrine >"$out/vitrine.log" 2>&1 &
app=$!
start=$(date +%s)
echo "seconds,resident_mib" >"$out/memory.csv"
rss_mib() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$app/status"; }
elapsed() { echo $(($(date +%s) - start)); }
sample() { echo "$(elapsed),$(rss_mib)" >>"$out/memory.csv"; }
shot() { import -window root "$out/$1.png" 2>/dev/null || true; }
# Waits `seconds`, sampling memory every 10 s, and stops when the run is over.
wait_sampling() {
  local until=$(($(elapsed) + $1))
  while [ "$(elapsed)" -lt "$until" ]; do
    kill -0 "$app" 2>/dev/null || { echo "vitrine exited early; see $out/vitrine.log" >&2; exit 1; }
    sample
    [ "$(elapsed)" -ge $((minutes * 60)) ] && return 1
    sleep 10
  done
}
# Where the piece stands in the `vitrine` view at 1280×800 (the solitaire's setting: a click on its cushion would walk there instead).
piece_x=${PIECE_X:-630}
piece_y=${PIECE_Y:-305}
round=0
wait_sampling 45 || true
# With no window manager, keys go to the focused window: give it the focus (and raise it) once it exists.
window=$(xdotool search --sync --name '^Vitrine$' | head -1)
xdotool windowactivate --sync "$window" 2>/dev/null || xdotool windowfocus --sync "$window"
xdotool mousemove --window "$window" 10 10
# Inspections for the first 40% of the run (each comes back to the same spot in front of the vitrine) ...
while [ "$(elapsed)" -lt $((minutes * 60 * 2 / 5)) ]; do
  round=$((round + 1))
  shot "round$round-arrived"
  xdotool mousemove "$piece_x" "$piece_y"
  wait_sampling 8 || break
  xdotool mousedown 1
  wait_sampling 4 || break
  xdotool mouseup 1
  wait_sampling 25 || break
  shot "round$round-inspecting"
  # Turn the piece: a slow drag across the window.
  xdotool mousedown 1
  for step in 1 2 3 4 5 6; do xdotool mousemove $((piece_x + step * 30)) "$piece_y"; sleep 2; done
  xdotool mouseup 1
  wait_sampling 20 || break
  xdotool key Escape
  wait_sampling 20 || break
  shot "round$round-back"
done
# ... then the guided tour to the end (under lavapipe a frame takes seconds, so the tour outlasts the run).
xdotool key g
while wait_sampling 60; do shot "tour-$(elapsed)s"; done
sample
at_one=$(awk -F, 'NR > 1 && $1 >= 60 {print $2; exit}' "$out/memory.csv")
at_end=$(tail -1 "$out/memory.csv" | cut -d, -f2)
echo "window: resident memory ${at_one} MiB at 1 minute and ${at_end} MiB at $(elapsed) s ($round inspections, then the tour); $out/memory.csv"
