"""A project owner files a fortnightly update; the region and campaign summaries follow (issue 9)."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.conf import settings

from campaigns.models import Department, Region
from projects.models import ProjectUpdate
from reporting.services import period_ensure_year
from tests.conftest import PASSWORD

from .conftest import make_project

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(browser, live_server, user, width: int = 1280):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"projects-{name}.png", full_page=True)


def _row(page, section: int, label: str) -> list[str]:
    row = page.locator(f"#group-{section} tr", has_text=label).first
    return [cell.strip() for cell in row.locator("td").all_inner_texts()]


def test_owner_files_an_update_and_the_summaries_change(browser, live_server, personas):
    with time_machine.travel(date(2025, 5, 12), tick=True):
        period_ensure_year(year=2025)
        commerce = Department.objects.get(name="市商务局")
        project = make_project(
            code="XM001",
            name="衡阳县产业园标准厂房",
            campaign=personas["campaign"],
            region=Region.objects.get(name="衡阳县"),
            department=commerce,
        )
        make_project(
            code="XM002",
            name="珠晖区城市更新",
            campaign=personas["other_campaign"],
            region=Region.objects.get(name="珠晖区"),
            department=Department.objects.get(name="市发展改革委"),
            category="urban",
        )

        office = _login(browser, live_server, personas["office"])
        office.goto(f"{live_server.url}/projects/summary/")
        assert "2025年第10期双周" in office.content()
        assert _row(office, 1, "衡阳县")[3] == "0.0%"
        _shot(office, "1-summary-before")

        owner = _login(browser, live_server, personas["dept_user"])
        owner.goto(f"{live_server.url}/projects/")
        owner.click("text=XM001")
        owner.check("#id_started")
        owner.fill("#id_start_date", "2025-03-10")
        owner.fill("#id_investment", "300")
        owner.fill("#id_cumulative_investment", "2000")
        owner.fill("#id_funds_paid", "600")
        owner.fill("#id_physical_percent", "35")
        owner.fill("#id_problems", "用地报批需市自然资源局协调")
        owner.click("button.primary:has-text('提交进展')")
        owner.wait_for_load_state()
        assert "已填报2025年第10期双周进展" in owner.content()
        _shot(owner, "2-update-filed")
        update = ProjectUpdate.objects.get(project=project)
        assert update.cumulative_investment == Decimal("2000")

        office.reload()
        region = _row(office, 1, "衡阳县")
        assert (region[3], region[4], region[5], region[8]) == ("100.0%", "60.0%", "35.0%", "50.0%")
        campaign = _row(office, 2, "内需扩量提效攻坚")
        assert campaign[3] == "100.0%"
        assert _row(office, 2, "产业育新培强攻坚")[3] == "0.0%"
        assert _row(office, 1, "珠晖区")[3] == "0.0%"
        _shot(office, "3-summary-after")

        phone = _login(browser, live_server, personas["dept_user"], width=390)
        for path, name in (
            ("/projects/summary/", "4-phone-summary"),
            (f"/projects/{project.pk}/", "5-phone-detail"),
        ):
            phone.goto(f"{live_server.url}{path}")
            overflow = phone.evaluate("document.documentElement.scrollWidth > window.innerWidth")
            assert not overflow, path
            _shot(phone, name)
