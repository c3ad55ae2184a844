"""The default beat schedules of the bulletin and review drafts, installed by migrations."""

DRAFT_SCHEDULE_NAME = "月通报起草"
DRAFT_JOB = "bulletins.jobs.bulletin_draft_job"
REVIEW_SCHEDULE_NAME = "季度讲评起草"
REVIEW_JOB = "bulletins.jobs.review_draft_job"

# name → (job, crontab fields, description)
SCHEDULES = {
    DRAFT_SCHEDULE_NAME: (
        DRAFT_JOB,
        {"minute": "0", "hour": "11", "day_of_month": "26", "month_of_year": "*"},
        "每月26日（报送截止后）按已报送和已采纳的月报、指标数据和报送记录生成当月通报草稿，"
        "已编辑的文字保留。",
    ),
    REVIEW_SCHEDULE_NAME: (
        REVIEW_JOB,
        {"minute": "0", "hour": "11", "day_of_month": "28", "month_of_year": "1,4,7,10"},
        "每季度结束后次月28日（当月通报起草之后）按三个月的报送记录、指标数据、任务进展和已印发通报"
        "生成上季度讲评草稿并计分，已编辑的讲评意见保留。",
    ),
}


def install_schedule(periodic_task_model, crontab_model, name: str) -> bool:
    """Create one default schedule unless a schedule of that name exists already."""
    if periodic_task_model.objects.filter(name=name).exists():
        return False
    job, cron, description = SCHEDULES[name]
    crontab, _ = crontab_model.objects.get_or_create(
        day_of_week="*", timezone="Asia/Shanghai", **cron
    )
    periodic_task_model.objects.create(
        name=name, task=job, crontab=crontab, kwargs="{}", description=description, enabled=True
    )
    return True
