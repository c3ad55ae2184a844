from datetime import date
from decimal import Decimal

import pytest

from dashboard.choices import Light
from dashboard.models import LightRule
from dashboard.selectors import elapsed_share, run_rate_needed, target_judge
from tasks.choices import Qualifier, TargetKind

RULE = LightRule()  # defaults: 左右 0.5 pt / 3 %, yellow 1 pt / 10 %
D = Decimal


def judge(kind, qualifier, target, actual, elapsed="0.5", rule=RULE):
    return target_judge(
        kind=kind,
        qualifier=qualifier,
        target_value=D(target),
        actual=None if actual is None else D(actual),
        elapsed=D(elapsed),
        rule=rule,
    )


def test_total_exactly_on_time_elapsed_is_green():
    judgement = judge(TargetKind.ABSOLUTE, Qualifier.AT_LEAST, "1200", "600", elapsed="0.5")
    assert judgement.light == Light.GREEN
    assert judgement.expected == D("600") and judgement.gap == D("0")


@pytest.mark.parametrize(
    ("actual", "light"), [("599.99", Light.YELLOW), ("480", Light.YELLOW), ("479.99", Light.RED)]
)
def test_total_behind_time_elapsed_turns_yellow_then_red(actual, light):
    assert judge(TargetKind.ABSOLUTE, Qualifier.AT_LEAST, "1200", actual).light == light


def test_growth_target_is_judged_against_the_rate_not_the_time_elapsed():
    early = judge(TargetKind.GROWTH, Qualifier.AT_LEAST, "8", "8", elapsed="0.1")
    assert early.light == Light.GREEN and early.expected == D("8")
    assert judge(TargetKind.GROWTH, Qualifier.AT_LEAST, "8", "7.5", elapsed="0.9").light == (
        Light.YELLOW
    )
    assert judge(TargetKind.GROWTH, Qualifier.AT_LEAST, "8", "6.9").light == Light.RED


@pytest.mark.parametrize(
    ("actual", "light"),
    [
        ("6.8", Light.GREEN),
        ("5.5", Light.GREEN),
        ("5.49", Light.YELLOW),
        ("4.5", Light.YELLOW),
        ("4.49", Light.RED),
    ],
)
def test_about_allows_the_tolerance_below_the_target(actual, light):
    assert judge(TargetKind.GROWTH, Qualifier.ABOUT, "6", actual).light == light


def test_at_least_has_no_about_tolerance():
    assert judge(TargetKind.GROWTH, Qualifier.AT_LEAST, "6", "5.6").light == Light.YELLOW


@pytest.mark.parametrize(
    ("actual", "light"),
    [("12", Light.GREEN), ("13.8", Light.GREEN), ("14.5", Light.YELLOW), ("15", Light.RED)],
)
def test_at_most_targets_are_green_below_the_cap(actual, light):
    assert judge(TargetKind.SHARE, Qualifier.BELOW, "13.8", actual).light == light


def test_decrease_target_counts_a_bigger_decrease_as_better():
    assert judge(TargetKind.DECREASE, Qualifier.NONE, "5", "6").light == Light.GREEN
    assert judge(TargetKind.DECREASE, Qualifier.NONE, "5", "3").light == Light.RED


def test_total_cap_is_judged_against_its_share_of_the_year():
    assert judge(TargetKind.ABSOLUTE, Qualifier.NOT_ABOVE, "100", "50").light == Light.GREEN
    assert judge(TargetKind.ABSOLUTE, Qualifier.NOT_ABOVE, "100", "58").light == Light.YELLOW
    assert judge(TargetKind.ABSOLUTE, Qualifier.NOT_ABOVE, "100", "61").light == Light.RED


def test_missing_data_is_grey_not_green():
    judgement = judge(TargetKind.GROWTH, Qualifier.ABOUT, "6", None)
    assert judgement.light == Light.GREY and judgement.gap is None


def test_the_tolerances_come_from_the_rule():
    strict = LightRule(rate_about=D("0"), rate_yellow=D("0.2"))
    assert judge(TargetKind.GROWTH, Qualifier.ABOUT, "6", "5.6").light == Light.GREEN
    assert judge(TargetKind.GROWTH, Qualifier.ABOUT, "6", "5.6", rule=strict).light == Light.RED


def test_time_elapsed_is_days_gone_over_days_in_the_year():
    assert elapsed_share(date(2025, 12, 31)) == D("1")
    assert elapsed_share(date(2025, 7, 2)) == (D(183) / D(365)).quantize(D("0.0001"))
    assert elapsed_share(date(2024, 12, 30)) == (D(365) / D(366)).quantize(D("0.0001"))


def test_run_rate_spreads_what_is_left_over_the_remaining_months():
    needed = run_rate_needed(
        kind=TargetKind.ABSOLUTE, target_value=D("1200"), cumulative=D("800"), months_done=8
    )
    assert needed == D("100.00")
    growth = run_rate_needed(
        kind=TargetKind.GROWTH, target_value=D("6"), cumulative=D("5"), months_done=6
    )
    assert growth == D("7.00")
    assert (
        run_rate_needed(
            kind=TargetKind.GROWTH, target_value=D("6"), cumulative=D("5"), months_done=12
        )
        is None
    )
    assert (
        run_rate_needed(
            kind=TargetKind.SHARE, target_value=D("70"), cumulative=D("60"), months_done=3
        )
        is None
    )
