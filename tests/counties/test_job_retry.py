"""The processing job retries transient database errors with backoff and fails bugs at once."""

import pytest
from django.db import InterfaceError, OperationalError

from audit.selectors import history_for
from counties import jobs, services
from counties.choices import SubmissionStatus
from counties.models import RegionPeriod, WorkbookSubmission
from indicators.models import IndicatorValue
from projects.models import ProjectUpdate

from .conftest import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(world, no_queue) -> WorkbookSubmission:
    return services.submission_create(
        region=world.region,
        period=world.period,
        upload=upload("filled.xlsx"),
        user=world.county_user,
    )


@pytest.fixture
def countdowns(monkeypatch) -> list[int]:
    """The delay of each retry the job asks for (eager runs retry at once)."""
    task = jobs.submission_process_job
    asked = []
    original = task.retry

    def retry(*args, **kwargs):
        asked.append(kwargs["countdown"])
        return original(*args, **kwargs)

    monkeypatch.setattr(task, "retry", retry)
    return asked


def _status(submission) -> str:
    return WorkbookSubmission.objects.get(pk=submission.pk).status


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_transient_error_is_retried_and_the_upload_applied_exactly_once(
    world, submission, countdowns, monkeypatch, error
):
    flush = services._Writer.flush
    attempts = []

    def flaky(writer):
        attempts.append(_status(submission))
        if len(attempts) == 1:
            flush(writer)  # rows reach the database, then the connection drops before commit
            raise error("server closed the connection unexpectedly")
        flush(writer)

    monkeypatch.setattr(services._Writer, "flush", flaky)
    result = jobs.submission_process_job.apply(args=[submission.pk])
    assert (result.state, result.result) == ("SUCCESS", SubmissionStatus.APPLIED)
    assert attempts == [SubmissionStatus.PROCESSING, SubmissionStatus.PROCESSING]
    assert countdowns == [10]
    assert IndicatorValue.objects.filter(region=world.region).count() == 3
    assert ProjectUpdate.objects.count() == 2
    entry = RegionPeriod.objects.get(region=world.region, period=world.period)
    assert (entry.version, entry.current_id) == (1, submission.pk)
    assert [e.summary[:4] for e in history_for(entry)] == ["报表入库"]


def test_a_database_that_stays_down_fails_the_upload_only_after_the_last_retry(
    world, submission, countdowns, monkeypatch
):
    seen = []

    def down(*, submission_id):
        seen.append(_status(submission))
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(services, "submission_process", down)
    result = jobs.submission_process_job.apply(args=[submission.pk])
    assert result.state == "FAILURE" and isinstance(result.result, OperationalError)
    assert seen == [SubmissionStatus.QUEUED] * (jobs.PROCESS_RETRIES + 1)
    assert countdowns == [10, 20, 40]
    failed = WorkbookSubmission.objects.get(pk=submission.pk)
    assert (failed.status, failed.progress) == (SubmissionStatus.FAILED, 100)
    assert failed.errors[0]["message"] == "处理时发生内部错误，请稍后重新上传或联系管理员。"


def test_a_bug_fails_the_upload_at_once_without_retrying(submission, countdowns, monkeypatch):
    calls = []

    def broken(*, submission_id):
        calls.append(submission_id)
        raise KeyError("target")

    monkeypatch.setattr(services, "submission_process", broken)
    result = jobs.submission_process_job.apply(args=[submission.pk])
    assert result.state == "FAILURE" and isinstance(result.result, KeyError)
    assert (calls, countdowns) == ([submission.pk], [])
    assert _status(submission) == SubmissionStatus.FAILED


def test_a_repeated_job_after_success_changes_nothing(world, submission):
    assert jobs.submission_process_job.apply(args=[submission.pk]).result == "applied"
    stamps = sorted(IndicatorValue.objects.values_list("pk", "updated_at"))
    updates = sorted(ProjectUpdate.objects.values_list("pk", "updated_at"))
    assert jobs.submission_process_job.apply(args=[submission.pk]).result == "applied"
    assert sorted(IndicatorValue.objects.values_list("pk", "updated_at")) == stamps
    assert sorted(ProjectUpdate.objects.values_list("pk", "updated_at")) == updates
    assert RegionPeriod.objects.get(region=world.region).version == 1
