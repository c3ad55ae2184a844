from django.db import models


class ListKind(models.TextChoices):
    """The plan's three lists (三张清单)."""

    TASK = "task", "任务清单"
    PROJECT = "project", "项目清单"
    POLICY = "policy", "政策清单"


class TargetScope(models.TextChoices):
    PLAN = "plan", "总体目标"
    CAMPAIGN = "campaign", "攻坚目标"
    TASK = "task", "任务指标"


class Qualifier(models.TextChoices):
    """How a target value is judged; the plan's own words."""

    NONE = "", "（无）"
    AT_LEAST = "以上", "以上"
    NOT_BELOW = "不低于", "不低于"
    NOT_FEWER = "不少于", "不少于"
    ABOUT = "左右", "左右"
    BELOW = "以下", "以下"
    NOT_ABOVE = "不超过", "不超过"
    REACH = "达到", "达到"
    EXCEED = "超过", "超过"
    GROWTH = "增长", "增长"
    DECREASE = "下降", "下降"
    POINTS = "提高…个百分点", "提高…个百分点"


class TargetKind(models.TextChoices):
    ABSOLUTE = "absolute", "绝对量"
    GROWTH = "growth", "增速"
    DECREASE = "decrease", "降幅"
    SHARE = "share", "占比"
    POINTS = "points", "百分点"
    RATE = "rate", "比率"


class TaskStatus(models.TextChoices):
    """Where a task or list item stands (docs/ARCHITECTURE.md explains each)."""

    NOT_STARTED = "not_started", "未启动"
    IN_PROGRESS = "in_progress", "推进中"
    LAGGING = "lagging", "滞后"
    COMPLETED = "completed", "已完成"
    CLOSED = "closed", "已办结"
