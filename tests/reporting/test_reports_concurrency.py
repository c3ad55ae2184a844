"""Two people acting on one report at the same moment: exactly one wins, the other is told."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from reporting.models import CampaignReport, ReportEvent
from reporting.services import (
    ReportVersionConflict,
    report_get_or_create,
    report_transition,
    report_update,
)
from tests.reporting.test_reports_support import build_cast, month

pytestmark = pytest.mark.django_db(transaction=True)


def _race(*calls) -> list:
    """Run the calls in threads released together; each result is a value or the exception."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 — the loser's exception is the result under test
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def _submitted_report(cast) -> CampaignReport:
    report, _ = report_get_or_create(campaign=cast.campaign, period=month(3), user=cast["staff"])
    return report_transition(report=report, user=cast["liaison"], action="submit")


def test_simultaneous_accept_and_return_let_exactly_one_win():
    cast = build_cast()
    report = _submitted_report(cast)
    results = _race(
        lambda: report_transition(report=report, user=cast["office"], action="accept"),
        lambda: report_transition(
            report=report, user=cast["admin"], action="return", reason="同时退回"
        ),
    )
    winners = [r for r in results if isinstance(r, CampaignReport)]
    losers = [r for r in results if isinstance(r, ValidationError)]
    assert (len(winners), len(losers)) == (1, 1), results
    assert "月报当前状态为" in losers[0].messages[0]
    report.refresh_from_db()
    assert report.status == winners[0].status
    assert ReportEvent.objects.filter(report=report).exclude(action="submit").count() == 1


def test_two_simultaneous_returns_record_one_event():
    cast = build_cast()
    report = _submitted_report(cast)
    results = _race(
        *(
            (
                lambda user=user: report_transition(
                    report=report, user=user, action="return", reason="补充"
                )
            )
            for user in (cast["office"], cast["admin"])
        )
    )
    assert sum(isinstance(r, CampaignReport) for r in results) == 1, results
    assert ReportEvent.objects.filter(report=report, action="return").count() == 1


def test_two_simultaneous_edits_of_one_version_keep_the_first_and_tell_the_second():
    cast = build_cast()
    report, _ = report_get_or_create(campaign=cast.campaign, period=month(3), user=cast["staff"])
    results = _race(
        *(
            (
                lambda user=user, text=text: report_update(
                    report=report, user=user, version=1, fields={"problems": text}
                )
            )
            for user, text in ((cast["staff"], "王的内容"), (cast["liaison"], "李的内容"))
        )
    )
    saved = [r for r in results if isinstance(r, CampaignReport)]
    conflicts = [r for r in results if isinstance(r, ReportVersionConflict)]
    assert (len(saved), len(conflicts)) == (1, 1), results
    report.refresh_from_db()
    assert (report.problems, report.version) == (saved[0].problems, 2)
    assert conflicts[0].current.problems == saved[0].problems
