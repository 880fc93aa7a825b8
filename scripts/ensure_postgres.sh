#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 and prints a DATABASE_URL for a
# throwaway database name (pytest-django creates and drops test_<name>).
# Trust authentication is used when the server allows it; otherwise a role with a password is
# created through the local socket (peer authentication as the postgres user).
set -euo pipefail
host=127.0.0.1
port=5432
name="atbalsts_$$"

if ! pg_isready -q -h "$host" -p "$port"; then
  cluster=$(pg_lsclusters --no-header 2>/dev/null | awk '$3 == 5432 {print $1 " " $2; exit}')
  if [ -z "$cluster" ]; then
    echo "No PostgreSQL cluster on port 5432; install the postgresql package." >&2
    exit 1
  fi
  # shellcheck disable=SC2086
  pg_ctlcluster $cluster start >&2
  for _ in $(seq 1 30); do pg_isready -q -h "$host" -p "$port" && break; sleep 1; done
fi

if PGCONNECT_TIMEOUT=5 psql -w -h "$host" -p "$port" -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; then
  echo "postgres://postgres@$host:$port/$name"
  exit 0
fi

password_file=var/test/secrets/postgres_password
mkdir -p "$(dirname "$password_file")"
if [ ! -s "$password_file" ]; then
  umask 077
  python3 -c 'import secrets; print(secrets.token_hex(24))' >"$password_file"
fi
password=$(cat "$password_file")
run_as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else su postgres -c "$(printf '%q ' "$@")"; fi
}
run_as_postgres psql -q -d postgres -v ON_ERROR_STOP=1 -c \
  "DO \$\$ BEGIN
     IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'atbalsts_test') THEN
       CREATE ROLE atbalsts_test LOGIN CREATEDB PASSWORD '$password';
     ELSE
       ALTER ROLE atbalsts_test LOGIN CREATEDB PASSWORD '$password';
     END IF;
   END \$\$;" >&2
echo "postgres://atbalsts_test:$password@$host:$port/$name"
