"""`make run` uses SQLite: the queries that pick each project's newest update must compile there
too (DISTINCT ON, PostgreSQL's shortcut, does not)."""

from datetime import date

import pytest
from django.db.backends.sqlite3.base import DatabaseWrapper

from projects.models import ProjectUpdate
from projects.selectors import newest_updates
from reporting.models import Period


def test_newest_updates_compile_for_sqlite(settings):
    sqlite = DatabaseWrapper(
        {
            **settings.DATABASES["default"],
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": ":memory:",
        }
    )
    period = Period(kind="fortnight", start=date(2025, 3, 12), end=date(2025, 3, 25))
    query = newest_updates(ProjectUpdate.objects.filter(project__region_id=1), period).query
    sql, _ = query.get_compiler(connection=sqlite).as_sql()
    assert "DISTINCT ON" not in sql and "SELECT" in sql
    with pytest.raises(Exception, match="DISTINCT ON"):
        distinct = ProjectUpdate.objects.order_by("project_id").distinct("project_id").query
        distinct.get_compiler(connection=sqlite).as_sql()
