#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: a cluster in a temp folder, listening on 127.0.0.1 only, trusted
# connections as user `rcd`, with an empty database `rcd_test`. Prints lines for the shell to evaluate:
#
#   eval "$(scripts/pg-test-cluster.sh)"        # start (or reuse) it; exports RCD_TEST_POSTGRES_URL (and the TLS ones below)
#   scripts/pg-test-cluster.sh stop             # stop it and delete its folder
#
# It also accepts TLS, for the tests of a desk's secure connection (test/core/server-connection.test.ts): a throwaway CA
# and a server certificate for the name `localhost` only (not 127.0.0.1, so a name check can fail), made with openssl in
# the cluster's folder, and a user `rcd_tls` whose password is really checked (scram-sha-256, over TLS only; every other
# user stays trusted, plain or TLS). Exports RCD_TEST_POSTGRES_CA (the CA's file; `other-ca.crt` beside it signed nothing
# the server has), RCD_TEST_POSTGRES_TLS_USER and RCD_TEST_POSTGRES_TLS_PASSWORD. A cluster started by an older copy of
# this script gets its TLS added on reuse, by a configuration reload (never a restart).
#
# Run twice, it reuses the cluster it started (same folder, same port), so it is safe to call before every test run.
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user (Debian's package creates it).
# Port: RCD_TEST_POSTGRES_PORT (default 55432). Binaries: Debian's postgresql (15 or newer), or PG_BIN.
set -euo pipefail

port="${RCD_TEST_POSTGRES_PORT:-55432}"
dir="${RCD_TEST_POSTGRES_DIR:-${TMPDIR:-/tmp}/rcd-pg-test-$port}"
user=rcd
database=rcd_test
url="postgres://$user@127.0.0.1:$port/$database"

say() { echo "pg-test-cluster: $*" >&2; }
die() { say "$*"; exit 1; }

if [ -z "${PG_BIN:-}" ]; then
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || die "no PostgreSQL server binaries found (Debian: apt-get install -y postgresql; or set PG_BIN)."

# Everything the server does runs as its owner: `postgres` when we are root, else ourselves.
if [ "$(id -u)" = 0 ]; then
  owner=postgres
  id "$owner" >/dev/null 2>&1 || die "no 'postgres' user to run the server as (Debian's postgresql package creates it)."
  as_owner() { runuser -u "$owner" -- "$@"; }
else
  owner=$(id -un)
  as_owner() { "$@"; }
fi

running() { [ -f "$dir/data/postmaster.pid" ] && as_owner "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; }

if [ "${1:-start}" = stop ]; then
  if running; then as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >&2; fi
  rm -rf "$dir"
  say "stopped; removed $dir"
  exit 0
fi
[ "${1:-start}" = start ] || die "usage: $0 [start|stop]"

if running; then
  say "reusing the cluster already running in $dir on port $port"
else
  # A folder left by a cluster that is not running (a killed run, a rebooted machine) is started again, or remade
  # when it never finished initdb.
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    chown "$owner" "$dir"
    chmod 700 "$dir"
    as_owner "$PG_BIN/initdb" -D "$dir/data" -A trust -U "$user" -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; die "initdb failed (log above)"; }
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port on 127.0.0.1 is taken by another program; choose another with RCD_TEST_POSTGRES_PORT."
  fi
  # fsync off: a test server's data may be lost in a power cut, and it makes tests much faster.
  as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >&2 ||
    { tail -n 20 "$dir/server.log" >&2 || true; die "the server did not start (log above)"; }
  say "started PostgreSQL ($("$PG_BIN/postgres" --version)) in $dir on 127.0.0.1:$port"
fi

psql_() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$user" "$@"; }
if [ "$(psql_ -d postgres -tAc "select 1 from pg_database where datname = '$database'")" != 1 ]; then
  psql_ -d postgres -c "create database $database" >&2
fi
psql_ -d "$database" -tAc 'select 1' >/dev/null || die "cannot connect to $url"

# ── TLS, and a user whose password is checked ─────────────────────────────────
tls="$dir/tls"
tls_user=rcd_tls
tls_password=rcd-tls-test-password
if [ ! -f "$tls/server.crt" ] || [ ! -f "$tls/other-ca.crt" ]; then
  command -v openssl >/dev/null || die "openssl is needed to make the test server's certificates (Debian: apt-get install -y openssl)."
  rm -rf "$tls"
  mkdir -p "$tls"
  {
    openssl req -x509 -new -nodes -newkey rsa:2048 -sha256 -days 30 -subj "/CN=Recovery College Desk test CA" -keyout "$tls/ca.key" -out "$tls/ca.crt"
    openssl req -new -nodes -newkey rsa:2048 -sha256 -subj "/CN=localhost" -keyout "$tls/server.key" -out "$tls/server.csr"
    printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' >"$tls/server.ext"
    openssl x509 -req -sha256 -days 30 -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial -extfile "$tls/server.ext" -out "$tls/server.crt"
    openssl req -x509 -new -nodes -newkey rsa:2048 -sha256 -days 30 -subj "/CN=Another CA" -keyout "$tls/other-ca.key" -out "$tls/other-ca.crt"
  } >"$tls/openssl.log" 2>&1 || { cat "$tls/openssl.log" >&2; die "making the test certificates failed (log above)"; }
  chmod 600 "$tls"/*.key
  chown -R "$owner" "$tls"
fi
hba="$dir/data/pg_hba.conf"
if ! grep -q "^hostssl all $tls_user " "$hba"; then
  # First match wins: these go above initdb's trust lines, so only this user's password is checked.
  as_owner sh -c "{ printf '%s\n' 'hostssl all $tls_user 127.0.0.1/32 scram-sha-256' 'host all $tls_user 127.0.0.1/32 reject'; cat '$hba'; } >'$hba.new' && mv '$hba.new' '$hba'"
fi
psql_ -d postgres >&2 <<SQL
do \$\$ begin
  if not exists (select 1 from pg_roles where rolname = '$tls_user') then
    create role $tls_user login password '$tls_password';
  end if;
end \$\$;
SQL
if [ "$(psql_ -d postgres -tAc "select current_setting('ssl_cert_file')")" != "$tls/server.crt" ] || [ "$(psql_ -d postgres -tAc 'show ssl')" != on ]; then
  psql_ -d postgres -c "alter system set ssl_cert_file = '$tls/server.crt'" -c "alter system set ssl_key_file = '$tls/server.key'" -c "alter system set ssl = on" >&2
fi
psql_ -d postgres -tAc 'select pg_reload_conf()' >/dev/null
# The reload is asynchronous: wait until the server offers TLS.
for _ in $(seq 1 50); do
  [ "$(psql_ -d postgres -tAc 'show ssl')" = on ] && break
  sleep 0.1
done
[ "$(psql_ -d postgres -tAc 'show ssl')" = on ] || die "the server did not turn TLS on (see $dir/server.log)"

echo "export RCD_TEST_POSTGRES_URL=$url"
echo "export RCD_TEST_POSTGRES_CA=$tls/ca.crt"
echo "export RCD_TEST_POSTGRES_TLS_USER=$tls_user"
echo "export RCD_TEST_POSTGRES_TLS_PASSWORD=$tls_password"
