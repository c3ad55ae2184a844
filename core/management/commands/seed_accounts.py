import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

DEMO_PASSWORD = "Hengyang-2025"  # noqa: S105 — demo accounts of the embedded default only


class Command(BaseCommand):
    help = "创建演示账号（已存在则保留），并打印用户名和密码。"

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD)
        User = get_user_model()
        accounts = [("admin", "系统管理员", {"is_staff": True, "is_superuser": True})]
        self.stdout.write("演示账号（用户名 / 密码 / 角色）：")
        for username, role, flags in accounts:
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": role, **flags}
            )
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
            shown = password if created or user.check_password(password) else "（已修改）"
            self.stdout.write(f"  {username} / {shown} / {role}")
