#!/usr/bin/env bash
# Whether two builds give byte-identical answers: quotes, outline and topics as JSON and the
# whole model (`dump`), on the bench files (when generated), the fixtures and README.md (a
# Markdown document with code, lists and links). For changes meant to be exact (speed work).
#
#   bench/same_output.sh OLD_BINARY [NEW_BINARY]     # NEW defaults to target/release
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=${1:?usage: bench/same_output.sh OLD_BINARY [NEW_BINARY]}
NEW=${2:-target/release/interview-reader}
files=(tests/fixtures/*.md tests/fixtures/*.txt assets/*.txt README.md)
for f in bench/out/h4.txt bench/out/h20.txt bench/out/poorfit20.txt bench/out/oneline.txt; do
  [ -f "$f" ] && files+=("$f")
done
differ=0
for f in "${files[@]}"; do
  for cmd in "quotes --format json" "outline --format json" "topics --format json" dump; do
    # shellcheck disable=SC2086
    a=$("$OLD" $cmd "$f" 2>&1 | md5sum)
    # shellcheck disable=SC2086
    b=$("$NEW" $cmd "$f" 2>&1 | md5sum)
    if [ "$a" != "$b" ]; then
      echo "differs: $cmd $f"
      differ=1
    fi
  done
done
[ "$differ" = 0 ] && echo "same on ${#files[@]} files"
exit "$differ"
