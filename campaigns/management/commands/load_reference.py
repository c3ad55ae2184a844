import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from campaigns.services import reference_load

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = "载入部门（含别名）与县市区基础数据（可重复执行）。"

    def handle(self, *args, **options):
        departments = json.loads((FIXTURES / "departments.json").read_text(encoding="utf-8"))
        regions = json.loads((FIXTURES / "regions.json").read_text(encoding="utf-8"))
        dept_count, region_count = reference_load(departments=departments, regions=regions)
        self.stdout.write(f"部门 {dept_count} 个，县市区 {region_count} 个。")
