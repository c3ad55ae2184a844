import pytest
import time_machine
from django.core.management import call_command

from campaigns.models import Plan

# The demo year is 2025; the dashboard is looked at on 10 October 2025, after the 25 September
# deadline: nine months of figures, the current month still open.
TODAY = "2025-10-10 09:00 +08:00"


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def seeded(personas, today):
    """The real plan with the persona users and a demo year up to 10 October 2025."""
    call_command("seed_demo", verbosity=0)
    return Plan.objects.get(pk=personas["campaign"].plan_id)
