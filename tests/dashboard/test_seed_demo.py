import pytest
from django.core.management import CommandError, call_command

from campaigns.models import Plan
from indicators.models import IndicatorRank, IndicatorValue
from progress.models import TargetValue, TaskProgress
from reporting.models import CampaignReport, ReportEvent
from tasks.models import RegionalTarget

pytestmark = pytest.mark.django_db

MODELS = [
    IndicatorValue,
    IndicatorRank,
    TaskProgress,
    TargetValue,
    CampaignReport,
    ReportEvent,
    RegionalTarget,
]


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seed_demo_fills_the_year_as_demo_data_and_twice_changes_nothing(seeded):
    first = counts()
    assert all(first.values()), first
    assert not IndicatorValue.objects.exclude(source="demo").exists()
    assert not IndicatorRank.objects.filter(is_demo=False).exists()
    assert set(TaskProgress.objects.values_list("updated_by__username", flat=True)) == {"demo"}
    statuses = set(CampaignReport.objects.values_list("status", flat=True))
    assert {"accepted", "returned", "draft"} <= statuses
    assert CampaignReport.objects.filter(submitted_late=True).exists()
    call_command("seed_demo", verbosity=0)
    assert counts() == first


def test_seed_demo_at_scale_two_adds_one_filled_copy_of_the_plan(seeded):
    before = counts()
    call_command("seed_demo", scale=2, verbosity=0)
    assert Plan.objects.count() == 2
    assert counts() == {name: value * 2 for name, value in before.items()}


def test_seed_demo_refuses_a_bad_scale(db):
    with pytest.raises(CommandError, match="--scale"):
        call_command("seed_demo", scale=0)
