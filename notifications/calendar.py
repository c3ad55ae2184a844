"""Working-day arithmetic for reminders: weekends only (the plan gives no holiday calendar)."""

import calendar
from datetime import date, timedelta


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def previous_working_day(day: date) -> date:
    """The day itself, or the Friday before when it falls on a weekend."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def next_working_day(day: date) -> date:
    """The day itself, or the Monday after when it falls on a weekend."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def day_of_month(year: int, month: int, day: int) -> date:
    """`day` of the month, clamped to its last day (the 31st of February is the 28th/29th)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def reminder_dates(year: int, month: int, days: list[int]) -> set[date]:
    """The month's reminder days, each moved to the previous working day when on a weekend."""
    return {previous_working_day(day_of_month(year, month, d)) for d in days}


def overdue_date(year: int, month: int, day: int) -> date:
    """The day of the overdue notice, moved to the next working day (never before the deadline)."""
    return next_working_day(day_of_month(year, month, day))
