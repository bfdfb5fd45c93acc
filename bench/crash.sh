#!/usr/bin/env bash
# The crash and concurrency harness of README "Reliability", run long:
#   bench/crash.sh [ROUNDS [ROWS [SEED]]]   (default 200 rounds, 20000 rows, seed 1)
# Kills imports and workbook writes with SIGKILL at random points (the seed
# makes the points reproducible), runs four imports at once, and checks
# after every step that the ledger passes SQLite's integrity_check and
# holds exactly the entries of a clean reference ledger. `go test
# ./bench/crash` runs the same checks small.
set -euo pipefail
cd "$(dirname "$0")/.."
export CRASH_ROUNDS=${1:-200} CRASH_ROWS=${2:-20000} CRASH_SEED=${3:-1}
echo "crash harness: $CRASH_ROUNDS rounds, $CRASH_ROWS rows per file, seed $CRASH_SEED"
go test ./bench/crash -count=1 -v -timeout 0 -run 'TestKillDuringImport|TestConcurrentImports|TestKillDuringWorkbook'
