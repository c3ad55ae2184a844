from datetime import date

import pytest

from reporting.models import Period
from reporting.services import period_ensure_year


@pytest.mark.django_db
def test_a_year_has_months_ten_day_periods_fortnights_and_quarters():
    created = period_ensure_year(year=2025)
    counts = {
        kind: Period.objects.filter(kind=kind).count()
        for kind in ("month", "ten_day", "quarter", "fortnight")
    }
    assert counts == {"month": 12, "ten_day": 36, "quarter": 4, "fortnight": 26}
    assert created == sum(counts.values())


@pytest.mark.django_db
def test_monthly_deadline_is_the_25th_and_february_ten_day_period_ends_on_the_28th():
    period_ensure_year(year=2025)
    february = Period.objects.get(kind="month", start=date(2025, 2, 1))
    assert february.deadline == date(2025, 2, 25)
    assert february.end == date(2025, 2, 28)
    last = Period.objects.get(kind="ten_day", start=date(2025, 2, 21))
    assert (last.end, last.label) == (date(2025, 2, 28), "2025年2月下旬")


@pytest.mark.django_db
def test_ensuring_a_year_twice_creates_nothing_new():
    period_ensure_year(year=2025)
    assert period_ensure_year(year=2025) == 0


@pytest.mark.django_db
def test_periods_filter_by_a_contained_date(user_client):
    period_ensure_year(year=2025)
    body = user_client.get("/api/periods/?date=2025-03-15&kind=ten_day").json()
    assert [p["label"] for p in body["results"]] == ["2025年3月中旬"]
