#!/usr/bin/env bash
# make run: the platform on the embedded default (SQLite + filesystem Celery broker),
# with the 2025 Hengyang plan and demo accounts; web, worker and beat in the foreground.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBUG="${DEBUG:-1}" HTTPS="${HTTPS:-0}" DJANGO_SETTINGS_MODULE=hengyang_gongjian.settings
PORT="${PORT:-8000}"
mkdir -p var/log var/celery/queue var/celery/processed var/media
V=.venv/bin

$V/python manage.py migrate --noinput -v 0
$V/python manage.py setup_demo

pids=()
stop_all() {
  trap - INT TERM EXIT
  echo; echo "==> stopping web, worker and beat"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all INT TERM EXIT

$V/celery -A hengyang_gongjian worker --loglevel=INFO --concurrency=2 >var/log/worker.log 2>&1 &
pids+=($!)
$V/celery -A hengyang_gongjian beat --loglevel=INFO --pidfile= \
  -S django_celery_beat.schedulers:DatabaseScheduler >var/log/beat.log 2>&1 &
pids+=($!)

echo
echo "==> 七大攻坚调度平台: http://127.0.0.1:${PORT}/   (Ctrl-C stops web, worker and beat)"
echo "    logs: var/log/worker.log, var/log/beat.log"
$V/python manage.py runserver "127.0.0.1:${PORT}" --noreload &
pids+=($!)
wait "${pids[-1]}"
