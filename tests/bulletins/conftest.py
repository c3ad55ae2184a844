from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from reporting.models import Period

TODAY = date(2025, 3, 28)


@pytest.fixture
def demo(personas):
    """The real plan with the demo figures, seen on 28 March 2025 (after the deadline)."""
    with time_machine.travel(TODAY, tick=False):
        call_command("seed_demo", verbosity=0)
    return personas


@pytest.fixture
def march(demo):
    return Period.objects.get(kind="month", start=date(2025, 3, 1))


@pytest.fixture
def draft(demo, march):
    """March's draft, built by 总专班 on the 28th."""
    from bulletins.services import bulletin_draft_build
    from campaigns.models import Plan

    with time_machine.travel(TODAY, tick=False):
        return bulletin_draft_build(actor=demo["office"], plan=Plan.objects.get(), period=march)


REVIEW_DAY = date(2025, 4, 28)  # the scheduled day: the 28th of the month after the quarter


@pytest.fixture
def first_quarter(demo):
    return Period.objects.get(kind="quarter", start=date(2025, 1, 1))


@pytest.fixture
def review(demo, first_quarter):
    """The first quarter's review draft, built by 总专班 on 28 April."""
    from bulletins.services import review_draft_build
    from campaigns.models import Plan

    with time_machine.travel(REVIEW_DAY, tick=False):
        return review_draft_build(
            actor=demo["office"], plan=Plan.objects.get(), period=first_quarter
        )
