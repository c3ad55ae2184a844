from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def rate(value: Decimal | None) -> str:
    """A fraction as a percentage with one decimal (0.1234 → 12.3%); a dash when undefined."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}%"


@register.filter
def points(value: Decimal | None) -> str:
    """A difference of fractions in percentage points, signed (超 +, 欠 −)."""
    if value is None:
        return "—"
    return f"{'超' if value >= 0 else '欠'} {abs(value) * 100:.1f} 个百分点"
