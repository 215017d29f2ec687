#!/usr/bin/env bash
# `nianbao check` over 10,000 generated published reports, timed with its peak memory:
# the two samples (2021 and 2020) with the agency varied, and with PAIRED=1 both years
# given the same agency, so every 2021 report is checked against its 2020 one.
# With REAL=1, the folder is the corpus of real published reports (PDF, web pages, text,
# markdown, run-together crawler text) copied over and over to COUNT files.
#   [PAIRED=1|REAL=1] benches/batch.sh [COUNT]
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/nianbao-target}"
count="${1:-10000}"
cargo build --release --quiet
work=$(mktemp -d)
out=$(mktemp -d)
trap 'rm -rf "$work" "$out"' EXIT
a=tests/fixtures/published/2021_ankang_xinfangju.txt
b=tests/fixtures/published/2020_xiangtan_xinfangju.txt
if [ "${REAL:-0}" = 1 ]; then
    docs=(tests/fixtures/published/real/*.{pdf,html,txt,md})
    for i in $(seq 0 $((count - 1))); do
        d=${docs[$((i % ${#docs[@]}))]}
        cp "$d" "$work/$i-$(basename "$d")"
    done
    count=0
fi
for i in $(seq 1 $((count / 2))); do
    sed "s/安康市信访局/安康市第${i}信访局/" "$a" > "$work/a$i.txt"
    if [ "${PAIRED:-0}" = 1 ]; then
        sed "s/湘潭县信访局/安康市第${i}信访局/g" "$b" > "$work/b$i.txt"
    else
        sed "s/湘潭县信访局/湘潭县第${i}信访局/" "$b" > "$work/b$i.txt"
    fi
done
echo "$(ls "$work" | wc -l) reports, $(nproc) cores"
/usr/bin/time -f "wall %e s, cpu %U s user + %S s sys, peak RSS %M KB" \
    "$CARGO_TARGET_DIR/release/nianbao" check "$work" --summary "$out/summary.xlsx" >/dev/null || true
/usr/bin/time -f "without --summary: wall %e s, cpu %U s user + %S s sys, peak RSS %M KB" \
    "$CARGO_TARGET_DIR/release/nianbao" check "$work" >/dev/null || true
