#!/usr/bin/env bash
# Renders the Helm chart with its default values into plain manifests for kubectl users
# (charts/manifests/sync.yaml, applied with `kubectl apply -k charts/manifests`).
# Re-run after changing the chart; a test fails when the committed manifests drift from the chart.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
helm="${HELM:-$root/.tools/bin/helm}"
[ -x "$helm" ] || helm="$(command -v helm)" || { echo "helm not found: run scripts/install-test-deps.sh" >&2; exit 1; }
"$helm" template sync "$root/charts/sync" --namespace sync 2>/dev/null > "$root/charts/manifests/sync.yaml"
echo "wrote charts/manifests/sync.yaml"
