"""Writes for reporting periods."""

import calendar
from datetime import date, timedelta

from django.db import transaction

from .choices import PeriodKind
from .models import Period

MONTHLY_DEADLINE_DAY = 25  # 各专班每月25日前报送


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _periods_of_year(year: int) -> list[Period]:
    periods: list[Period] = []
    for month in range(1, 13):
        end = _month_end(year, month)
        periods.append(
            Period(
                kind=PeriodKind.MONTH,
                start=date(year, month, 1),
                end=end,
                label=f"{year}年{month}月",
                deadline=date(year, month, MONTHLY_DEADLINE_DAY),
            )
        )
        for index, (first, last) in enumerate(((1, 10), (11, 20), (21, end.day))):
            periods.append(
                Period(
                    kind=PeriodKind.TEN_DAY,
                    start=date(year, month, first),
                    end=date(year, month, last),
                    label=f"{year}年{month}月{'上中下'[index]}旬",
                )
            )
    for quarter in range(1, 5):
        end = _month_end(year, quarter * 3)
        periods.append(
            Period(
                kind=PeriodKind.QUARTER,
                start=date(year, quarter * 3 - 2, 1),
                end=end,
                label=f"{year}年第{quarter}季度",
                deadline=end,
            )
        )
    # 26 fortnights from 1 January; the last one runs to 31 December.
    for number in range(1, 27):
        start = date(year, 1, 1) + timedelta(days=14 * (number - 1))
        end = date(year, 12, 31) if number == 26 else start + timedelta(days=13)
        periods.append(
            Period(
                kind=PeriodKind.FORTNIGHT, start=start, end=end, label=f"{year}年第{number}期双周"
            )
        )
    return periods


@transaction.atomic
def period_ensure_year(*, year: int) -> int:
    """Create the year's months, 旬, fortnights and quarters that do not exist yet."""
    before = Period.objects.count()
    Period.objects.bulk_create(_periods_of_year(year), ignore_conflicts=True)
    return Period.objects.count() - before
