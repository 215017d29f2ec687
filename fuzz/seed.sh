#!/usr/bin/env bash
# Builds the seed corpora under fuzz/corpus/ from the test fixtures: each reader gets the
# two real reports in its own file kind (and the crafted bad files of tests/hostile/).
# Needs the nianbao binary (built here) and, for .xls and .ods, LibreOffice.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/nianbao-target}"
cargo build --quiet
bin="$CARGO_TARGET_DIR/debug/nianbao"
corpus=fuzz/corpus
mkdir -p "$corpus"/{native,json,text,html,docx,pdf,workbook,value}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in tests/fixtures/*.json; do
    name=$(basename "$f" .json)
    cp "$f" "$corpus/json/seed-$name.json"
    for ext in nianbao html docx xlsx; do
        "$bin" convert "$f" "$tmp/$name.$ext" 2>/dev/null
    done
    cp "$tmp/$name.nianbao" "$corpus/native/seed-$name.nianbao"
    cp "$tmp/$name.html" "$corpus/html/seed-$name.html"
    cp "$tmp/$name.docx" "$corpus/docx/seed-$name.docx"
    cp "$tmp/$name.xlsx" "$corpus/workbook/seed-$name.xlsx"
    if command -v soffice >/dev/null; then
        for ext in xls ods; do
            soffice --headless --convert-to "$ext" --outdir "$tmp" "$tmp/$name.xlsx" >/dev/null 2>&1
            cp "$tmp/$name.$ext" "$corpus/workbook/seed-$name.$ext"
        done
        soffice --headless --convert-to pdf --outdir "$tmp" "$tmp/$name.docx" >/dev/null 2>&1
        cp "$tmp/$name.pdf" "$corpus/pdf/seed-$name.pdf"
    fi
done
for f in tests/fixtures/published/real/*.pdf; do
    cp "$f" "$corpus/pdf/seed-$(basename "$f")"
done
for f in tests/fixtures/published/*.txt; do
    name=$(basename "$f" .txt)
    cp "$f" "$corpus/text/seed-$name.txt"
    iconv -f UTF-8 -t GB18030 "$f" > "$corpus/text/seed-$name.gbk.txt"
    { printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$f"; } > "$corpus/text/seed-$name.utf16.txt"
done
for f in tests/hostile/*; do
    name=$(basename "$f")
    case "$name" in
        *.nianbao) cp "$f" "$corpus/native/seed-hostile-$name" ;;
        *.json) cp "$f" "$corpus/json/seed-hostile-$name" ;;
        *.docx) cp "$f" "$corpus/docx/seed-hostile-$name" ;;
        *.pdf) cp "$f" "$corpus/pdf/seed-hostile-$name" ;;
        *.xlsx) cp "$f" "$corpus/workbook/seed-hostile-$name" ;;
    esac
done
n=0
for v in 12 ８次 1,234 / — 增加3 减少8 251000元 1.5 -3 1e5 3+2 '１（含2）' '  12 ' 无 '+7' \
    '0.35万元' '１２３４５６７８９０１２３４５６７８９０１２３４５６' '约20' '&nbsp;'; do
    n=$((n + 1))
    printf '%s' "$v" > "$corpus/value/seed-$n"
done
ls "$corpus"/* | head -80
