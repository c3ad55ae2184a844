from django.db import migrations


def install(apps, schema_editor):
    from bulletins.schedules import DRAFT_SCHEDULE_NAME, install_schedule

    install_schedule(
        apps.get_model("django_celery_beat", "PeriodicTask"),
        apps.get_model("django_celery_beat", "CrontabSchedule"),
        DRAFT_SCHEDULE_NAME,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("bulletins", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
