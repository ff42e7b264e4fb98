#!/usr/bin/env bash
# Two gunicorn app servers sharing PostgreSQL and Redis; checks that what one changes the other
# shows at once (bench/cluster.py does the work). Prints PASS/FAIL per check, exits non-zero on a
# failure, writes the result into bench/RESULTS.md.
#   bench/cluster.sh [--fresh] [--no-results]
#   BENCH_CLUSTER_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/xcmz_bench_cluster)
#   BENCH_REDIS_URL            (default redis://127.0.0.1:6379/7)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3

# cluster.py stops its gunicorn processes itself; this trap also stops them (they run in their
# own process groups) if the script is killed before it can.
"$PY" bench/cluster.py "$@" &
child=$!
cleanup() {
  kill -TERM "$child" 2>/dev/null || true
  wait "$child" 2>/dev/null || true
}
trap cleanup INT TERM
wait "$child"
