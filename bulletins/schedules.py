"""The default beat schedule of the monthly bulletin draft, installed by a migration."""

DRAFT_SCHEDULE_NAME = "月通报起草"
DRAFT_JOB = "bulletins.jobs.bulletin_draft_job"


def install_draft_schedule(periodic_task_model, crontab_model) -> bool:
    """Create the draft schedule (the 26th, after the deadline) unless it exists already."""
    if periodic_task_model.objects.filter(name=DRAFT_SCHEDULE_NAME).exists():
        return False
    crontab, _ = crontab_model.objects.get_or_create(
        minute="0",
        hour="11",
        day_of_month="26",
        month_of_year="*",
        day_of_week="*",
        timezone="Asia/Shanghai",
    )
    periodic_task_model.objects.create(
        name=DRAFT_SCHEDULE_NAME,
        task=DRAFT_JOB,
        crontab=crontab,
        kwargs="{}",
        description="每月26日（报送截止后）按已报送和已采纳的月报、指标数据和报送记录生成当月通报草稿，"
        "已编辑的文字保留。",
        enabled=True,
    )
    return True
