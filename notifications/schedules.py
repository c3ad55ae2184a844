"""The default beat schedules, installed by a migration and editable in the platform."""

import json

# name → (job path, description, crontab fields, kwargs)
DEFAULT_SCHEDULES = {
    "月报报送提醒": (
        "notifications.jobs.report_reminders_job",
        "每月提醒日（默认20日、23日，遇周末提前到周五）提醒未报送月报的专班联络员和工作人员。",
        {"minute": "0", "hour": "9", "day_of_month": "*"},
        {"days": [20, 23]},
    ),
    "县市区报表提醒": (
        "notifications.jobs.workbook_reminders_job",
        "每月提醒日（默认20日、23日，遇周末提前到周五）提醒尚未上传报表的县市区。",
        {"minute": "5", "hour": "9", "day_of_month": "*"},
        {"days": [20, 23]},
    ),
    "月报逾期通知": (
        "notifications.jobs.report_overdue_job",
        "截止后（默认26日，遇周末顺延到周一）通知逾期专班，并向总专班发送逾期专班和县市区清单。",
        {"minute": "30", "hour": "9", "day_of_month": "*"},
        {"day": 26},
    ),
    "任务到期提醒": (
        "notifications.jobs.task_deadline_job",
        "任务或清单事项到期前N天（默认7天）及逾期后提醒牵头单位。",
        {"minute": "0", "hour": "10", "day_of_month": "*"},
        {"days_before": 7},
    ),
    "进度滞后提示": (
        "notifications.jobs.task_lagging_job",
        "每月向专班提示进度落后于时序进度（默认容差10个百分点）的任务。",
        {"minute": "0", "hour": "10", "day_of_month": "15"},
        {"tolerance": 10},
    ),
    "旬调度提醒": (
        "notifications.jobs.dispatch_digest_job",
        "每月1日、11日、21日向总专班和各专班发送旬调度提醒。",
        {"minute": "30", "hour": "8", "day_of_month": "1,11,21"},
        {},
    ),
}


def install_default_schedules(periodic_task_model, crontab_model) -> int:
    """Create the schedules that do not exist yet (by name); existing ones are left as edited."""
    created = 0
    for name, (job, description, cron, kwargs) in DEFAULT_SCHEDULES.items():
        if periodic_task_model.objects.filter(name=name).exists():
            continue
        crontab, _ = crontab_model.objects.get_or_create(
            month_of_year="*", day_of_week="*", timezone="Asia/Shanghai", **cron
        )
        periodic_task_model.objects.create(
            name=name,
            task=job,
            crontab=crontab,
            kwargs=json.dumps(kwargs),
            description=description,
            enabled=True,
        )
        created += 1
    return created


DEMO_SCHEDULE = "演示：月报报送提醒（每10分钟）"


def install_demo_schedule(periodic_task_model, interval_model) -> bool:
    """For the embedded demo only: every day is a reminder day, checked every ten minutes.

    The exactly-once rule still holds, so each person gets one reminder a day.
    """
    if periodic_task_model.objects.filter(name=DEMO_SCHEDULE).exists():
        return False
    every, _ = interval_model.objects.get_or_create(every=10, period="minutes")
    periodic_task_model.objects.create(
        name=DEMO_SCHEDULE,
        task="notifications.jobs.report_reminders_job",
        interval=every,
        kwargs=json.dumps({"days": list(range(1, 32))}),
        description="演示环境专用：每天都是提醒日，让新用户马上看到提醒到达通知中心。",
        enabled=True,
    )
    return True
