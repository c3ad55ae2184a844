"""The escalation job's default beat schedule, installed by a migration, editable in the platform."""

import json

ESCALATION_SCHEDULE = "督办单逾期升级"
ESCALATION_JOB = "dispatch.jobs.notice_escalation_job"


def install_escalation_schedule(periodic_task_model, crontab_model) -> bool:
    """Create the daily 08:45 escalation schedule unless one of that name exists."""
    if periodic_task_model.objects.filter(name=ESCALATION_SCHEDULE).exists():
        return False
    crontab, _ = crontab_model.objects.get_or_create(
        minute="45",
        hour="8",
        day_of_month="*",
        month_of_year="*",
        day_of_week="*",
        timezone="Asia/Shanghai",
    )
    periodic_task_model.objects.create(
        name=ESCALATION_SCHEDULE,
        task=ESCALATION_JOB,
        crontab=crontab,
        kwargs=json.dumps({}),
        description="每天检查逾期未办结的督办单：升级一级并通知攻坚召集人和总专班。",
        enabled=True,
    )
    return True
