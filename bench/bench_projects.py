"""The major-project summary (selector and API) at 350 projects × 26 fortnightly updates and at
ten times that: query count (must stay flat) and latency, against a trivial endpoint (/api/me/)."""

import statistics
import time
from datetime import date
from decimal import Decimal

from common import Recorder, setup_django

RUNS = 15
SCALES = (1, 10)
PROJECTS = 350
YEAR = 2025


def reference():
    """A plan with seven campaigns, regions and departments, created once."""
    from campaigns.models import Campaign, Department, Plan, Region

    plan, _ = Plan.objects.get_or_create(title="重大项目压测方案", defaults={"year": YEAR})
    campaigns = [
        Campaign.objects.get_or_create(plan=plan, number=n, defaults={"name": f"压测攻坚{n}"})[0]
        for n in range(1, 8)
    ]
    regions = [
        Region.objects.get_or_create(
            code=f"BP{n:02d}", defaults={"name": f"压测县{n}", "kind": "county"}
        )[0]
        for n in range(12)
    ]
    departments = [Department.objects.get_or_create(name=f"压测局{n}")[0] for n in range(20)]
    return campaigns, regions, departments


def populate(first: int, last: int, campaigns, regions, departments, fortnights) -> None:
    """Projects number first to last - 1, each with an update for every fortnight (bulk_create)."""
    from django.db import connection

    from projects.models import Project, ProjectUpdate

    categories = ["industry", "urban", "county", "tourism", "other"]
    projects = Project.objects.bulk_create(
        Project(
            name=f"压测项目{n}",
            code=f"BENCH{n:06d}",
            campaign=campaigns[n % len(campaigns)],
            region=regions[n % len(regions)],
            category=categories[n % len(categories)],
            department=departments[n % len(departments)],
            total_investment=Decimal(10000 + n),
            annual_investment=Decimal(4000),
            planned_start=date(YEAR, 1, 1),
            planned_end=date(YEAR + 2, 12, 31),
            central_funds=Decimal(500 if n % 3 else 0),
            provincial_funds=Decimal(200),
        )
        for n in range(first, last)
    )
    updates = [
        ProjectUpdate(
            project=project,
            period=period,
            started=index > 2,
            start_date=fortnights[3].start if index > 2 else None,
            investment=Decimal(150),
            cumulative_investment=Decimal(150 * (index + 1)),
            funds_paid=Decimal(20 * (index + 1)),
            physical_percent=min(100, 4 * (index + 1)),
            problems="" if index % 5 else "需协调用地",
        )
        for project in projects
        for index, period in enumerate(fortnights)
    ]
    ProjectUpdate.objects.bulk_create(updates, batch_size=5000)
    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would give them
        cursor.execute("ANALYZE projects_project, projects_projectupdate")


def timed(call) -> tuple[float, int]:
    """Median milliseconds over RUNS calls, and the queries of one call."""
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    call()  # warm up
    with connection.execute_wrapper(count):
        call()
    latencies = []
    for _ in range(RUNS):
        started = time.perf_counter()
        call()
        latencies.append(time.perf_counter() - started)
    return statistics.median(latencies) * 1000, len(queries)


def main() -> None:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client

    from accounts.models import Membership
    from accounts.selectors import access_for
    from projects import selectors
    from reporting.services import period_ensure_year

    recorder = Recorder(__file__)
    with transaction.atomic():  # everything is rolled back at the end
        period_ensure_year(year=YEAR)
        fortnights = list(selectors.fortnights(YEAR))
        last = fortnights[-1]
        campaigns, regions, departments = reference()
        user, _ = get_user_model().objects.get_or_create(username="bench_projects_office")
        Membership.objects.get_or_create(user=user, role="office")
        client = Client()
        client.force_login(user)
        projects = selectors.projects_visible(access_for(user))
        made = 0
        for scale in SCALES:
            count = PROJECTS * scale
            populate(made, count, campaigns, regions, departments, fortnights)
            made = count
            label = f"scale{scale}"
            ms, queries = timed(lambda: selectors.project_summary(projects, last))
            recorder.record(f"project_summary_{label}_ms", ms, "ms")
            recorder.record(f"project_summary_{label}_queries", queries, "queries")

            def api():
                response = client.get("/api/project-summary/", {"period": last.pk})
                assert response.status_code == 200, response.status_code

            ms, queries = timed(api)
            recorder.record(f"project_summary_api_{label}_ms", ms, "ms")
            recorder.record(f"project_summary_api_{label}_queries", queries, "queries")
            trivial, _ = timed(lambda: client.get("/api/me/"))
            recorder.record(f"project_summary_api_{label}_vs_trivial", ms / trivial, "x")
        for suffix in ("", "_api"):
            small = recorder.figures[f"project_summary{suffix}_scale1_ms"]["value"]
            large = recorder.figures[f"project_summary{suffix}_scale10_ms"]["value"]
            recorder.record(f"project_summary{suffix}_scale10_vs_scale1", large / small, "x")
        transaction.set_rollback(True)
    recorder.save()


if __name__ == "__main__":
    main()
