#!/usr/bin/env bash
# Runs the example DAG (dags/example_orders.yaml) end to end on embedded defaults: generates the orders table as
# Hive-partitioned ORC files in a local folder (the object store), starts a private MariaDB (the AnalyticDB stand-in)
# and the orchestrator (SQLite metadata, in-memory Hangfire, local-process executor), triggers a run, waits for
# plan -> start -> batch_1..n (in parallel) -> finish, and prints the dashboard URL and the loaded row counts.
# Everything lives under .quickstart/; run it again to start over.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
qs="$root/.quickstart"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

fail() { echo "quickstart: $*" >&2; exit 1; }
command -v dotnet >/dev/null || fail "dotnet (the .NET 10 SDK) is not on PATH"
need_apt=()
command -v mariadbd >/dev/null 2>&1 || need_apt+=(mariadb-server mariadb-client)
command -v jq >/dev/null 2>&1 || need_apt+=(jq)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing ${need_apt[*]} (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q && apt-get install -y -q --no-install-recommends "${need_apt[@]}" || fail "could not install ${need_apt[*]}"
  service mariadb stop >/dev/null 2>&1 || true
fi

echo "building the worker, the orchestrator and the CLI"
for project in worker/Sync.Worker orchestrator/Sync.Orchestrator orchestrator/Sync.Cli; do
  dotnet build "$project" -c Release -nologo -v q >/dev/null || fail "build failed: dotnet build $project -c Release"
done
worker_dll="$root/worker/Sync.Worker/bin/Release/net10.0/Sync.Worker.dll"
worker=(dotnet "$worker_dll")
cli=(dotnet "$root/orchestrator/Sync.Cli/bin/Release/net10.0/Sync.Cli.dll")

# --- a private MariaDB on a free loopback port
mkdir -p "$qs"
for pidfile in "$qs/orchestrator.pid" "$qs/mariadb.pid"; do
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then kill "$(cat "$pidfile")"; sleep 2; fi
done
rm -rf "$qs/mariadb" "$qs/warehouse" "$qs/data" "$qs/logs"
mkdir -p "$qs/mariadb" "$qs/data" "$qs/logs"
mariadb-install-db --no-defaults --datadir="$qs/mariadb" --auth-root-authentication-method=normal --skip-test-db \
  --user="$(id -un)" >"$qs/logs/mariadb-install.log" 2>&1 || fail "mariadb-install-db failed, see $qs/logs/mariadb-install.log"
free_port() { local p=$(($1 + RANDOM % 2000)); while (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done; echo "$p"; }
port=$(free_port 33000)
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

# --- the orchestrator on embedded defaults, serving the dashboard and the API on a free loopback port
web_port=$(free_port 38000)
url="http://127.0.0.1:$web_port"
export SYNC_WAREHOUSE="file://$qs/warehouse"
ASPNETCORE_URLS="$url" Sync__DagsFolder="$root/dags" Sync__DataFolder="$qs/data" \
  Sync__Local__WorkerCommand__0=dotnet Sync__Local__WorkerCommand__1="$worker_dll" \
  Sync__Scheduler__PollInterval=00:00:01 \
  nohup dotnet "$root/orchestrator/Sync.Orchestrator/bin/Release/net10.0/Sync.Orchestrator.dll" \
  >"$qs/logs/orchestrator.log" 2>&1 &
echo $! >"$qs/orchestrator.pid"
for _ in $(seq 1 120); do curl -fsS "$url/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "$url/readyz" >/dev/null 2>&1 || fail "the orchestrator did not become ready, see $qs/logs/orchestrator.log"
export SYNC_SERVER="$url"

run_id=$("${cli[@]}" trigger example_orders --json | sed -n -E 's/.*"runId": *"([^"]+)".*/\1/p')
[ -n "$run_id" ] || fail "triggering example_orders failed, see $qs/logs/orchestrator.log"
echo "triggered example_orders run $run_id: plan -> start -> batches (in parallel) -> finish"
state=""
for _ in $(seq 1 600); do
  state=$(curl -fsS "$url/api/v1/dags/example_orders/runs/$(printf %s "$run_id" | jq -sRr @uri)" | jq -r .state) || state=""
  case "$state" in success|failed) break ;; esac
  sleep 1
done
echo
"${cli[@]}" tasks example_orders "$run_id"
echo
[ "$state" = success ] || fail "run $run_id ended $state (task logs under $qs/data/logs, orchestrator log $qs/logs/orchestrator.log)"

echo "rows loaded into sync_demo.orders (MariaDB on 127.0.0.1:$port, user sync / sync):"
sql -t -e "SELECT dt, COUNT(*) AS row_count FROM sync_demo.orders GROUP BY dt ORDER BY dt; SELECT COUNT(*) AS total FROM sync_demo.orders;"
echo "dashboard:   $url/hangfire/sync/dags   (the run: $url/hangfire/sync/dags/example_orders)"
echo "REST API:    $url/api/v1/dags          CLI: SYNC_SERVER=$url dotnet orchestrator/Sync.Cli/bin/Release/net10.0/Sync.Cli.dll dags list"
echo "task logs:   $qs/data/logs             orchestrator log: $qs/logs/orchestrator.log"
echo "MariaDB:     mariadb -h 127.0.0.1 -P $port -usync -psync sync_demo"
echo "stop both:   kill \$(cat $qs/orchestrator.pid) \$(cat $qs/mariadb.pid)"
