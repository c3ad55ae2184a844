import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from campaigns import services
from campaigns.models import Department, Plan


class Command(BaseCommand):
    help = "读取实施方案文档（.txt 或 .docx），识别攻坚、任务、责任单位和指标并导入。"

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="只识别并报告，不写入。")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出识别结果，不写入。")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="名称=部门",
            help="把未识别的单位名称记为已有部门的别名，可重复。",
        )
        parser.add_argument(
            "--create-unknown", action="store_true", help="把其余未识别的单位新建为部门。"
        )

    def handle(self, *args, path: Path, dry_run: bool, json: bool, **options):
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}：{exc.strerror}") from exc
        try:
            parsed = services.plan_document_parse(content=content, filename=path.name)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        if json:
            self.stdout.write(_dumps(parsed))
            return
        self._report(parsed)
        if dry_run:
            self._report_diff(parsed)
            return
        mappings = self._mappings(parsed, options["map"], options["create_unknown"])
        try:
            with transaction.atomic():
                services.department_map_names(mappings=mappings)
                plan, summary = services.plan_apply(data=parsed)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        verb = "已创建" if summary["created"] else "已更新"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb}《{plan.title}》：新增任务 {summary['added']} 项，修改 {summary['changed']} 项，"
                f"删除 {summary['removed']} 项。"
            )
        )

    def _report(self, parsed: dict) -> None:
        self.stdout.write(f"标题：{parsed['title']}")
        self.stdout.write(f"文号：{parsed.get('document_number') or '—'}")
        self.stdout.write(
            f"攻坚 {len(parsed['campaigns'])} 个，任务 {len(parsed['tasks'])} 项，"
            f"总体目标 {len(parsed['targets'])} 个。"
        )
        index = services.department_index()
        for name in services.unresolved_unit_names(parsed, index):
            hints = "、".join(d.name for d in services.department_suggestions(name, index))
            self.stdout.write(f"  未识别单位：{name}" + (f"（相近：{hints}）" if hints else ""))
        for task in parsed["tasks"]:
            for flag in task.get("flags", []):
                self.stdout.write(
                    f"  需留意：攻坚{task['campaign']} {task['number']}. {task['title']} — {flag}"
                )

    def _report_diff(self, parsed: dict) -> None:
        number = parsed.get("document_number") or ""
        plan = Plan.objects.filter(document_number=number).first() if number else None
        if plan is None or services.unresolved_unit_names(parsed):
            return
        diff = services.plan_diff(plan=plan, data=parsed)
        self.stdout.write(
            f"与已导入方案相比：新增 {len(diff.added)} 项，修改 {len(diff.changed)} 项，"
            f"删除 {len(diff.removed)} 项，未变 {diff.unchanged} 项。"
        )

    def _mappings(self, parsed: dict, pairs: list[str], create_unknown: bool) -> dict:
        mappings: dict[str, int | None] = {}
        for pair in pairs:
            name, _, target = pair.partition("=")
            department = Department.objects.filter(name=target.strip()).first()
            if not name.strip() or department is None:
                raise CommandError(f"--map {pair}：格式应为“名称=已有部门名称”。")
            mappings[name.strip()] = department.pk
        if create_unknown:
            for name in services.unresolved_unit_names(parsed):
                mappings.setdefault(name, None)
        return mappings


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
