"""Charts of bulletins and reviews drawn server-side as PNG (the same images in the page, PDF and
Word)."""

import io
from functools import partial

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 — the backend must be chosen first

plt.rcParams["font.sans-serif"] = ["Noto Sans CJK SC"]
plt.rcParams["axes.unicode_minus"] = False

BULLETIN_CHARTS = {
    "targets": "图1：总体目标完成与时序进度对比",
    "campaigns": "图2：各专班攻坚目标与时序进度",
}
REVIEW_CHARTS = {
    "campaign_scores": "图1：各专班季度得分",
    "region_scores": "图2：各县市区季度得分",
}
CHART_NAMES = tuple(BULLETIN_CHARTS)  # the bulletin's charts (the permission matrix uses them)
PALETTE = ("#1f5fa8", "#4f8fd6", "#2e7d32", "#7cb342", "#e0a800", "#c62828")
COLOURS = {"green": "#2e7d32", "yellow": "#e0a800", "red": "#c62828", "grey": "#9e9e9e"}


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def targets_chart(data: dict) -> bytes:
    """Each headline indicator's actual as a percentage of what 时序进度 calls for."""
    rows = [row for row in data.get("targets", []) if row["ratio"] is not None]
    figure, axes = plt.subplots(figsize=(7, 0.45 * max(len(rows), 3) + 1))
    names = [row["name"][:14] for row in rows]
    values = [row["ratio"] * 100 for row in rows]
    axes.barh(names, values, color=[COLOURS[row["light"]] for row in rows])
    axes.axvline(100, color="#333", linestyle="--", linewidth=1)
    axes.invert_yaxis()
    axes.set_xlabel("累计完成 / 时序进度要求（%）")
    axes.set_title("总体目标完成与时序进度对比")
    for index, value in enumerate(values):
        axes.text(value, index, f" {value:.0f}%", va="center", fontsize=8)
    return _png(figure)


def campaigns_chart(data: dict) -> bytes:
    """Each campaign's goals ahead of, slightly behind and behind 时序进度 (stacked bars)."""
    campaigns = data.get("campaigns", [])
    figure, axes = plt.subplots(figsize=(7, 0.45 * max(len(campaigns), 3) + 1))
    names = [c["name"] for c in campaigns]
    left = [0] * len(campaigns)
    for key, label, colour in (
        ("ahead", "达到或快于", COLOURS["green"]),
        ("slightly_behind", "略慢于", COLOURS["yellow"]),
        ("behind", "落后于", COLOURS["red"]),
    ):
        values = [c[key] for c in campaigns]
        axes.barh(names, values, left=left, color=colour, label=label)
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.invert_yaxis()
    axes.set_xlabel("攻坚目标（项）")
    axes.set_title("各专班攻坚目标与时序进度")
    axes.legend(loc="lower right", fontsize=8)
    return _png(figure)


def scores_chart(data: dict, subject: str) -> bytes:
    """A review's scores per campaign or region: the components stacked, deductions to the left."""
    rows = data.get("campaigns" if subject == "campaign" else "regions", [])
    columns = data.get("columns", {}).get(subject, [])
    figure, axes = plt.subplots(figsize=(7, 0.38 * max(len(rows), 3) + 1.2))
    names = [row["name"] for row in rows]
    right, left = [0.0] * len(rows), [0.0] * len(rows)
    for (key, label), colour in zip(columns, PALETTE, strict=False):
        values = [float(row["score"][key]) for row in rows]
        starts = [right[i] if v >= 0 else left[i] for i, v in enumerate(values)]
        axes.barh(names, values, left=starts, color=colour, label=label)
        right = [r + max(v, 0) for r, v in zip(right, values, strict=True)]
        left = [lo + min(v, 0) for lo, v in zip(left, values, strict=True)]
    for index, row in enumerate(rows):
        axes.text(right[index], index, f" {row['score']['total']}", va="center", fontsize=8)
    axes.axvline(0, color="#333", linewidth=0.8)
    axes.set_xlim(min(left, default=0) - 2, max(right, default=0) * 1.1 + 5)
    axes.invert_yaxis()
    axes.set_xlabel("得分（逾期扣分画在0分线左侧）")
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=6, fontsize=7, frameon=False)
    return _png(figure)


CHARTS = {
    "targets": targets_chart,
    "campaigns": campaigns_chart,
    "campaign_scores": partial(scores_chart, subject="campaign"),
    "region_scores": partial(scores_chart, subject="region"),
}


def chart_png(data: dict, name: str) -> bytes:
    """One named chart of a bulletin or review."""
    return CHARTS[name](data)
