import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from hengyang_gongjian.settings import env_bool, env_int, env_list

ROOT = Path(settings.BASE_DIR)


def _run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_env_bool_refuses_an_unknown_spelling(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", False)
    monkeypatch.setenv("SOME_FLAG", "off")
    assert env_bool("SOME_FLAG", True) is False


def test_env_int_and_env_list_parse_their_values(monkeypatch):
    monkeypatch.setenv("SOME_INT", "x1")
    with pytest.raises(ImproperlyConfigured):
        env_int("SOME_INT", 1)
    monkeypatch.setenv("SOME_LIST", " a, ,b ")
    assert env_list("SOME_LIST") == ["a", "b"]


def test_chinese_locale_and_shanghai_time():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True


def test_secret_key_is_required_when_debug_is_off():
    result = _run_manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_deploy_check_passes_with_production_settings():
    result = _run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="gongjian.example.gov.cn",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_env_example_lists_every_setting_read_from_the_environment():
    source = (ROOT / "hengyang_gongjian" / "settings.py").read_text(encoding="utf-8")
    import re

    read = set(re.findall(r'env_(?:str|bool|int|list)\("([A-Z_]+)"', source))
    listed = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
        if "=" in line and not line.startswith("#")
    }
    assert read <= listed, read - listed


def test_docker_compose_runs_the_production_services():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "beat"}
    assert "gunicorn hengyang_gongjian.wsgi" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "hengyang_gongjian", "worker"]
    assert "beat" in services["beat"]["command"]
    assert "django_celery_beat.schedulers:DatabaseScheduler" in services["beat"]["command"]
    assert services["beat"]["deploy"]["replicas"] == 1
    for name in ("postgres", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name
    assert {"pgdata", "redisdata", "media"} <= set(compose["volumes"])
    assert services["web"]["environment"]["CELERY_BROKER_URL"].startswith("redis://")
