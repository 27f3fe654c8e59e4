#!/usr/bin/env bash
# Times `gloss annotate` (release build) over N articles made by repeating the seed fixture
# (default 10,000), first run and an idempotent rerun. Usage: eval/bench_annotate.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"
site="$(mktemp -d)"
trap 'rm -rf "$site"' EXIT
mkdir -p "$site/content/articles"
cp tests/fixtures/annotate/seeds/gloss.toml "$site/"
fixtures=(tests/fixtures/annotate/seeds/content/articles/*.md)
for ((i = 0; i < count; i++)); do
  cp "${fixtures[i % ${#fixtures[@]}]}" "$site/content/articles/a$i.md"
done
cargo build --release --quiet
echo "annotating $count articles ($(du -sh "$site/content/articles" | cut -f1))"
/usr/bin/time -f "first run: %e s, %M KB peak" target/release/gloss --root "$site" annotate
/usr/bin/time -f "rerun:     %e s, %M KB peak" target/release/gloss --root "$site" annotate
