from django.db import models


class AuditAction(models.TextChoices):
    CREATE = "create", "新建"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    TRANSITION = "transition", "流转"


class AuditSource(models.TextChoices):
    PAGE = "page", "页面"
    API = "api", "接口"
    IMPORT = "import", "导入"
    COMMAND = "command", "命令"
    JOB = "job", "定时任务"
