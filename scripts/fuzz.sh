#!/usr/bin/env bash
# Fuzz load → parse → sanitise → wrap → frame (fuzz/fuzz_targets/load_parse_wrap.rs).
#   scripts/fuzz.sh [SECONDS]    default 120
# Not part of `cargo test`: it needs cargo-fuzz (installed here when missing) and nightly
# features, which RUSTC_BOOTSTRAP=1 unlocks on the stable toolchain. A crash it finds is
# saved under fuzz/artifacts/; copy it into tests/fuzz_regressions/ (the test in
# tests/properties.rs replays every file there) and fix the bug.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-120}
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
mkdir -p fuzz/corpus/load_parse_wrap
cp assets/*.txt tests/fixtures/* fuzz/corpus/load_parse_wrap/ 2>/dev/null || true
RUSTC_BOOTSTRAP=1 cargo fuzz run load_parse_wrap fuzz/corpus/load_parse_wrap -- \
  -max_total_time="$SECONDS_TO_RUN" -max_len=65536
