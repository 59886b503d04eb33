#!/usr/bin/env bash
# SPEC §8 side by side, in one run on the same files: wc -w, grep -c and `less +G` (in tmux)
# against interview-reader, printed as the ratios of the spec's table.
#
#   bench/compare.sh [SIZE]        # SIZE of the generated transcript, default 100M
#
# Needs tmux and /usr/bin/time (GNU). Times are wall-clock, best of three; the screen is
# polled every 10 ms, which bounds the precision of the tmux measurements.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-100M}
OUT=bench/out
mkdir -p "$OUT"
BIG="$OUT/hearing-$SIZE.txt"
SMALL=assets/stone-putin-interview-episode4.txt
BIN=$OUT/interview-reader-bench

cargo build --release --quiet
cp target/release/interview-reader "$BIN" # a rebuild during the run cannot change what is timed
[ -f "$BIG" ] || cargo run --release --quiet --example gen_transcript -- "$SIZE" "$BIG"
# The same hearing off the lexicon, as most real hearings are, so that its topics are derived
# from its own text: the bundled lexicon's words spelt otherwise, and half the longer words
# given one of 26 endings (the generator's few words are each in too many quotes to name a
# topic). awk's generator has a fixed seed: the same file on the same machine.
OFF="$OUT/hearing-$SIZE-off-lexicon.txt"
if [ ! -f "$OFF" ]; then
  sed -E 's/(history|security|election|relations|future|defence|threat|hope|victory|intelligence|partner|sanction)/x\1/g' "$BIG" |
    awk 'BEGIN { srand(7) }
      { n = split($0, w, " "); out = ""
        for (i = 1; i <= n; i++) {
          x = w[i]
          if (x ~ /^[a-z][a-z][a-z][a-z]+$/ && rand() < 0.5) x = x sprintf("%c", 97 + int(rand() * 26))
          out = (i > 1 ? out " " x : x)
        }
        print out }' >"$OFF"
fi
# The same hearing as plain text, as most transcripts come: its `#` headings written as
# lines of their own, which the plain-text reader takes for headings.
PLAIN="$OUT/hearing-$SIZE-plain.txt"
[ -f "$PLAIN" ] || sed -E 's/^#+ //' "$BIG" >"$PLAIN"
cat "$BIG" "$OFF" "$PLAIN" >/dev/null # warm the page cache for everyone alike

now() { date +%s.%N; }
best() { sort -g | head -1; }

# Seconds a command takes, best of three.
time_cmd() {
  for _ in 1 2 3; do
    local s e
    s=$(now)
    "$@" >/dev/null 2>&1 || true
    e=$(now)
    echo "$e - $s" | bc
  done | best
}

# Seconds two commands take, best of five each, run in turn (A, B, A, B, …) so that a
# machine whose load changes during the run weighs on both alike; prints "A B".
time_pair() {
  local a=$1 b=$2 s e ta=() tb=()
  for _ in 1 2 3 4 5; do
    s=$(now)
    $a >/dev/null 2>&1 || true
    e=$(now)
    ta+=("$(echo "$e - $s" | bc)")
    s=$(now)
    $b >/dev/null 2>&1 || true
    e=$(now)
    tb+=("$(echo "$e - $s" | bc)")
  done
  echo "$(printf '%s\n' "${ta[@]}" | best) $(printf '%s\n' "${tb[@]}" | best)"
}

SESSION="ir-bench-$$"
tmux_start() { tmux new-session -d -x 120 -y 40 -s "$SESSION" "$1"; }
tmux_stop() { tmux kill-session -t "$SESSION" 2>/dev/null || true; }
trap tmux_stop EXIT

# Wait until the screen shows a line matching $1; prints the seconds waited (limit 120 s).
wait_screen() {
  local s=$1 start
  start=$(now)
  until tmux capture-pane -p -t "$SESSION" 2>/dev/null | grep -q -- "$s"; do
    sleep 0.01
    if [ "$(echo "$(now) - $start > 120" | bc)" = 1 ]; then break; fi
  done
  echo "$(now) - $start" | bc
}

# Wait until the reader has indexed the whole document (its status line stops saying so).
wait_indexed() {
  wait_screen "? help" >/dev/null
  while tmux capture-pane -p -t "$SESSION" 2>/dev/null | grep -q "indexing the whole"; do
    sleep 0.05
  done
}

# Seconds from starting $1 in tmux until the screen matches $2, best of three.
time_first_screen() {
  for _ in 1 2 3; do
    tmux_stop
    local s
    s=$(now)
    tmux_start "$1"
    local waited
    waited=$(wait_screen "$2")
    echo "$(now) - $s" | bc
    : "$waited"
    tmux_stop
  done | best
}

# Seconds from a key to the screen matching $3, in a reader already open on $1.
time_key() {
  local file=$1 key=$2 expect=$3
  for _ in 1 2 3; do
    tmux_stop
    tmux_start "$BIN $file"
    wait_indexed
    sleep 0.3
    local s
    s=$(now)
    tmux send-keys -t "$SESSION" "$key"
    wait_screen "$expect" >/dev/null
    echo "$(now) - $s" | bc
    tmux_stop
  done | best
}

peak_rss_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

