"""The quarterly review's scoring rule: the weights live here once, and so does the rule's text.

The review freezes `SCORE_RULE.table()` into its data when it is built, so the rule printed on an
issued review is always the rule its scores were computed with.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dashboard.choices import Delivery

TENTH = Decimal("0.1")
CAMPAIGN, REGION = "campaign", "region"
BOTH, CAMPAIGN_ONLY = [CAMPAIGN, REGION], [CAMPAIGN]
SUBJECT_LABELS = {CAMPAIGN: "专班", REGION: "县市区"}


def points_text(value: Decimal) -> str:
    """A score as printed: one decimal at most, no trailing zero."""
    text = f"{Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP):f}"
    return text.removesuffix(".0")


@dataclass(frozen=True)
class Standing:
    """What one campaign or region did in the quarter, as the rule needs it."""

    deliveries: tuple[str, ...]  # each month's Delivery state
    returns: int  # reports returned / workbooks refused in the quarter
    goals_reached: int  # at quarter end: goals at or ahead of 时序进度
    goals_total: int
    tasks_on_track: int  # at quarter end: tasks reported and not behind 时序进度
    tasks_total: int
    overdue: int = 0  # tasks past their deadline at quarter end (campaigns)
    commendations: int = 0  # months the campaign was commended in an issued bulletin


@dataclass(frozen=True)
class ScoreRule:
    """Components and weights of the quarterly score (base 100, then bonus and deductions)."""

    timeliness: int = 40
    late_share: Decimal = Decimal("0.5")
    quality: int = 20
    return_deduction: int = 5
    goals: int = 20
    tasks: int = 20
    overdue_deduction: int = 2
    overdue_cap: int = 10
    commendation_bonus: int = 3
    commendation_cap: int = 6

    @property
    def credit(self) -> dict[str, Decimal]:
        """A month's share of the timeliness points by how its report came in."""
        return {
            Delivery.ON_TIME: Decimal(1),
            Delivery.LATE: self.late_share,
            Delivery.RETURNED: self.late_share,
            Delivery.MISSING: Decimal(0),
        }

    def table(self) -> list[dict]:
        """The rule as the review prints it: component, points, how they are given, who it applies to."""
        late = f"{(self.late_share * 100).normalize():f}%"
        return [
            {
                "key": "timeliness",
                "label": "报送及时",
                "points": f"{self.timeliness}分",
                "method": (
                    f"季度内每月月报（县市区为月度报表）按时报送得该月分值的100%，逾期报送或被退回后"
                    f"未重新报送得{late}，缺报不得分；{self.timeliness}分按已到截止日期的月份平均分配。"
                ),
                "subjects": BOTH,
            },
            {
                "key": "quality",
                "label": "报送质量",
                "points": f"{self.quality}分",
                "method": (
                    f"季度内月报每被退回一次（县市区报表每次未通过校验）扣{self.return_deduction}分，"
                    f"扣完为止。"
                ),
                "subjects": BOTH,
            },
            {
                "key": "goals",
                "label": "目标达成",
                "points": f"{self.goals}分",
                "method": (
                    f"按季末累计数据，达到或快于时序进度的攻坚目标（县市区为分解目标）占全部目标的比例"
                    f"乘以{self.goals}分；无数据的目标按未达到计。没有量化目标的，按任务进度得分率计。"
                ),
                "subjects": BOTH,
            },
            {
                "key": "tasks",
                "label": "任务进度",
                "points": f"{self.tasks}分",
                "method": (
                    f"按季末月份填报的进展，已填报且未落后于时序进度的任务占全部任务的比例乘以"
                    f"{self.tasks}分；未填报的按落后计。没有任务的，按目标达成得分率计；两项均无的不得分。"
                ),
                "subjects": BOTH,
            },
            {
                "key": "commendation",
                "label": "通报表扬",
                "points": f"加分，最多{self.commendation_cap}分",
                "method": (
                    f"季度内已印发的月通报每表扬一次加{self.commendation_bonus}分，"
                    f"最多加{self.commendation_cap}分。"
                ),
                "subjects": CAMPAIGN_ONLY,
            },
            {
                "key": "overdue",
                "label": "逾期事项",
                "points": f"扣分，最多{self.overdue_cap}分",
                "method": (
                    f"季末超过完成时限仍未完成的任务，每项扣{self.overdue_deduction}分，"
                    f"最多扣{self.overdue_cap}分。"
                ),
                "subjects": CAMPAIGN_ONLY,
            },
        ]

    def columns(self, subject: str) -> list[tuple[str, str]]:
        """(key, label) of the components scored for campaigns or for regions, in rule order."""
        return [(row["key"], row["label"]) for row in self.table() if subject in row["subjects"]]

    def score(self, standing: Standing, *, subject: str) -> dict[str, str]:
        """Each component's points (rounded to one decimal) and their sum, as printed."""
        due = [state for state in standing.deliveries if state in self.credit]
        share = (
            sum((self.credit[state] for state in due), Decimal(0)) / len(due) if due else Decimal(1)
        )
        goal_rate = _rate(standing.goals_reached, standing.goals_total)
        task_rate = _rate(standing.tasks_on_track, standing.tasks_total)
        parts = {
            "timeliness": self.timeliness * share,
            "quality": max(
                Decimal(0), Decimal(self.quality - self.return_deduction * standing.returns)
            ),
            "goals": self.goals * _either(goal_rate, task_rate),
            "tasks": self.tasks * _either(task_rate, goal_rate),
            "commendation": Decimal(
                min(self.commendation_cap, self.commendation_bonus * standing.commendations)
            ),
            "overdue": Decimal(0)
            - min(self.overdue_cap, self.overdue_deduction * standing.overdue),
        }
        rounded = {
            key: parts[key].quantize(TENTH, rounding=ROUND_HALF_UP)
            for key, _ in self.columns(subject)
        }
        rounded["total"] = sum(rounded.values(), Decimal(0))
        return {key: points_text(value) for key, value in rounded.items()}


def _rate(done: int, total: int) -> Decimal | None:
    return Decimal(done) / Decimal(total) if total else None


def _either(own: Decimal | None, other: Decimal | None) -> Decimal:
    """A component's rate, or the other component's when it has nothing to judge, else nothing."""
    if own is not None:
        return own
    return other if other is not None else Decimal(0)


SCORE_RULE = ScoreRule()
