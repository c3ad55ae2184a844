from django.db import models


class Role(models.TextChoices):
    """Who a membership makes a user; one user may hold several memberships."""

    ADMIN = "admin", "系统管理员"
    OFFICE = "office", "总专班"
    CAMPAIGN = "campaign", "专班人员"
    DEPARTMENT = "department", "部门人员"
    REGION = "region", "县市区用户"
    LEADER = "leader", "领导"
