"""Importing the 2025 plan: parse time and write time."""

import time

from common import ROOT, Recorder, setup_django

REPEATS = 20


def main() -> None:
    setup_django()
    from django.core.management import call_command
    from django.db import transaction

    from campaigns.plan_parser import parse_plan, read_plan_document
    from campaigns.services import plan_load

    content = (ROOT / "fixtures" / "plans" / "hengyang-2025-seven-campaigns-plan.txt").read_bytes()
    recorder = Recorder(__file__)
    started = time.perf_counter()
    for _ in range(REPEATS):
        data = parse_plan(read_plan_document(content, "plan.txt"))
    recorder.record("plan_parse_seconds", (time.perf_counter() - started) / REPEATS, "s")
    recorder.record("plan_parse_tasks", len(data["tasks"]), "tasks")

    call_command("load_reference", verbosity=0)
    data["document_number"] = f"{data['document_number']}-bench-import"
    started = time.perf_counter()
    with transaction.atomic():
        plan_load(data=data)
        recorder.record("plan_write_seconds", time.perf_counter() - started, "s")
        transaction.set_rollback(True)  # leave the database as it was
    recorder.save()


if __name__ == "__main__":
    main()
