"""Bulletins and reviews as one document structure, rendered alike as the web page, the PDF and
the Word file."""

from dataclasses import dataclass, field
from datetime import date

from .charts import BULLETIN_CHARTS, REVIEW_CHARTS
from .models import Bulletin, IssuedDocument, QuarterlyReview
from .scoring import CAMPAIGN, REGION, SUBJECT_LABELS
from .selectors import bulletin_commended


@dataclass
class Table:
    """A table of the bulletin: caption, header and rows of text."""

    caption: str
    header: list[str]
    rows: list[list[str]]
    style: str = ""  # "prose": long text, set left; "figures": short cells kept on one line


@dataclass
class Section:
    """A numbered part: heading, paragraphs and tables."""

    heading: str
    paragraphs: list[str]
    tables: list[Table] = field(default_factory=list)


@dataclass
class Document:
    """What every format prints: heading, numbered parts, attachments and charts (name → caption)."""

    heading: dict
    sections: list[Section]
    attachments: list[Table]
    charts: dict[str, str]
    data: dict


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


def _heading(document: IssuedDocument, number: str) -> dict:
    """Number, issuer and date lines above the title."""
    issued = document.issued_at.date() if document.issued_at else None
    return {
        "number": number,
        "issuer": document.issuer,
        "date": f"{issued.year}年{issued.month}月{issued.day}日" if issued else "（未印发）",
        "title": document.title,
        "correction": document.correction_reason if document.version > 1 else "",
        "version": document.version,
    }


def bulletin_document(bulletin: Bulletin) -> Document:
    """The month's bulletin as printed."""
    return Document(
        heading=_heading(bulletin, f"{bulletin.period.start.year}年第{bulletin.number}期"),
        sections=bulletin_sections(bulletin),
        attachments=bulletin_attachments(bulletin),
        charts=BULLETIN_CHARTS,
        data=bulletin.data,
    )


# --- 季度讲评 ---------------------------------------------------------------------------------


def _by_month(data: dict, subject: str, caption: str, cell, extra: tuple = ()) -> Table:
    """One row per campaign or region, one column per month of the quarter (and `extra` columns)."""
    rows = data["campaigns"] if subject == CAMPAIGN else data["regions"]
    ordered = sorted(rows, key=lambda row: (row.get("number", 0), row.get("order", 0)))
    return Table(
        caption,
        [SUBJECT_LABELS[subject], *data["months"], *(label for label, _ in extra)],
        [
            [
                row["name"],
                *(cell(month) for month in row["months"]),
                *(str(value(row)) for _, value in extra),
            ]
            for row in ordered
        ],
        style="figures",
    )


def _goals(month: dict) -> str:
    total = month["goals_reached"] + month["goals_behind"] + month["goals_no_data"]
    return f"{month['goals_reached']}/{total}" if total else "—"


def _tasks(month: dict) -> str:
    if not month["tasks_total"]:
        return "—"
    return f"{month['tasks_on_track']}/{month['tasks_total']}（落后{month['tasks_lagging']}）"


def score_table(data: dict, subject: str) -> Table:
    """Ranking by score: the components as the rule names them, and the total."""
    columns = data["columns"][subject]
    rows = data["campaigns"] if subject == CAMPAIGN else data["regions"]
    return Table(
        f"{SUBJECT_LABELS[subject]}季度得分排名",
        ["排名", SUBJECT_LABELS[subject], *(label for _, label in columns), "总分"],
        [
            [
                str(row["rank"]),
                row["name"],
                *(row["score"][key] for key, _ in columns),
                row["score"]["total"],
            ]
            for row in rows
        ],
        style="figures",
    )


def rule_table(data: dict) -> Table:
    """评分办法 as frozen with the figures: the same weights the scores were computed with."""
    return Table(
        "评分办法",
        ["评分项目", "分值", "计分方法", "适用对象"],
        [
            [
                row["label"],
                row["points"],
                row["method"],
                "、".join(SUBJECT_LABELS[subject] for subject in row["subjects"]),
            ]
            for row in data["rule"]
        ],
        style="prose",
    )


def _average(rows: list[dict]) -> str:
    if not rows:
        return "—"
    total = sum(float(row["score"]["total"]) for row in rows) / len(rows)
    return f"{total:.1f}".removesuffix(".0")


def _day(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def review_summary(data: dict) -> list[str]:
    """The opening paragraphs, written from the figures (not editable)."""
    campaigns, regions = data["campaigns"], data["regions"]
    lines = [
        f"本季度（{data['months'][0]}至{data['months'][-1]}）按评分办法对{len(campaigns)}个专班、"
        f"{len(regions)}个县市区计分，数据截至{_day(data['as_of'])}，时序进度{data['elapsed']}%。"
    ]
    for label, rows in (("专班", campaigns), ("县市区", regions)):
        if rows:
            lines.append(
                f"{label}平均得分{_average(rows)}分，第一名{rows[0]['name']}"
                f"{rows[0]['score']['total']}分，最后一名{rows[-1]['name']}"
                f"{rows[-1]['score']['total']}分。"
            )
    return lines


def _commended(data: dict) -> list[str]:
    return [
        f"{row['name']}（{entry['month']}通报表扬）：{entry['practices'] or '（未报送典型做法）'}"
        for row in sorted(data["campaigns"], key=lambda row: row["number"])
        for entry in row.get("commended", [])
    ] or ["本季度无。"]


def review_sections(review: QuarterlyReview) -> list[Section]:
    """The numbered parts: ranking and rule, the three months compared, commendations, remarks."""
    data = review.data
    return [
        Section(
            "一、总体情况和得分排名",
            review_summary(data),
            [score_table(data, CAMPAIGN), score_table(data, REGION)],
        ),
        Section(
            "二、评分办法",
            ["各项得分按下表计算，保留一位小数；总分为各项得分之和。同分名次并列。"],
            [rule_table(data)],
        ),
        Section(
            "三、各专班季度对比",
            [],
            [
                _by_month(
                    data,
                    CAMPAIGN,
                    "各专班月报报送情况",
                    lambda m: m["delivery_label"],
                    (("退回次数", lambda row: row["returns"]),),
                ),
                _by_month(data, CAMPAIGN, "攻坚目标达到或快于时序进度（项/全部）", _goals),
                _by_month(data, CAMPAIGN, "任务未落后于时序进度（项/全部）", _tasks),
                _by_month(data, CAMPAIGN, "月末逾期任务（项）", lambda m: str(m["overdue"])),
            ],
        ),
        Section(
            "四、各县市区季度对比",
            [],
            [
                _by_month(
                    data,
                    REGION,
                    "各县市区报表报送情况",
                    lambda m: m["delivery_label"],
                    (("未通过校验次数", lambda row: row["returns"]),),
                ),
                _by_month(data, REGION, "分解目标达到或快于时序进度（项/全部）", _goals),
                _by_month(data, REGION, "涉及任务未落后于时序进度（项/全部）", _tasks),
            ],
        ),
        Section("五、通报表扬和典型做法", _commended(data)),
        Section("六、总专班讲评意见", _paragraphs(review.opinion)),
        Section("七、下季度工作要求", _paragraphs(review.requirements)),
    ]


def review_document(review: QuarterlyReview) -> Document:
    """The quarter's review as printed."""
    return Document(
        heading=_heading(review, review.period.label),
        sections=review_sections(review),
        attachments=[],
        charts=REVIEW_CHARTS,
        data=review.data,
    )
