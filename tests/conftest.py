import json
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PASSWORD = "Test-passw0rd-2025"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the dashboard caches its figures)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2's deliberate slowness protects production, not tests: hash test users quickly."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
    """A leader: reads everything, changes nothing."""
    from accounts.models import Membership

    reader = django_user_model.objects.create_user(
        username="reader", password=PASSWORD, first_name="市领导"
    )
    Membership.objects.create(user=reader, role="leader")
    return reader


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client


def _persona(django_user_model, username: str, full_name: str, **membership):
    from accounts.models import Membership

    user = django_user_model.objects.create_user(
        username=username, password=PASSWORD, first_name=full_name
    )
    if membership:
        Membership.objects.create(user=user, **membership)
    return user


@pytest.fixture
def personas(hengyang_plan, django_user_model):
    """One user per role on the real plan (docs: tests/README in conftest):

    office 总专班; liaison + staff of campaign 1 (内需扩量提效); other_staff of campaign 2;
    dept_user of 市商务局; county_user of 衡阳县; leader (read-only); admin.
    """
    from campaigns.models import Campaign, Department, Region

    first = Campaign.objects.get(plan=hengyang_plan, number=1)
    second = Campaign.objects.get(plan=hengyang_plan, number=2)
    return {
        "admin": _persona(django_user_model, "admin_user", "管理员", role="admin"),
        "office": _persona(django_user_model, "office", "总专班张", role="office"),
        "liaison": _persona(
            django_user_model,
            "liaison",
            "专班联络员李",
            role="campaign",
            campaign=first,
            is_liaison=True,
        ),
        "staff": _persona(
            django_user_model, "staff1", "专班人员王", role="campaign", campaign=first
        ),
        "other_staff": _persona(
            django_user_model, "staff2", "二专班人员赵", role="campaign", campaign=second
        ),
        "dept_user": _persona(
            django_user_model,
            "commerce",
            "商务局刘",
            role="department",
            department=Department.objects.get(name="市商务局"),
        ),
        "county_user": _persona(
            django_user_model,
            "county",
            "衡阳县陈",
            role="region",
            region=Region.objects.get(name="衡阳县"),
        ),
        "leader": _persona(django_user_model, "leader", "市领导", role="leader"),
        "campaign": first,
        "other_campaign": second,
    }


@pytest.fixture
def login(client):
    """Log a persona in and return the client: login(personas["office"])."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
