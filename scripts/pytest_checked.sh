#!/usr/bin/env bash
# Runs pytest and fails when it collected no test: exit code 5 must never pass silently.
set -uo pipefail
.venv/bin/pytest "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest ran no test: failing." >&2
  exit 1
fi
exit "$status"
