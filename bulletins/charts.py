"""Charts of the bulletin drawn server-side as PNG (the same images in the page, PDF and Word)."""

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 — the backend must be chosen first

plt.rcParams["font.sans-serif"] = ["Noto Sans CJK SC"]
plt.rcParams["axes.unicode_minus"] = False

CHART_NAMES = ("targets", "campaigns")
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


def chart_png(data: dict, name: str) -> bytes:
    """One named chart of the bulletin."""
    return {"targets": targets_chart, "campaigns": campaigns_chart}[name](data)
