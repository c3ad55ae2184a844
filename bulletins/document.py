"""The bulletin as one document structure, rendered alike as the web page, the PDF and the Word file."""

from dataclasses import dataclass, field

from .models import Bulletin
from .selectors import bulletin_commended

CHINESE_NUMERALS = "一二三四五六七八九十"


@dataclass
class Table:
    """A table of the bulletin: caption, header and rows of text."""

    caption: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    """A numbered part: heading, paragraphs and tables."""

    heading: str
    paragraphs: list[str]
    tables: list[Table] = field(default_factory=list)


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _target_table(data: dict) -> Table:
    return Table(
        "总体目标完成情况",
        ["指标", "年度目标", "累计完成", "时序进度要求", "亮灯", "全省排名"],
        [
            [
                row["name"],
                row["target"],
                f"{row['actual']}{row['unit']}" if row["actual"] != "—" else "—",
                f"{row['expected']}{row['unit']}" if row["expected"] != "—" else "—",
                row["light_label"],
                f"第{row['rank']}位" if row["rank"] else "—",
            ]
            for row in data.get("targets", [])
        ],
    )


def _campaign_table(data: dict) -> Table:
    return Table(
        "各专班攻坚目标与时序进度",
        ["专班", "达到或快于", "略慢于", "落后于", "滞后任务", "月报"],
        [
            [
                c["name"],
                str(c["ahead"]),
                str(c["slightly_behind"]),
                str(c["behind"]),
                str(c["lagging_tasks"]),
                c["report_status"],
            ]
            for c in data.get("campaigns", [])
        ],
    )


def bulletin_sections(bulletin: Bulletin) -> list[Section]:
    """The five numbered parts, prose as edited and tables from the frozen figures."""
    data = bulletin.data
    commendation = _paragraphs(bulletin.commendation)
    for entry in bulletin_commended(bulletin):
        commendation.append(f"{entry['name']}：{entry['practices'] or '（未报送典型做法）'}")
    return [
        Section("一、总体进展", _paragraphs(bulletin.overview), [_target_table(data)]),
        Section(
            "二、各专班推进情况", _paragraphs(bulletin.campaigns_text), [_campaign_table(data)]
        ),
        Section("三、报送情况", _paragraphs(bulletin.reporting_text)),
        Section("四、通报表扬和典型做法", commendation or ["本期无。"]),
        Section("五、存在问题与下步要求", _paragraphs(bulletin.requirements)),
    ]


def bulletin_attachments(bulletin: Bulletin) -> list[Table]:
    """附件: the lagging-task list and the region ranking tables."""
    data = bulletin.data
    tables = [
        Table(
            "附件1：进度滞后任务清单",
            ["专班", "编号", "任务", "牵头单位"],
            [
                [t["campaign"], t["number"], t["title"], t["lead_units"]]
                for t in data.get("lagging_tasks", [])
            ]
            or [["—", "—", "本期无进度滞后任务", "—"]],
        )
    ]
    for index, ranking in enumerate(data.get("rankings", []), start=2):
        tables.append(
            Table(
                f"附件{index}：县市区{ranking['target']}排名（{ranking['unit']}）",
                ["排名", "县市区", "累计完成", "目标", "较上月"],
                [
                    [str(r["rank"] or "—"), r["name"], r["cumulative"], r["target"], r["change"]]
                    for r in ranking["rows"]
                ],
            )
        )
    return tables


def bulletin_heading(bulletin: Bulletin) -> dict:
    """期号, issuer and date lines above the title."""
    issued = bulletin.issued_at.date() if bulletin.issued_at else None
    return {
        "number": f"{bulletin.period.start.year}年第{bulletin.number}期",
        "issuer": bulletin.issuer,
        "date": f"{issued.year}年{issued.month}月{issued.day}日" if issued else "（未印发）",
        "title": bulletin.title,
        "correction": bulletin.correction_reason if bulletin.version > 1 else "",
        "version": bulletin.version,
    }
