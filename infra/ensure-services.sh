#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer at DATABASE_URL and REDIS_URL.
# Uses them when they answer; otherwise starts local servers from the installed binaries, with their data
# under .local/ (git-ignored). Never needs Docker. Creates the database named in DATABASE_URL when missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state="$root/.local"
DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/overgang}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}

say() { printf 'services: %s\n' "$*" >&2; }
die() { printf 'services: %s\n' "$*" >&2; exit 1; }

# postgres://user[:pass]@host:port/db -> parts (no external parser needed)
rest=${DATABASE_URL#*://}
auth=${rest%%@*}; [ "$auth" = "$rest" ] && auth=""
hostpart=${rest#*@}; hostport=${hostpart%%/*}; database=${hostpart#*/}; database=${database%%\?*}
pg_user=${auth%%:*}; pg_user=${pg_user:-postgres}
pg_host=${hostport%%:*}; pg_port=${hostport##*:}; [ "$pg_port" = "$hostport" ] && pg_port=5432
[ -n "$database" ] || die "DATABASE_URL names no database"
maintenance_url="${DATABASE_URL%%/${hostpart#*/}}/postgres"

redis_rest=${REDIS_URL#*://}; redis_hostport=${redis_rest#*@}; redis_hostport=${redis_hostport%%/*}
redis_host=${redis_hostport%%:*}; redis_port=${redis_hostport##*:}; [ "$redis_port" = "$redis_hostport" ] && redis_port=6379

find_pg_bin() {
  local name=$1 found
  found=$(command -v "$name" 2>/dev/null || true)
  [ -n "$found" ] || found=$(ls -1 /usr/lib/postgresql/*/bin/"$name" 2>/dev/null | sort -V | tail -n 1 || true)
  printf '%s' "$found"
}

pg_answers() {
  local isready; isready=$(find_pg_bin pg_isready)
  if [ -n "$isready" ]; then "$isready" -q -h "$pg_host" -p "$pg_port" -t 2; else (exec 3<>"/dev/tcp/$pg_host/$pg_port") 2>/dev/null; fi
}

start_local_postgres() {
  local initdb pg_ctl data="$state/postgres" log="$state/postgres.log" run_as=()
  initdb=$(find_pg_bin initdb); pg_ctl=$(find_pg_bin pg_ctl)
  if [ -z "$initdb" ] || [ -z "$pg_ctl" ]; then
    die "PostgreSQL does not answer at $pg_host:$pg_port and is not installed. Install it with: sudo apt-get install -y postgresql"
  fi
  case "$pg_host" in 127.0.0.1|localhost|::1) ;; *) die "PostgreSQL at $pg_host:$pg_port (DATABASE_URL) does not answer";; esac
  mkdir -p "$state"
  if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root; use the account the Debian package creates.
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$data" postgres
    run_as=(runuser -u postgres --)
    mkdir -p "$data"; chown postgres "$state" "$data"; chmod 700 "$data"
    touch "$log"; chown postgres "$log"
  fi
  if [ ! -s "$data/PG_VERSION" ]; then
    say "initialising a local PostgreSQL in $data"
    "${run_as[@]}" "$initdb" -D "$data" -U "$pg_user" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  say "starting a local PostgreSQL on port $pg_port"
  "${run_as[@]}" "$pg_ctl" -D "$data" -l "$log" -w -t 30 \
    -o "-p $pg_port -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null \
    || die "PostgreSQL did not start; see $log"
}

redis_answers() {
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -h "$redis_host" -p "$redis_port" ping 2>/dev/null)" = PONG ]
  else
    (exec 3<>"/dev/tcp/$redis_host/$redis_port") 2>/dev/null
  fi
}

start_local_redis() {
  command -v redis-server >/dev/null 2>&1 \
    || die "Redis does not answer at $redis_host:$redis_port and is not installed. Install it with: sudo apt-get install -y redis-server"
  case "$redis_host" in 127.0.0.1|localhost|::1) ;; *) die "Redis at $redis_host:$redis_port (REDIS_URL) does not answer";; esac
  mkdir -p "$state/redis"
  say "starting a local Redis on port $redis_port (AOF persistence in $state/redis)"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$redis_port" --dir "$state/redis" \
    --appendonly yes --save "" --logfile "$state/redis.log" >/dev/null
  for _ in $(seq 1 50); do redis_answers && return 0; sleep 0.1; done
  die "Redis did not start; see $state/redis.log"
}

pg_answers || start_local_postgres
redis_answers || start_local_redis

psql_bin=$(find_pg_bin psql)
if [ -n "$psql_bin" ]; then
  exists=$("$psql_bin" "$maintenance_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'" 2>/dev/null || true)
  if [ "$exists" != 1 ]; then
    say "creating database $database"
    "$psql_bin" "$maintenance_url" -qc "CREATE DATABASE \"$database\"" >/dev/null
  fi
fi
say "PostgreSQL at $pg_host:$pg_port/$database and Redis at $redis_host:$redis_port answer"
