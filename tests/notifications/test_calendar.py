from datetime import date

from notifications.calendar import overdue_date, reminder_dates


def test_reminders_on_weekdays_stay_on_their_day():
    # March 2025: the 20th is a Thursday, the 23rd a Sunday.
    assert reminder_dates(2025, 3, [20, 23]) == {date(2025, 3, 20), date(2025, 3, 21)}


def test_a_reminder_on_saturday_moves_to_friday():
    # September 2025: the 20th is a Saturday.
    assert date(2025, 9, 19) in reminder_dates(2025, 9, [20])


def test_reminder_days_past_the_month_end_are_clamped():
    assert reminder_dates(2025, 2, [31]) == {date(2025, 2, 28)}


def test_the_overdue_notice_moves_to_monday_never_before_the_deadline():
    # October 2025: the 26th is a Sunday → Monday the 27th.
    assert overdue_date(2025, 10, 26) == date(2025, 10, 27)
    assert overdue_date(2025, 3, 26) == date(2025, 3, 26)
