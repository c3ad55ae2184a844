from django.db import models


class NoticeLevel(models.TextChoices):
    """督办等级, by severity or lateness; overdue notices go up one level at a time."""

    BLUE = "blue", "蓝色"
    ORANGE = "orange", "橙色"
    RED = "red", "红色"


LEVEL_ORDER = [NoticeLevel.BLUE, NoticeLevel.ORANGE, NoticeLevel.RED]


class NoticeStatus(models.TextChoices):
    """交办 → 签收 → 反馈 → 审核（退回 or 办结）."""

    ISSUED = "issued", "已交办"
    SIGNED = "signed", "已签收"
    REPLIED = "replied", "已反馈待审核"
    RETURNED = "returned", "已退回"
    CLOSED = "closed", "已办结"


OPEN_STATUSES = [s for s in NoticeStatus if s != NoticeStatus.CLOSED]


class NoticeEventKind(models.TextChoices):
    ISSUE = "issue", "交办"
    SIGN = "sign", "签收"
    REPLY = "reply", "反馈"
    RETURN = "return", "退回"
    CLOSE = "close", "办结"
    URGE = "urge", "催办"
    EXTENSION_REQUEST = "extension_request", "延期申请"
    EXTENSION_APPROVE = "extension_approve", "同意延期"
    EXTENSION_REFUSE = "extension_refuse", "不同意延期"
    ESCALATE = "escalate", "逾期升级"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已同意"
    REFUSED = "refused", "不同意"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", "办理中"
    CLOSED = "closed", "已办结"
