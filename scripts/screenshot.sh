#!/usr/bin/env bash
# Capture the real screen of the release binary in tmux into docs/screen.txt (used in README).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
session="ir-shot-$$"
tmux new-session -d -s "$session" -x 110 -y 34 "./target/release/interview-reader"
trap 'tmux kill-session -t "$session" 2>/dev/null || true' EXIT
sleep 0.5
tmux send-keys -t "$session" ']' '2'
sleep 0.4
tmux capture-pane -p -t "$session" > docs/screen.txt
echo "wrote docs/screen.txt"
