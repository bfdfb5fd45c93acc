#!/usr/bin/env bash
# Measures import and report on large synthetic files through the real CLI:
#   bench/run.sh [ROWS [RUNS]]   (default 1,000,000 rows, 1 run)
# Prints wall time and peak memory (max RSS) of each step. On a shared
# machine whose speed varies, give RUNS > 1 and read the range.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
runs=${2:-1}
out=bench/out
rm -rf "$out" && mkdir -p "$out"
go build -o "$out/income" ./cmd/income
go run ./bench/gen -kind upwork -rows "$rows" > "$out/upwork.csv"
go run ./bench/gen -kind gumroad -rows "$rows" > "$out/gumroad.csv"
# a Vietcombank-style daily USD/VND rate for every day of the range
go run ./bench/gen -kind rates > "$out/rates.csv"
export INCOME_CONFIG=/dev/null
# each step starts with the disk quiet: sync first, so that the kernel is not
# still writing the last step's files (or the generated exports) back
timed() { sync; /usr/bin/time -f "  %e s wall, %M KB max RSS" "$@"; }
fresh() { # a new ledger with the rates loaded
  export INCOME_DB="$PWD/$out/$1.db"
  rm -f "$INCOME_DB"*
  "$out/income" -q init --home-currency VND --country VN
  "$out/income" -q rates import "$out/rates.csv"
}
for run in $(seq "$runs"); do
  [ "$runs" = 1 ] || echo "== run $run of $runs"
  fresh gumroad
  echo "import $rows Gumroad rows (a sale and its fee each) into a new ledger:"
  timed "$out/income" -q import "$out/gumroad.csv" >/dev/null
  fresh upwork
  echo "import $rows Upwork rows into a new ledger:"
  timed "$out/income" -q import "$out/upwork.csv" >/dev/null
  echo "report --year 2025 over those $rows entries:"
  timed "$out/income" report --year 2025 --format json >/dev/null
  echo "report --year 2025 again:"
  timed "$out/income" report --year 2025 --format json >/dev/null
  echo "import the $rows Gumroad rows into that ledger (its ids are looked up, then filtered):"
  timed "$out/income" -q import "$out/gumroad.csv" >/dev/null
  echo "import the Upwork file again (every row a duplicate):"
  timed "$out/income" -q import "$out/upwork.csv" >/dev/null
  echo "report --year 2025 over all of it, first run:"
  timed "$out/income" report --year 2025 --format json >/dev/null
  echo "list every 2025 entry as CSV:"
  timed "$out/income" entries --year 2025 --format csv >/dev/null
done