bytes=$(stat -c %s "$BIG")
wc_w=$(time_cmd wc -w "$BIG")
grep_c=$(time_cmd grep -c zqxjkv "$BIG")
less_g=$(time_first_screen "less +G $BIG" "(END)")
first=$(time_first_screen "$BIN $BIG" "? help")
g_big=$(time_key "$BIG" G "100%")
g_small=$(time_key "$SMALL" G "100%")
sec_big=$(time_key "$BIG" "]" "§ 2/")
sec_small=$(time_key "$SMALL" "]" "§ 2/")
# The reader's own search: `/` then the query, typed at once (a search per key, so this
# counts six passes over the text against grep's one).
search_big=$(time_key "$BIG" "/zqxjkv" "zqxjkv. no matches")
search=$(echo "$search_big" | bc)
index=$(time_first_screen "$BIN $BIG" "^ § ")
# The export against `wc -w` in turn: the ratio the goal is about.
read -r json_wc_w json < <(time_pair "wc -w $BIG" "$BIN quotes --format json $BIG")
rss=$(peak_rss_kb "$BIN" quotes --format json "$BIG")
# wc -w's own speed depends on the locale it runs in (with no LANG set, as in many CI
# containers, it takes the POSIX one): shown for scale, the goal is judged on the row above.
locale_now=$(locale 2>/dev/null | sed -n 's/^LC_CTYPE="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p')
read -r c_wc_w c_json < <(time_pair "env LC_ALL=C wc -w $BIG" "$BIN quotes --format json $BIG")
# The export written to a file rather than thrown away: the JSON is over twice the text (a
# turn and the quotes inside it each carry their words), and the kernel copies all of it.
TO_FILE="$OUT/export-to-file.sh"
printf '#!/bin/sh\nexec "%s" quotes --format json "%s" > "%s"\n' "$BIN" "$BIG" "$OUT/export.json" >"$TO_FILE"
chmod +x "$TO_FILE"
read -r file_wc_w file_json < <(time_pair "wc -w $BIG" "$TO_FILE")
json_mb=$(($(stat -c %s "$OUT/export.json") / 1048576))
rm -f "$OUT/export.json" "$TO_FILE"
off_bytes=$(stat -c %s "$OFF")
read -r off_wc_w off_json < <(time_pair "wc -w $OFF" "$BIN quotes --format json $OFF")
off_rss=$(peak_rss_kb "$BIN" quotes --format json "$OFF")
plain_bytes=$(stat -c %s "$PLAIN")
read -r plain_wc_w plain_json < <(time_pair "wc -w $PLAIN" "$BIN quotes --format json $PLAIN")
plain_rss=$(peak_rss_kb "$BIN" quotes --format json "$PLAIN")

ratio() { echo "scale=2; $1 / $2" | bc; }
cat <<EOF
# interview-reader vs wc/grep/less — $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m)
file: $BIG ($((bytes / 1048576)) MB)

| measure | program | reference | ratio | goal |
|---|---|---|---|---|
| open → first frame ÷ wc -w | ${first}s | ${wc_w}s | $(ratio "$first" "$wc_w") | ≤ 0.5 |
| (open → whole document indexed ÷ wc -w) | ${index}s | ${wc_w}s | $(ratio "$index" "$wc_w") | — |
| (less +G to its last page, for scale) | ${first}s | ${less_g}s | $(ratio "$first" "$less_g") | — |
| key → frame, G (100 MB ÷ 5 KB) | ${g_big}s | ${g_small}s | $(ratio "$g_big" "$g_small") | ≤ 1.5 |
| key → frame, ] (100 MB ÷ 5 KB) | ${sec_big}s | ${sec_small}s | $(ratio "$sec_big" "$sec_small") | ≤ 1.5 |
| search, no hit ÷ grep -c | ${search}s | ${grep_c}s | $(ratio "$search" "$grep_c") | ≤ 5 |
| peak RSS ÷ file size | $((rss / 1024)) MB | $((bytes / 1048576)) MB | $(ratio "$rss" "$((bytes / 1024))") | ≤ 1.5 |
| quotes --format json ÷ wc -w (run in turn; LC_CTYPE ${locale_now:-unknown}) | ${json}s | ${json_wc_w}s | $(ratio "$json" "$json_wc_w") | ≤ 1 |
| (the same ÷ wc -w in the C locale, for scale) | ${c_json}s | ${c_wc_w}s | $(ratio "$c_json" "$c_wc_w") | — |
| (the same written to a file, ${json_mb} MB, ÷ wc -w, for scale) | ${file_json}s | ${file_wc_w}s | $(ratio "$file_json" "$file_wc_w") | — |
| off the lexicon (topics derived): quotes --format json ÷ wc -w | ${off_json}s | ${off_wc_w}s | $(ratio "$off_json" "$off_wc_w") | ≤ 1 |
| off the lexicon: peak RSS ÷ file size | $((off_rss / 1024)) MB | $((off_bytes / 1048576)) MB | $(ratio "$off_rss" "$((off_bytes / 1024))") | ≤ 1.5 |
| as plain text (no Markdown): quotes --format json ÷ wc -w | ${plain_json}s | ${plain_wc_w}s | $(ratio "$plain_json" "$plain_wc_w") | ≤ 1 |
| as plain text: peak RSS ÷ file size | $((plain_rss / 1024)) MB | $((plain_bytes / 1048576)) MB | $(ratio "$plain_rss" "$((plain_bytes / 1024))") | ≤ 1.5 |
EOF
