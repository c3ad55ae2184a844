from django.db import models


class BulletinStatus(models.TextChoices):
    """A bulletin version is edited as a draft, then issued and frozen."""

    DRAFT = "draft", "草稿"
    ISSUED = "issued", "已印发"
