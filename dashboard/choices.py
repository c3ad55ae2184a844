from django.db import models


class Light(models.TextChoices):
    """红黄绿灯: how a target stands against its value and 时序进度."""

    GREEN = "green", "绿灯"
    YELLOW = "yellow", "黄灯"
    RED = "red", "红灯"
    GREY = "grey", "无数据"


class Delivery(models.TextChoices):
    """A cell of the completeness matrices: whether a month's report or figures came in time."""

    ON_TIME = "on_time", "按时"
    LATE = "late", "逾期"
    RETURNED = "returned", "退回"
    MISSING = "missing", "缺报"
    PENDING = "pending", "未到期"
