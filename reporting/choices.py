from django.db import models


class PeriodKind(models.TextChoices):
    """Reporting rhythms named in the plan: 旬调度、双周调度、月通报、季讲评."""

    TEN_DAY = "ten_day", "旬"
    FORTNIGHT = "fortnight", "双周"
    MONTH = "month", "月"
    QUARTER = "quarter", "季度"


class ReportStatus(models.TextChoices):
    """The monthly report's workflow: draft → submitted → (returned → submitted)* → accepted."""

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送"
    RETURNED = "returned", "已退回"
    ACCEPTED = "accepted", "已采纳"


class ReportAction(models.TextChoices):
    SUBMIT = "submit", "报送"
    RETURN = "return", "退回"
    ACCEPT = "accept", "采纳"
    REOPEN = "reopen", "重新打开"
