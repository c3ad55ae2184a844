import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Plan
from campaigns.services import plan_load
from dashboard.demo import demo_data_seed
from reporting.services import period_ensure_year

PLAN_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "hengyang-2025-plan.json"


class Command(BaseCommand):
    help = (
        "为调度看板填充 2025 年演示数据（任务进展、月报、指标值、全省排名、目标分解），可重复执行；"
        "--scale N 另外复制 N-1 份方案并同样填充，用于性能测试。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="方案份数（默认 1）")

    def handle(self, *args, scale: int, **options):
        if not 1 <= scale <= 100:
            raise CommandError("--scale 必须是 1 到 100 之间的整数。")
        data = json.loads(PLAN_FIXTURE.read_text(encoding="utf-8"))
        number = data["document_number"]
        if not Plan.objects.filter(document_number=number).exists():
            call_command("load_reference", verbosity=0)
        period_ensure_year(year=data["year"])
        for copy in range(scale):
            document_number = number if copy == 0 else f"{number}-demo{copy}"
            plan = Plan.objects.filter(document_number=document_number).first()
            if plan is None:
                plan = plan_load(data={**data, "document_number": document_number})
            counts = demo_data_seed(plan=plan)
            self.stdout.write(
                f"{document_number}：指标值 {counts['indicator_values']} 条，"
                f"任务进展 {counts['progress']} 条，月报 {counts['reports']} 份（演示数据）"
            )
