"""Install the triggers that advance the dashboard's change sequence (PostgreSQL only)."""

from django.db import migrations

from dashboard.sources import CHANGE_FUNCTION, CHANGE_SEQUENCE, FUNCTION_SQL, SOURCES, trigger_sql


def _tables(apps) -> list[str]:
    return [apps.get_model(label)._meta.db_table for label, _ in SOURCES]


def install(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FUNCTION_SQL:
        schema_editor.execute(statement)
    for table in _tables(apps):
        for statement in trigger_sql(table):
            schema_editor.execute(statement)


def uninstall(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in _tables(apps):
        schema_editor.execute(f'DROP TRIGGER IF EXISTS {CHANGE_FUNCTION} ON "{table}"')
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {CHANGE_FUNCTION}()")
    schema_editor.execute(f"DROP SEQUENCE IF EXISTS {CHANGE_SEQUENCE}")


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0001_light_rule"),
        ("tasks", "0003_task_regions"),
        ("progress", "0001_initial"),
        ("indicators", "0001_initial"),
        ("reporting", "0002_campaignreport_provincialrank_reportevent_and_more"),
        ("counties", "0001_initial"),
        ("dispatch", "0002_escalation_schedule"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
