import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Plan
from campaigns.services import plan_load


class Command(BaseCommand):
    help = "从已审核的方案 JSON（plan_parser 的输出）载入方案；同文号方案已存在时不做改动。"

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"无法读取 {path}：{exc}") from exc
        number = data.get("document_number") or ""
        if number and Plan.objects.filter(document_number=number).exists():
            self.stdout.write(f"方案 {number} 已存在，未做改动。")
            return
        try:
            plan = plan_load(data=data)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(
            f"已载入《{plan.title}》：攻坚 {plan.campaigns.count()} 个，任务 {plan.tasks.count()} 项，"
            f"指标 {plan.targets.count()} 个。"
        )
