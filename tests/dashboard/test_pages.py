import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse

from audit.models import AuditEntry
from core.exports import XLSX_CONTENT_TYPE
from dashboard.models import LightRule
from dashboard.tables import TABLES

pytestmark = pytest.mark.django_db

READERS = ["office", "leader", "admin"]
OTHERS = ["liaison", "staff", "dept_user", "county_user"]
PAGES = ["dashboard", "leader-view", "dashboard-rule"]
# incl. the data fingerprint, the in-flight writes check and open supervision notices
DASHBOARD_QUERIES = 27
API_QUERIES = 24
CACHED_API_QUERIES = 6  # session, user, scope, fingerprint: the figures come from the cache


def test_office_leaders_and_admins_open_the_pages_and_other_roles_are_refused(
    seeded, personas, login
):
    for persona in READERS + OTHERS:
        client = login(personas[persona])
        for name in PAGES:
            response = client.get(reverse(name))
            expected = 200 if persona in READERS else 403
            assert response.status_code == expected, (persona, name)
            if expected == 200:
                assert "None" not in response.content.decode()


def test_anonymous_visitor_is_sent_to_login(client, seeded):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_dashboard_shows_lights_campaigns_matrices_and_chart_data(seeded, personas, login):
    page = login(personas["office"]).get(reverse("dashboard")).content.decode()
    for text in [
        "地区生产总值",
        "时序进度",
        "内需扩量提效攻坚",
        "月报报送情况",
        "县市区排名",
        "衡阳县",
    ]:
        assert text in page
    assert 'id="dashboard-charts"' in page and "light green" in page
    assert "<script>" not in page  # CSP: only the JSON block, no inline scripts


def test_leader_view_shows_headline_lights_and_no_bulletin_yet(seeded, personas, login):
    page = login(personas["leader"]).get(reverse("leader-view")).content.decode()
    assert page.count('class="light ') == 6
    assert "暂无通报" in page and "内需扩量提效攻坚" in page


def test_bad_query_shows_a_chinese_error_naming_the_field(seeded, personas, login):
    client = login(personas["office"])
    for query in ["period=abc", "period=999999", "target=xyz", "plan=0"]:
        response = client.get(reverse("dashboard") + "?" + query)
        assert response.status_code == 200
        field = {"period": "月份", "target": "排名指标", "plan": "方案"}[query.split("=")[0]]
        assert f'class="error">{field}：' in response.content.decode(), query


def test_every_table_exports_to_xlsx(seeded, personas, login):
    client = login(personas["leader"])
    for table in TABLES:
        response = client.get(reverse("dashboard-export", args=[table]))
        assert response.status_code == 200 and response["Content-Type"] == XLSX_CONTENT_TYPE


def test_export_of_an_unknown_table_is_404_and_refused_to_other_roles(seeded, personas, login):
    assert login(personas["office"]).get("/dashboard/export/nothing.xlsx").status_code == 404
    url = reverse("dashboard-export", args=["targets"])
    assert login(personas["county_user"]).get(url).status_code == 403


def test_office_changes_the_light_rule_and_it_is_audited(personas, login):
    data = {"rate_about": "0", "rate_yellow": "2", "progress_about": "5", "progress_yellow": "15"}
    response = login(personas["office"]).post(reverse("dashboard-rule"), data)
    assert response.status_code == 302
    assert LightRule.objects.get().rate_yellow == 2
    assert AuditEntry.objects.filter(summary="设置红黄绿灯规则").exists()


def test_leader_cannot_change_the_light_rule(personas, login):
    data = {"rate_about": "0", "rate_yellow": "2", "progress_about": "5", "progress_yellow": "15"}
    assert login(personas["leader"]).post(reverse("dashboard-rule"), data).status_code == 403
    assert not LightRule.objects.exists()


def test_bad_light_rule_values_get_a_chinese_error(personas, login):
    data = {"rate_about": "-1", "rate_yellow": "abc", "progress_about": "5", "progress_yellow": ""}
    response = login(personas["office"]).post(reverse("dashboard-rule"), data)
    assert response.status_code == 200 and not LightRule.objects.exists()
    assert "请输入一个数字" in response.content.decode() or "输入" in response.content.decode()


def test_dashboard_query_count_is_the_same_at_scale_one_and_ten(
    seeded, personas, login, django_assert_num_queries
):
    client = login(personas["office"])
    for scale in (1, 10):
        if scale == 10:
            call_command("seed_demo", scale=10, verbosity=0)
            client = login(personas["office"])
        cache.clear()  # measure the full computation, not the cached figures
        with django_assert_num_queries(DASHBOARD_QUERIES):
            assert client.get(reverse("dashboard")).status_code == 200
        cache.clear()
        with django_assert_num_queries(API_QUERIES):
            assert client.get(reverse("api:dashboard-summary")).status_code == 200


def test_figures_are_reused_until_the_data_changes(
    seeded, personas, login, django_assert_num_queries
):
    from progress.models import TaskProgress

    client = login(personas["office"])
    cache.clear()
    first = client.get(reverse("api:dashboard-summary")).json()
    with django_assert_num_queries(CACHED_API_QUERIES):
        assert client.get(reverse("api:dashboard-summary")).json() == first
    # What progress_save does to an entry: new figures and the next version.
    TaskProgress.objects.filter(pk=TaskProgress.objects.order_by("pk").first().pk).update(
        percent=55, version=F("version") + 1
    )
    with django_assert_num_queries(API_QUERIES):
        assert client.get(reverse("api:dashboard-summary")).status_code == 200
