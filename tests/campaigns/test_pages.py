import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.models import Campaign, Department


@pytest.mark.django_db
def test_home_lists_the_seven_campaigns_with_conveners_leads_and_task_counts(
    user_client, hengyang_plan
):
    html = user_client.get("/").content.decode()
    for campaign in hengyang_plan.campaigns.all():
        assert campaign.name in html
        assert f"<strong>{campaign.tasks.count()}</strong> 项" in html
    assert "市政府分管副市长" in html
    assert "市发展改革委" in html  # a deputy convener's unit, shown as lead department


@pytest.mark.django_db
def test_campaign_page_shows_goals_task_force_and_task_tree(user_client, hengyang_plan):
    campaign = Campaign.objects.get(plan=hengyang_plan, number=7)
    html = user_client.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert campaign.goals[:30] in html
    assert "更新义务教育学校设备" in html  # a nested child task
    assert 'class="tasks nested"' in html
    assert "市教育局" in html
    assert "（1）" in html


@pytest.mark.django_db
def test_campaign_page_query_count_does_not_grow_with_tasks(user_client, hengyang_plan):
    small = Campaign.objects.get(plan=hengyang_plan, number=1)
    large = Campaign.objects.get(plan=hengyang_plan, number=4)
    assert large.tasks.count() > 2 * small.tasks.count()
    counts = []
    for campaign in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            assert user_client.get(f"/campaigns/{campaign.pk}/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_department_page_separates_led_and_shared_tasks(user_client, hengyang_plan):
    department = Department.objects.get(name="市商务局")
    response = user_client.get(f"/departments/{department.pk}/")
    html = response.content.decode()
    led, shared = response.context["led"], response.context["shared"]
    assert led and shared
    assert all(department in t.lead_departments.all() for t in led)
    assert all(department in t.co_departments.all() for t in shared)
    assert "牵头任务" in html and "参与任务" in html


@pytest.mark.django_db
def test_department_alias_resolves_to_one_department(user_client, hengyang_plan):
    merged = Department.objects.get(name="市文化旅游广电体育局")
    assert merged.aliases.filter(alias="市文旅广体局").exists()
    html = user_client.get("/departments/?q=文旅广体").content.decode()
    assert "市文化旅游广电体育局" in html


@pytest.mark.django_db
def test_task_page_shows_text_units_and_targets(user_client, hengyang_plan):
    task = hengyang_plan.tasks.filter(targets__isnull=False).first()
    html = user_client.get(f"/tasks/{task.pk}/").content.decode()
    assert task.title in html
    assert "量化指标" in html
