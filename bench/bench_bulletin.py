"""A month's bulletin built from the data and rendered as page, PDF and Word, at scale 1 and 10."""

import time
from datetime import date

from common import Recorder, setup_django

SCALES = (1, 10)


def main() -> None:
    setup_django()
    import time_machine
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test.utils import CaptureQueriesContext

    from bulletins.models import Bulletin
    from bulletins.render_docx import bulletin_docx
    from bulletins.render_pdf import bulletin_context, bulletin_pdf
    from bulletins.services import bulletin_draft_build
    from campaigns.models import Plan
    from reporting.models import Period

    recorder = Recorder(__file__)
    actor, _ = get_user_model().objects.get_or_create(username="bench-bulletin")
    for scale in SCALES:
        call_command("seed_demo", scale=scale, verbosity=0)
        plan = Plan.objects.order_by("pk").first()
        period = Period.objects.get(kind="month", start=date(2025, 3, 1))
        Bulletin.objects.filter(plan=plan, period=period).delete()
        started = time.perf_counter()
        with time_machine.travel(date(2025, 3, 28), tick=True):
            with CaptureQueriesContext(connection) as queries:
                bulletin = bulletin_draft_build(actor=actor, plan=plan, period=period)
        built = time.perf_counter()
        render_to_string("bulletins/pdf.html", bulletin_context(bulletin, lambda name: name))
        page = time.perf_counter()
        pdf = bulletin_pdf(bulletin)
        pdf_done = time.perf_counter()
        docx = bulletin_docx(bulletin)
        done = time.perf_counter()
        recorder.record(f"bulletin_build_scale{scale}", built - started, "s")
        recorder.record(f"bulletin_build_queries_scale{scale}", len(queries), "queries")
        recorder.record(f"bulletin_page_scale{scale}", page - built, "s")
        recorder.record(f"bulletin_pdf_scale{scale}", pdf_done - page, "s")
        recorder.record(f"bulletin_docx_scale{scale}", done - pdf_done, "s")
        recorder.record(f"bulletin_all_formats_scale{scale}", done - started, "s")
        recorder.record(f"bulletin_pdf_size_scale{scale}", len(pdf) / 1024, "KiB")
        recorder.record(f"bulletin_docx_size_scale{scale}", len(docx) / 1024, "KiB")
    recorder.save()


if __name__ == "__main__":
    main()
