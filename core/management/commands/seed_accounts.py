import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from accounts.choices import Role
from accounts.models import Membership
from campaigns.models import Campaign, Department, Region

DEMO_PASSWORD = "Hengyang-2025"  # noqa: S105 — demo accounts of the embedded default only

# username, full name, role, binding (campaign number / department / region name), liaison
DEMO_ACCOUNTS = [
    ("admin", "系统管理员", Role.ADMIN, None, False),
    ("zongzhuanban", "总专班办公室", Role.OFFICE, None, False),
    ("lianluoyuan1", "内需专班联络员", Role.CAMPAIGN, 1, True),
    ("zhuanban1", "内需专班工作人员", Role.CAMPAIGN, 1, False),
    ("shangwuju", "市商务局填报员", Role.DEPARTMENT, "市商务局", False),
    ("hengyangxian", "衡阳县填报员", Role.REGION, "衡阳县", False),
    ("lingdao", "市领导", Role.LEADER, None, False),
]


class Command(BaseCommand):
    help = "创建每个角色的演示账号（已存在则保留），并打印用户名和密码。"

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD)
        User = get_user_model()
        self.stdout.write("演示账号（用户名 / 密码 / 角色）：")
        for username, full_name, role, binding, liaison in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": full_name,
                    "is_staff": role == Role.ADMIN,
                    "is_superuser": role == Role.ADMIN,
                },
            )
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
            target = self._binding(role, binding)
            if target is not False:
                Membership.objects.get_or_create(user=user, role=role, is_liaison=liaison, **target)
            shown = password if user.check_password(password) else "（已修改）"
            self.stdout.write(f"  {username:<14} / {shown} / {Role(role).label} {full_name}")

    def _binding(self, role: str, binding) -> dict | bool:
        if role == Role.CAMPAIGN:
            campaign = Campaign.objects.filter(number=binding).order_by("-plan__year").first()
            return {"campaign": campaign} if campaign else False
        if role == Role.DEPARTMENT:
            department = Department.objects.filter(name=binding).first()
            return {"department": department} if department else False
        if role == Role.REGION:
            region = Region.objects.filter(name=binding).first()
            return {"region": region} if region else False
        return {}
