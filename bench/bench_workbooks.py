"""County workbook upload at 10,000 and 50,000 indicator rows.

Time from upload to committed, as a ratio to openpyxl's read-only read of the same file
(target ≤ 2×), and the import's peak traced memory (target: flat as rows grow). openpyxl's
read-only reader itself keeps every parsed (emptied) row element until the sheet ends, about
64 bytes a row, so its own peak is measured too: the import's overhead above it is what the
platform's code adds.
"""

import time
import tracemalloc
from datetime import date
from decimal import Decimal

from common import Recorder, setup_django

SIZES = (10_000, 50_000)


def world(rows: int):
    """A region with `rows` targets broken down to it, and March 2025."""
    from campaigns.models import Plan, Region
    from reporting.models import Period
    from reporting.services import period_ensure_year
    from tasks.models import RegionalTarget, Target

    period_ensure_year(year=2025)
    plan = Plan.objects.create(title=f"基准方案{rows}", year=2025)
    region = Region.objects.create(code=f"BENCH{rows}", name=f"基准县{rows}", kind="county")
    targets = Target.objects.bulk_create(
        Target(
            plan=plan,
            scope="plan",
            name=f"基准指标{n}",
            value=Decimal(1000 + n),
            unit="万元",
            normalized_value=Decimal(1000 + n),
            source_text="基准",
            order=n,
        )
        for n in range(rows)
    )
    RegionalTarget.objects.bulk_create(
        RegionalTarget(target=t, region=region, value=t.value, unit="万元") for t in targets
    )
    return region, Period.objects.get(kind="month", start=date(2025, 3, 1)), targets


def workbook(region, period, targets, bump: int) -> bytes:
    from counties.workbook import build_workbook

    return build_workbook(
        region=region,
        period=period,
        indicators=[
            (t.pk, t.name, "万元", t.value, n + bump, n * 3 + bump, n * 2, "")
            for n, t in enumerate(targets)
        ],
        tasks=[],
        history=[],
    )


def read_only_seconds(content: bytes) -> float:
    from io import BytesIO

    from openpyxl import load_workbook

    started = time.perf_counter()
    book = load_workbook(BytesIO(content), read_only=True)
    for _ in book["指标"].iter_rows(values_only=True):
        pass
    book.close()
    return time.perf_counter() - started


def read_only_peak(content: bytes) -> float:
    tracemalloc.start()
    read_only_seconds(content)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1024 / 1024


def upload(region, period, user, content: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from counties import jobs, services

    queued = []
    original, jobs.submission_process_job.delay = jobs.submission_process_job.delay, queued.append
    try:
        submission = services.submission_create(
            region=region, period=period, upload=SimpleUploadedFile(name, content), user=user
        )
    finally:
        jobs.submission_process_job.delay = original
    submission = services.submission_process(submission_id=submission.pk)
    assert submission.status == "applied", submission.errors[:3]
    return submission


def main() -> None:
    setup_django()
    from django.contrib.auth import get_user_model

    from accounts.models import Membership

    recorder = Recorder(__file__)
    user, _ = get_user_model().objects.get_or_create(username="bench-office")
    Membership.objects.get_or_create(user=user, role="office")
    for rows in SIZES:
        region, period, targets = world(rows)
        content = workbook(region, period, targets, bump=0)
        recorder.record(f"workbook_{rows}_file_size", len(content) / 1024 / 1024, "MB")
        baseline = min(read_only_seconds(content) for _ in range(2))
        started = time.perf_counter()
        upload(region, period, user, content, "first.xlsx")
        elapsed = time.perf_counter() - started
        recorder.record(f"workbook_{rows}_openpyxl_read_only", baseline, "s")
        recorder.record(f"workbook_{rows}_upload_to_committed", elapsed, "s")
        recorder.record(f"workbook_{rows}_ratio_to_read_only", elapsed / baseline, "x")
        second = workbook(region, period, targets, bump=1)
        tracemalloc.start()
        upload(region, period, user, second, "second.xlsx")
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
        reader_peak = read_only_peak(second)
        recorder.record(f"workbook_{rows}_import_peak_memory", peak, "MB")
        recorder.record(f"workbook_{rows}_openpyxl_read_only_peak_memory", reader_peak, "MB")
        recorder.record(f"workbook_{rows}_import_memory_above_openpyxl", peak - reader_peak, "MB")
    recorder.save()


if __name__ == "__main__":
    main()
