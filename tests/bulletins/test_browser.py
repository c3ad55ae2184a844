"""总专班 drafts, edits and issues the month's bulletin; a leader reads it on a phone (issue 8)."""

from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command

from bulletins.models import Bulletin
from reporting.models import Period
from tests.conftest import PASSWORD

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(browser, live_server, user, width: int = 1280):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="zh-CN", accept_downloads=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"bulletin-{name}.png", full_page=True)


def test_office_drafts_edits_and_issues_then_leader_reads_on_phone(
    browser, live_server, personas, tmp_path
):
    call_command("seed_demo", verbosity=0)
    march = Period.objects.get(kind="month", start=date(2025, 3, 1))
    with time_machine.travel(date(2025, 3, 28), tick=True):
        office = _login(browser, live_server, personas["office"])
        office.goto(f"{live_server.url}/bulletins/")
        office.select_option("#id_period", str(march.pk))
        office.click("button:has-text('按数据生成草稿')")
        office.wait_for_url("**/edit/")
        office.fill("#id_requirements", "各专班要对照时序进度，逐项补齐短板。")
        _shot(office, "1-edit")
        office.click("button.primary:has-text('保存')")
        office.wait_for_load_state()
        assert "各专班要对照时序进度，逐项补齐短板。" in office.content()
        office.click("button:has-text('印发通报')")
        office.wait_for_load_state()
        assert "已印发" in office.content()
        _shot(office, "2-issued")
    bulletin = Bulletin.objects.get()
    assert bulletin.is_issued
    assert bulletin.requirements == "各专班要对照时序进度，逐项补齐短板。"

    leader = _login(browser, live_server, personas["leader"], width=390)
    leader.goto(f"{live_server.url}/bulletins/")
    leader.click(f"a:has-text('{bulletin.title}')")
    leader.wait_for_load_state()
    assert "各专班要对照时序进度，逐项补齐短板。" in leader.content()
    overflow = leader.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert leader.evaluate(
        "[...document.querySelectorAll('.chart img')].every(i => i.naturalWidth > 0)"
    )
    _shot(leader, "3-leader-phone")
    with leader.expect_download() as download:
        leader.click("a:has-text('下载PDF')")
    path = tmp_path / "bulletin.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")


def test_office_drafts_and_issues_the_quarterly_review_then_leader_reads_it_on_phone(
    browser, live_server, personas, tmp_path
):
    from bulletins.models import QuarterlyReview

    with time_machine.travel(date(2025, 4, 10), tick=False):
        call_command("seed_demo", verbosity=0)
    first_quarter = Period.objects.get(kind="quarter", start=date(2025, 1, 1))
    with time_machine.travel(date(2025, 4, 28), tick=True):
        office = _login(browser, live_server, personas["office"])
        office.goto(f"{live_server.url}/bulletins/quarterly/")
        office.select_option("#id_period", str(first_quarter.pk))
        office.click("button:has-text('按数据生成草稿')")
        office.wait_for_url("**/edit/")
        office.fill("#id_opinion", "一季度各专班报送总体及时，改革开放攻坚需加快进度。")
        office.click("button.primary:has-text('保存')")
        office.wait_for_load_state()
        assert "评分办法" in office.content()
        office.click("button:has-text('印发季度讲评')")
        office.wait_for_load_state()
        assert "已印发" in office.content()
        _shot(office, "4-review-issued")
    review = QuarterlyReview.objects.get()
    assert review.is_issued and review.opinion.startswith("一季度各专班")
    top = review.data["campaigns"][0]

    leader = _login(browser, live_server, personas["leader"], width=390)
    leader.goto(f"{live_server.url}/bulletins/quarterly/")
    leader.click(f"a:has-text('{review.title}')")
    leader.wait_for_load_state()
    text = leader.inner_text("main")
    assert "改革开放攻坚需加快进度" in text and top["name"] in text
    assert (
        leader.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        <= 0
    )
    _shot(leader, "5-review-leader-phone")
    with leader.expect_download() as download:
        leader.click("a:has-text('下载PDF')")
    path = tmp_path / "review.pdf"
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
