from django.db import migrations


def install(apps, schema_editor):
    from notifications.schedules import install_default_schedules

    install_default_schedules(
        apps.get_model("django_celery_beat", "PeriodicTask"),
        apps.get_model("django_celery_beat", "CrontabSchedule"),
    )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_notification_kinds")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
