#!/usr/bin/env bash
# Measures import and report on large synthetic files through the real CLI:
#   bench/run.sh [ROWS]        (default 1,000,000)
# Prints wall time and peak memory (max RSS) of each step.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
out=bench/out
rm -rf "$out" && mkdir -p "$out"
go build -o "$out/income" ./cmd/income
go run ./bench/gen -kind upwork -rows "$rows" > "$out/upwork.csv"
go run ./bench/gen -kind gumroad -rows "$rows" > "$out/gumroad.csv"
printf 'date,base,quote,rate,source\n2024-12-01,USD,VND,25412,bench\n' > "$out/rates.csv"
export INCOME_DB="$PWD/$out/ledger.db" INCOME_CONFIG=/dev/null
timed() { /usr/bin/time -f "  %e s wall, %M KB max RSS" "$@"; }
"$out/income" -q init --home-currency VND --country VN
"$out/income" -q rates import "$out/rates.csv"
echo "import $rows Upwork rows:";  timed "$out/income" -q import "$out/upwork.csv" >/dev/null
echo "import $rows Gumroad rows:"; timed "$out/income" -q import "$out/gumroad.csv" >/dev/null
echo "report --year 2025 (first, converts nothing new):"; timed "$out/income" report --year 2025 --format json >/dev/null
echo "report --year 2025 (again):"; timed "$out/income" report --year 2025 --format json >/dev/null
entries=$(sqlite3 "$INCOME_DB" 'select count(*) from entries' 2>/dev/null || echo "?")
echo "entries in the ledger: $entries"
