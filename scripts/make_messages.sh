#!/usr/bin/env bash
# Extracts the translatable strings of one app (or of every app) into its Latvian catalogue
# and compiles it. English is the source language; Latvian is the default UI language.
#   bash scripts/make_messages.sh accounts     # one app
#   bash scripts/make_messages.sh              # every app with templates or Python strings
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export DJANGO_SETTINGS_MODULE=atbalsts.settings ATBALSTS_MODE=test ATBALSTS_VAR_DIR="$root/var/test"
export PYTHONPATH="$root"
apps=("$@")
if [ ${#apps[@]} -eq 0 ]; then
  for dir in "$root"/atbalsts/*/; do
    [ -f "$dir/apps.py" ] && apps+=("$(basename "$dir")")
  done
fi
for app in "${apps[@]}"; do
  dir="$root/atbalsts/$app"
  mkdir -p "$dir/locale"
  (cd "$dir" && "$root/.venv/bin/django-admin" makemessages -l lv --no-obsolete --no-location --ignore 'migrations/*' >/dev/null)
  (cd "$dir" && "$root/.venv/bin/django-admin" compilemessages -l lv >/dev/null)
  echo "atbalsts/$app/locale/lv/LC_MESSAGES/django.po"
done
