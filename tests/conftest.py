import json
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PASSWORD = "Test-passw0rd-2025"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive the system Chromium; Playwright's own browser download cannot work here."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def reference(db):
    """Departments (with aliases) and regions from fixtures/."""
    from campaigns.services import reference_load

    reference_load(
        departments=json.loads((FIXTURES / "departments.json").read_text(encoding="utf-8")),
        regions=json.loads((FIXTURES / "regions.json").read_text(encoding="utf-8")),
    )


@pytest.fixture
def hengyang_plan(reference):
    """The whole 2025 Hengyang plan as reviewed in fixtures/hengyang-2025-plan.json."""
    from campaigns.services import plan_load

    return plan_load(
        data=json.loads((FIXTURES / "hengyang-2025-plan.json").read_text(encoding="utf-8"))
    )


@pytest.fixture
def user(db, django_user_model):
    return django_user_model.objects.create_user(
        username="staff", password=PASSWORD, first_name="专班人员"
    )


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client
