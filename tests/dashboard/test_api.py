import pytest
from django.urls import include, path, reverse
from drf_spectacular.generators import SchemaGenerator

from dashboard.api import urls as dashboard_api
from dashboard.models import LightRule

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "api:dashboard-summary",
    "api:dashboard-targets",
    "api:dashboard-campaigns",
    "api:dashboard-rule-list",
]


def test_api_serves_readers_and_refuses_other_roles_and_anonymous(seeded, personas, login, client):
    for name in ENDPOINTS:
        assert client.get(reverse(name)).status_code in (401, 403)
    for persona in ["office", "leader", "admin", "liaison", "dept_user", "county_user"]:
        api = login(personas[persona])
        for name in ENDPOINTS:
            expected = 200 if persona in ("office", "leader", "admin") else 403
            assert api.get(reverse(name)).status_code == expected, (persona, name)


def test_api_returns_the_same_figures_as_the_page(seeded, personas, login):
    data = login(personas["leader"]).get(reverse("api:dashboard-summary")).json()
    assert data["scope"]["period_label"] == "2025年10月"
    assert [t["name"] for t in data["targets"][:6]] == [
        "地区生产总值",
        "规模工业增加值",
        "固定资产投资",
        "社会消费品零售总额",
        "进出口总额",
        "地方一般公共预算收入",
    ]
    assert {t["light"] for t in data["targets"]} <= {"green", "yellow", "red", "grey"}
    assert len(data["campaigns"]) == 7 and len(data["report_matrix"]) == 7
    assert len(data["region_matrix"]) == 16 and len(data["months"]) == 10
    assert data["ranking_target"]["name"] == "地区生产总值"
    targets = login(personas["office"]).get(reverse("api:dashboard-targets")).json()
    assert targets == data["targets"]


def test_api_bad_query_is_400_naming_the_field(seeded, personas, login):
    response = login(personas["office"]).get(
        reverse("api:dashboard-summary") + "?period=abc&target=0"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["period"][0].startswith("月份：") and body["target"][0].startswith("排名指标：")


def test_api_light_rule_update_by_office_only(personas, login):
    url = reverse("api:dashboard-rule-change")
    leader = login(personas["leader"])
    assert leader.put(url, {"rate_yellow": "2"}, content_type="application/json").status_code == 403
    office = login(personas["office"])
    bad = office.put(url, {"rate_yellow": "abc"}, content_type="application/json")
    assert bad.status_code == 400 and "rate_yellow" in bad.json()
    good = office.put(url, {"rate_yellow": "2"}, content_type="application/json")
    assert good.status_code == 200 and LightRule.objects.get().rate_yellow == 2


def test_openapi_schema_documents_the_dashboard():
    # Only the dashboard's routes: the whole schema also depends on apps being built alongside.
    generator = SchemaGenerator(
        patterns=[path("api/", include((dashboard_api.urlpatterns, "api")))]
    )
    schema = generator.get_schema(request=None, public=True)
    paths = schema["paths"]
    assert {
        "/api/dashboard/summary/",
        "/api/dashboard/targets/",
        "/api/dashboard/campaigns/",
        "/api/dashboard/light-rule/",
        "/api/dashboard/light-rule/update/",
    } <= set(paths)
    assert "Dashboard" in str(paths["/api/dashboard/summary/"]["get"]["responses"])
    assert "region_ranking" in schema["components"]["schemas"]["Dashboard"]["properties"]
