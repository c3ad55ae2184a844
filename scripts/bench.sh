#!/usr/bin/env bash
# make bench: every benchmark in bench/ against a throwaway PostgreSQL and Redis.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh
trap services_stop EXIT
services_start || exit 1
export DJANGO_SETTINGS_MODULE=hengyang_gongjian.settings
export DEBUG=0 HTTPS=0 STATIC_MANIFEST=0 SECRET_KEY="bench-only-$(date +%s%N)-not-for-production-use-0123456789"
export ALLOWED_HOSTS="localhost,127.0.0.1,testserver"
.venv/bin/python manage.py migrate -v 0 && .venv/bin/python manage.py collectstatic --noinput -v 0 || exit 1
mkdir -p var/bench
status=0
for script in bench/bench_*.py; do
  echo "==> $script"
  .venv/bin/python "$script" || status=1
done
.venv/bin/python bench/collect.py
exit $status
