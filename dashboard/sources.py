"""The tables the dashboard's figures are computed from, and how a change to them is noticed.

On PostgreSQL a statement-level trigger on each table advances one sequence (migration 0002):
reading it is one lookup however many rows the tables hold. The trigger first takes a shared,
transaction-scoped advisory lock (writers never wait for each other): while a writer has not
committed, readers see the lock and do not cache figures under the new sequence value. Adding
a source table means adding it here and in a migration that installs its trigger.
"""

CHANGE_SEQUENCE = "dashboard_data_change"
CHANGE_FUNCTION = "dashboard_data_changed"
WRITER_LOCK = 7_320_011  # the advisory lock key writers of the source tables hold

# (model label, a column that grows on every insert or edit) — the column serves the
# scan-based fingerprint of SQLite, the embedded database of `make run`.
SOURCES = (
    ("tasks.Task", "updated_at"),
    ("progress.TaskProgress", "updated_at"),
    ("indicators.IndicatorValue", "updated_at"),
    ("indicators.IndicatorRank", "id"),
    ("reporting.CampaignReport", "updated_at"),
    ("reporting.ReportEvent", "id"),
    ("tasks.RegionalTarget", "id"),
    ("counties.RegionPeriod", "id"),
    ("dispatch.Notice", "id"),
    ("dispatch.NoticeEvent", "id"),
    ("dashboard.LightRule", "updated_at"),
    ("reporting.Period", "deadline"),
)


def trigger_sql(table: str) -> list[str]:
    """Statements installing the change trigger on one table (PostgreSQL)."""
    return [
        f'DROP TRIGGER IF EXISTS {CHANGE_FUNCTION} ON "{table}"',
        f'CREATE TRIGGER {CHANGE_FUNCTION} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
        f"FOR EACH STATEMENT EXECUTE FUNCTION {CHANGE_FUNCTION}()",
    ]


FUNCTION_SQL = [
    f"CREATE SEQUENCE IF NOT EXISTS {CHANGE_SEQUENCE}",
    f"CREATE OR REPLACE FUNCTION {CHANGE_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN PERFORM pg_advisory_xact_lock_shared({WRITER_LOCK}); "
    f"PERFORM nextval('{CHANGE_SEQUENCE}'); RETURN NULL; END $$",
]
