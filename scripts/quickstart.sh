#!/usr/bin/env bash
# Runs the example table sync end to end on embedded defaults: generates the example orders table as Hive-partitioned
# ORC files in a local folder (the object store), starts a private MariaDB (the AnalyticDB stand-in), then runs the
# table's steps start -> batch_1..n (in parallel) -> finish with the worker, exactly as the executors launch them,
# and prints the loaded row counts. Everything lives under .quickstart/; run it again to reload.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
qs="$root/.quickstart"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

fail() { echo "quickstart: $*" >&2; exit 1; }
command -v dotnet >/dev/null || fail "dotnet (the .NET 10 SDK) is not on PATH"
if ! command -v mariadbd >/dev/null 2>&1; then
  echo "installing MariaDB (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q && apt-get install -y -q --no-install-recommends mariadb-server mariadb-client || fail "could not install mariadb-server"
  service mariadb stop >/dev/null 2>&1 || true
fi

echo "building the worker"
dotnet build worker/Sync.Worker -c Release -nologo -v q >/dev/null || fail "build failed: dotnet build worker/Sync.Worker -c Release"
worker=(dotnet "$root/worker/Sync.Worker/bin/Release/net10.0/Sync.Worker.dll")

# --- a private MariaDB on a free loopback port
mkdir -p "$qs"
if [ -f "$qs/mariadb.pid" ] && kill -0 "$(cat "$qs/mariadb.pid")" 2>/dev/null; then
  kill "$(cat "$qs/mariadb.pid")"; sleep 2
fi
rm -rf "$qs/mariadb" "$qs/warehouse" "$qs/specs" "$qs/logs"
mkdir -p "$qs/mariadb" "$qs/specs" "$qs/logs"
mariadb-install-db --no-defaults --datadir="$qs/mariadb" --auth-root-authentication-method=normal --skip-test-db \
  --user="$(id -un)" >"$qs/logs/mariadb-install.log" 2>&1 || fail "mariadb-install-db failed, see $qs/logs/mariadb-install.log"
port=$((33000 + RANDOM % 2000))
while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
mariadbd --no-defaults --datadir="$qs/mariadb" --socket="$qs/mariadb/mysqld.sock" --port="$port" --bind-address=127.0.0.1 \
  --user="$(id -un)" --pid-file="$qs/mariadb.pid" --character-set-server=utf8mb4 --collation-server=utf8mb4_bin \
  --max-allowed-packet=16M --local-infile=1 --skip-log-bin --skip-name-resolve >"$qs/logs/mariadb.log" 2>&1 &
for _ in $(seq 1 60); do [ -S "$qs/mariadb/mysqld.sock" ] && break; sleep 0.5; done
[ -S "$qs/mariadb/mysqld.sock" ] || fail "MariaDB did not start, see $qs/logs/mariadb.log"
sql() { mariadb --no-defaults -S "$qs/mariadb/mysqld.sock" -uroot "$@"; }
sql -e "CREATE USER 'sync'@'%' IDENTIFIED BY 'sync'; GRANT ALL ON *.* TO 'sync'@'%'; CREATE DATABASE sync_demo CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;"
export SYNC_CONNECTION_WAREHOUSE="Server=127.0.0.1;Port=$port;User ID=sync;Password=sync;AllowLoadLocalInfile=true"

# --- the example table as ORC files, written by the project's ORC writer
"${worker[@]}" demo generate --out "$qs/warehouse/orders" --days 3 --files-per-day 2 --rows-per-file 25000

# --- the plan: one batch per partition (the example files are small)
run_id="quickstart__$(date -u +%Y-%m-%dT%H:%M:%S)"
table='{"source":"file://'"$qs"'/warehouse/orders","targetConnection":"warehouse","targetDatabase":"sync_demo","targetTable":"orders","primaryKey":["order_id"],"partitionColumns":[{"name":"dt","type":"date"}],"writeMode":"insert","keepBackups":1}'
batches=(); i=0
for dir in "$qs"/warehouse/orders/dt=*; do
  i=$((i + 1)); dt="${dir##*=}"; files=()
  for f in "$dir"/*.orc; do files+=("{\"uri\":\"file://$f\",\"size\":$(stat -c %s "$f"),\"partition\":{\"dt\":\"$dt\"}}"); done
  batches+=("{\"index\":$i,\"files\":[$(IFS=,; echo "${files[*]}")]}")
done
spec() { echo "{\"version\":1,\"kind\":\"$1\",\"dagId\":\"example_orders\",\"runId\":\"$run_id\",\"taskId\":\"$2\",\"attempt\":1,\"table\":$table${3:-}}"; }
step() { # step NAME SPEC: runs one task, its log in .quickstart/logs, its result line on stdout
  echo "$2" >"$qs/specs/$1.json"
  if "${worker[@]}" task run --spec "$qs/specs/$1.json" >"$qs/logs/$1.out" 2>"$qs/logs/$1.log"; then
    echo "  $1: $(tail -n 1 "$qs/logs/$1.out")"
  else
    echo "  $1 FAILED: $(tail -n 1 "$qs/logs/$1.out") (log: $qs/logs/$1.log)" >&2; return 1
  fi
}

echo "running example_orders / orders ($run_id): start -> ${#batches[@]} batches -> finish"
step orders.start "$(spec table-start orders.start)" || fail "start failed"
pids=()
for n in $(seq 1 ${#batches[@]}); do
  step "orders.batch_$n" "$(spec table-batch "orders.batch_$n" ",\"batch\":${batches[$((n - 1))]}")" & pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || fail "a batch failed (logs in $qs/logs)"; done
step orders.finish "$(spec table-finish orders.finish ",\"allBatches\":[$(IFS=,; echo "${batches[*]}")]")" || fail "finish failed"

echo
echo "rows loaded into sync_demo.orders (MariaDB on 127.0.0.1:$port, user sync / sync):"
sql -t -e "SELECT dt, COUNT(*) AS row_count FROM sync_demo.orders GROUP BY dt ORDER BY dt; SELECT COUNT(*) AS total FROM sync_demo.orders;"
echo "task logs and specs: $qs/logs, $qs/specs"
echo "MariaDB keeps running for a look around: mariadb -h 127.0.0.1 -P $port -usync -psync sync_demo"
echo "stop it with: kill \$(cat $qs/mariadb.pid)"
