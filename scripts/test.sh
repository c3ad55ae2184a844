#!/usr/bin/env bash
# make test: lint, Django checks and the whole pytest suite against a throwaway PostgreSQL and Redis.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh
trap services_stop EXIT
services_start || exit 1

export DJANGO_SETTINGS_MODULE=hengyang_gongjian.settings
export DEBUG=0 HTTPS=0 STATIC_MANIFEST=0 SECRET_KEY="test-only-$(date +%s%N)-not-for-production-use-0123456789"
export ALLOWED_HOSTS="localhost,127.0.0.1,testserver"
V=.venv/bin

set -e
echo "==> ruff check";           $V/ruff check .
echo "==> ruff format --check";  $V/ruff format --check .
echo "==> manage.py check";      $V/python manage.py check --fail-level WARNING
echo "==> makemigrations --check"; $V/python manage.py makemigrations --check --dry-run
echo "==> collectstatic";        $V/python manage.py collectstatic --noinput -v 0
set +e
echo "==> pytest"
$V/pytest "$@"
