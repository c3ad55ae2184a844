"""The supervision notice journey, clicked through as people would (issue 9 §3)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from campaigns.models import Department
from dispatch.models import Notice
from tasks.models import Task
from tests.conftest import PASSWORD

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(browser, live_server, user, width=1280):
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
    page.screenshot(path=SCREENSHOTS / f"dispatch-{name}.png", full_page=True)


def test_office_issues_department_signs_replies_office_returns_then_closes(
    browser, live_server, personas, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    commerce = Department.objects.get(name="市商务局")
    task = Task.objects.filter(lead_departments=commerce).order_by("order").first()
    deadline = timezone.localdate() + timedelta(days=10)

    # 总专班 issues a notice about a task to 市商务局.
    office = _login(browser, live_server, personas["office"])
    office.goto(f"{live_server.url}/dispatch/notices/new/?task={task.pk}")
    office.select_option("#id_departments", str(commerce.pk))
    office.fill("#id_title", "加快消费品以旧换新资金拨付")
    office.fill("#id_requirement", "请于时限内完成资金拨付并上传拨付凭证。")
    office.select_option("#id_level", "orange")
    office.fill("#id_deadline", deadline.isoformat())
    _shot(office, "1-issue")
    office.click("button.primary:has-text('下发')")
    office.wait_for_load_state()
    notice = Notice.objects.get(task=task, department=commerce)
    assert notice.status == "issued" and "已下发督办单1份" in office.content()

    # The department finds it in its to-do list, signs, and replies with evidence.
    department = _login(browser, live_server, personas["dept_user"], width=390)
    department.goto(f"{live_server.url}/dispatch/todo/")
    department.click(f"text={notice.number}")
    department.click("button:has-text('签收')")
    department.wait_for_load_state()
    evidence = tmp_path / "拨付凭证.pdf"
    evidence.write_bytes(b"%PDF-1.4 payment voucher")
    department.fill("#form-reply #id_reply", "已拨付资金八成。")
    department.set_input_files("#form-reply #id_files", str(evidence))
    department.click("button:has-text('提交反馈')")
    department.wait_for_load_state()
    notice.refresh_from_db()
    assert notice.status == "replied"
    assert "拨付凭证.pdf" in department.content()
    width = department.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    _shot(department, "2-replied-phone")

    # 总专班 sends it back once with a reason.
    office.goto(f"{live_server.url}/dispatch/notices/{notice.pk}/")
    office.fill("#form-return #id_reason", "请补充剩余两成的拨付计划。")
    office.click("button:has-text('退回修改')")
    office.wait_for_load_state()
    notice.refresh_from_db()
    assert notice.status == "returned"

    # The department sees the reason and replies again.
    department.goto(f"{live_server.url}/dispatch/notices/{notice.pk}/")
    assert "请补充剩余两成的拨付计划" in department.content()
    department.fill("#form-reply #id_reply", "已全部拨付到位。")
    department.click("button:has-text('提交反馈')")
    department.wait_for_load_state()

    # 总专班 closes it; the timeline shows every step.
    office.goto(f"{live_server.url}/dispatch/notices/{notice.pk}/")
    office.fill("#form-close #id_note", "同意办结。")
    office.click("button:has-text('办结')")
    office.wait_for_load_state()
    notice.refresh_from_db()
    assert notice.status == "closed"
    timeline = office.locator(".timeline").inner_text()
    for step in ("交办", "签收", "反馈", "退回", "办结"):
        assert step in timeline
    _shot(office, "3-closed")
