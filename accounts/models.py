from django.conf import settings
from django.db import models
from django.db.models import Q

from campaigns.models import Campaign, Department, Region

from .choices import Role


class Membership(models.Model):
    """A user's role, bound to the campaign, department or region it concerns."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="攻坚专班",
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="部门",
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="县市区",
    )
    is_liaison = models.BooleanField("联络员", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "角色绑定"
        verbose_name_plural = "角色绑定"
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        role="campaign",
                        campaign__isnull=False,
                        department__isnull=True,
                        region__isnull=True,
                    )
                    | Q(
                        role="department",
                        department__isnull=False,
                        campaign__isnull=True,
                        region__isnull=True,
                    )
                    | Q(
                        role="region",
                        region__isnull=False,
                        campaign__isnull=True,
                        department__isnull=True,
                    )
                    | Q(role="leader", department__isnull=True, region__isnull=True)
                    | Q(
                        role__in=["admin", "office"],
                        campaign__isnull=True,
                        department__isnull=True,
                        region__isnull=True,
                    )
                ),
                name="membership_binding_matches_role",
            ),
            models.CheckConstraint(
                condition=Q(is_liaison=False) | Q(role="campaign"),
                name="membership_liaison_only_for_campaign_staff",
            ),
            models.UniqueConstraint(
                fields=["campaign"],
                condition=Q(is_liaison=True),
                name="membership_one_liaison_per_campaign",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "campaign"],
                condition=Q(campaign__isnull=False),
                name="membership_unique_campaign_binding",
            ),
            models.UniqueConstraint(
                fields=["user", "department"],
                condition=Q(department__isnull=False),
                name="membership_unique_department_binding",
            ),
            models.UniqueConstraint(
                fields=["user", "region"],
                condition=Q(region__isnull=False),
                name="membership_unique_region_binding",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(campaign__isnull=True, department__isnull=True, region__isnull=True),
                name="membership_unique_unbound_role",
            ),
        ]

    def __str__(self) -> str:
        target = self.campaign or self.department or self.region
        return f"{self.get_role_display()}" + (f"：{target}" if target else "")
