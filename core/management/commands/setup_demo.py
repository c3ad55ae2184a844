from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from notifications.schedules import install_demo_schedule
from reporting.services import period_ensure_year

PLAN_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "hengyang-2025-plan.json"


class Command(BaseCommand):
    help = "为内置演示环境载入基础数据、2025 年衡阳方案、报送周期、演示账号和一年的演示数据（可重复执行）。"

    def handle(self, *args, **options):
        call_command("load_reference", stdout=self.stdout)
        call_command("load_plan", str(PLAN_FIXTURE), stdout=self.stdout)
        for year in {2025, timezone.localdate().year}:
            period_ensure_year(year=year)
        call_command("seed_accounts", stdout=self.stdout)
        call_command("seed_demo", scale=1, stdout=self.stdout)
        if install_demo_schedule(PeriodicTask, IntervalSchedule):
            self.stdout.write("已启用演示提醒：每10分钟检查一次未报送月报的专班。")
