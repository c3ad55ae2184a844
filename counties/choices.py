from django.db import models


class SubmissionStatus(models.TextChoices):
    """Where one uploaded workbook stands."""

    QUEUED = "queued", "排队中"
    PROCESSING = "processing", "处理中"
    REJECTED = "rejected", "未通过校验"
    APPLIED = "applied", "已入库"
    UNCHANGED = "unchanged", "与上次相同，未作改动"
    FAILED = "failed", "处理失败"


FINISHED_STATUSES = frozenset(
    {
        SubmissionStatus.REJECTED,
        SubmissionStatus.APPLIED,
        SubmissionStatus.UNCHANGED,
        SubmissionStatus.FAILED,
    }
)


class RegionPeriodStatus(models.TextChoices):
    """A region's standing for one month, as the submission matrix shows it."""

    NOT_STARTED = "not_started", "未报送"
    ERROR = "error", "有错误"
    SUBMITTED = "submitted", "已报送"
    ACCEPTED = "accepted", "已采纳"
