"""The task force's whole monthly loop, clicked through as people would (issue 4)."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from campaigns.models import Department
from reporting.models import CampaignReport, Period
from reporting.services import period_ensure_year
from tasks.models import Task
from tests.conftest import PASSWORD

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(browser, live_server, user):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"loop-{name}.png", full_page=True)


def test_monthly_loop_update_submit_return_resubmit_accept(
    browser, live_server, personas, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    period_ensure_year(year=2025)
    march = Period.objects.get(kind="month", start=date(2025, 3, 1))
    campaign = personas["campaign"]
    tasks = list(Task.objects.filter(campaign=campaign, parent__isnull=True).order_by("order")[:3])

    # The liaison records progress on three tasks.
    liaison = _login(browser, live_server, personas["liaison"])
    for index, task in enumerate(tasks, start=1):
        liaison.goto(f"{live_server.url}/progress/tasks/{task.pk}/{march.pk}/")
        liaison.select_option("#id_status", "in_progress")
        liaison.fill("#id_percent", str(20 * index))
        liaison.fill("#id_done", f"第{index}项任务：召开专题推进会，完成阶段目标。")
        liaison.click("button.primary:has-text('保存')")
        liaison.wait_for_load_state()
        assert "召开专题推进会" in liaison.content()
    _shot(liaison, "1-progress")

    # The month's report is pre-filled from that progress; the liaison adds a practice and submits.
    liaison.goto(f"{live_server.url}/reports/{campaign.pk}/{march.pk}/")
    assert "第1项任务：召开专题推进会" in liaison.input_value("#id_progress")
    liaison.fill("#id_practices", "建立“一项目一专班”机制，周调度、月通报。")
    liaison.click("button.primary:has-text('保存')")
    liaison.wait_for_load_state()
    liaison.click("button:has-text('报送月报')")
    liaison.wait_for_load_state()
    report = CampaignReport.objects.get(campaign=campaign, period=march)
    assert report.status == "submitted"
    _shot(liaison, "2-submitted")

    # 总专班 returns it with a reason.
    office = _login(browser, live_server, personas["office"])
    office.goto(f"{live_server.url}/reports/review/?period={march.pk}")
    assert campaign.name in office.content()
    office.goto(f"{live_server.url}/reports/{campaign.pk}/{march.pk}/")
    office.fill("#reason-return", "存在问题部分过于笼统，请补充具体问题。")
    office.click("button:has-text('退回修改')")
    office.wait_for_load_state()
    report.refresh_from_db()
    assert report.status == "returned"

    # The liaison sees the reason, fixes the report and resubmits.
    liaison.goto(f"{live_server.url}/reports/{campaign.pk}/{march.pk}/")
    assert "存在问题部分过于笼统" in liaison.content()
    liaison.fill("#id_problems", "部分项目用地报批进度慢，需市自然资源和规划局加快审批。")
    liaison.click("button.primary:has-text('保存')")
    liaison.wait_for_load_state()
    liaison.click("button:has-text('报送月报')")
    liaison.wait_for_load_state()
    report.refresh_from_db()
    assert report.status == "submitted"

    # 总专班 accepts; the report is locked.
    office.goto(f"{live_server.url}/reports/{campaign.pk}/{march.pk}/")
    office.click("button:has-text('采纳')")
    office.wait_for_load_state()
    report.refresh_from_db()
    assert report.status == "accepted"
    liaison.goto(f"{live_server.url}/reports/{campaign.pk}/{march.pk}/")
    assert liaison.locator("#id_problems").count() == 0
    assert liaison.locator("button:has-text('报送月报')").count() == 0
    _shot(liaison, "3-accepted")


def test_department_updates_its_part_and_leader_only_reads(
    browser, live_server, personas, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    period_ensure_year(year=2025)
    march = Period.objects.get(kind="month", start=date(2025, 3, 1))
    commerce = Department.objects.get(name="市商务局")
    task = Task.objects.filter(co_departments=commerce).order_by("order").first()

    department = _login(browser, live_server, personas["dept_user"])
    department.goto(f"{live_server.url}/progress/tasks/{task.pk}/{march.pk}/")
    department.fill("#id_percent", "40")
    department.fill("#id_done", "市商务局：完成本部门承担的摸底工作。")
    department.click("button.primary:has-text('保存')")
    department.wait_for_load_state()
    assert "市商务局：完成本部门承担的摸底工作" in department.content()
    _shot(department, "4-department")

    leader = _login(browser, live_server, personas["leader"])
    leader.goto(f"{live_server.url}/progress/tasks/{task.pk}/{march.pk}/")
    assert "市商务局：完成本部门承担的摸底工作" in leader.content()
    assert leader.locator("#id_percent").count() == 0
    leader.goto(f"{live_server.url}/campaigns/{task.campaign_id}/lists/task/")
    assert leader.locator("text=新增事项").count() == 0
    _shot(leader, "5-leader")
