#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL 15 and Redis for tests and benchmarks.
#   source scripts/services.sh && services_start && trap services_stop EXIT
# Exports DATABASE_URL and CELERY_BROKER_URL pointing at them.
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
SERVICES_DIR=${SERVICES_DIR:-/tmp/hengyang-services-$$}
PGPORT=${PGPORT:-54$((RANDOM % 90 + 10))}
REDIS_PORT=${REDIS_PORT:-63$((RANDOM % 90 + 10))}

services_start() {
  mkdir -p "$SERVICES_DIR/pgdata"
  chmod 755 "$SERVICES_DIR"
  chown postgres:postgres "$SERVICES_DIR/pgdata"
  chmod 700 "$SERVICES_DIR/pgdata"
  runuser -u postgres -- "$PGBIN/initdb" -D "$SERVICES_DIR/pgdata" -U postgres -A trust \
    -E UTF8 --locale=C.UTF-8 >"$SERVICES_DIR/initdb.log" 2>&1
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$SERVICES_DIR/pgdata" -l "$SERVICES_DIR/pgdata/server.log" \
    -w -t 30 -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
  psql -q -h 127.0.0.1 -p "$PGPORT" -U postgres -c "CREATE USER app PASSWORD 'app' CREATEDB" \
    -c "CREATE DATABASE app OWNER app" >/dev/null
  redis-server --daemonize yes --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$SERVICES_DIR" --logfile "$SERVICES_DIR/redis.log" --pidfile "$SERVICES_DIR/redis.pid"
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  export DATABASE_URL="postgres://app:app@127.0.0.1:$PGPORT/app"
  export CELERY_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/0"
  echo "==> PostgreSQL on 127.0.0.1:$PGPORT, Redis on 127.0.0.1:$REDIS_PORT"
}

services_stop() {
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$SERVICES_DIR/pgdata" -m immediate -w stop >/dev/null 2>&1 || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$SERVICES_DIR"
}
