from django.db import models


class PeriodKind(models.TextChoices):
    """Reporting rhythms named in the plan: 旬调度、双周调度、月通报、季讲评."""

    TEN_DAY = "ten_day", "旬"
    FORTNIGHT = "fortnight", "双周"
    MONTH = "month", "月"
    QUARTER = "quarter", "季度"
