from django.db import models


class ProjectCategory(models.TextChoices):
    """The plan's "四个十大" groups of key projects, and the rest."""

    INDUSTRY = "industry", "产业发展"
    URBAN = "urban", "城市承载"
    COUNTY = "county", "县域高质"
    TOURISM = "tourism", "文旅融合"
    OTHER = "other", "其他"
