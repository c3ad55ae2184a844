"""Read a 攻坚 plan document and parse it into plain, JSON-serialisable data.

A plan is usually a government notice: a general plan (总体方案) with 总体目标,
then a list of annexes (附件) — one per campaign — each with 一、攻坚目标,
二、攻坚任务 (sections "(一)" holding numbered tasks "1." and nested "(1)", each
ending in a unit clause such as "（X牵头，Y、Z按职责分工负责）") and 三、推进机制
(the task force).  A plain numbered task list without annexes parses too.

Pure Python (stdlib + python-docx): the Django loader maps the result onto
models and canonicalises department aliases, so names are returned as written.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import pairwise

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph


class PlanParseError(ValueError):
    """A document that cannot be read as a plan; str(err) is a clear Chinese message."""


# --------------------------------------------------------------------------- #
# Reading uploaded files
# --------------------------------------------------------------------------- #

_SUPPORTED_EXTENSIONS = (".txt", ".docx")
_UNREADABLE = "无法识别文件内容：不是文本或 Word 文档"
# Control characters other than the usual whitespace (and DOS EOF) betray binary data.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f]")


def read_plan_document(data: bytes, filename: str) -> str:
    """Decode an uploaded .txt (UTF-8/GB18030/UTF-16 with BOM) or .docx plan into text."""
    extension = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in _SUPPORTED_EXTENSIONS:
        raise PlanParseError("仅支持 .txt 和 .docx 文件")
    if not data:
        raise PlanParseError("文件为空")
    text = _read_docx(data) if extension == ".docx" else _decode_text(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise PlanParseError("文件为空")
    return text


def _decode_text(data: bytes) -> str:
    """Decode plain-text bytes, rejecting binary files renamed to .txt."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    elif b"\x00" in data:
        raise PlanParseError(_UNREADABLE)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise PlanParseError(_UNREADABLE)
    if len(_CONTROL_RE.findall(text)) * 100 > len(text):
        raise PlanParseError(_UNREADABLE)
    return text


def _read_docx(data: bytes) -> str:
    """Extract paragraphs and table cells of a .docx, in document order."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise PlanParseError("不是有效的 .docx 文件（不是 zip 压缩包）")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors…
        raise PlanParseError("不是有效的 .docx 文件（无法读取 Word 文档内容）") from exc
    return "\n".join(_docx_block_lines(document.iter_inner_content()))


def _docx_block_lines(blocks: Iterator[Paragraph | Table]) -> Iterator[str]:
    """Yield paragraph texts, descending into table cells (merged cells once)."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.text
            continue
        seen = set()
        for row in block.rows:
            for cell in row.cells:
                # Merged cells are returned once per grid column/row they span.
                if cell._tc in seen:
                    continue
                seen.add(cell._tc)
                yield from _docx_block_lines(cell.iter_inner_content())


# --------------------------------------------------------------------------- #
# Line patterns
# --------------------------------------------------------------------------- #

_CN_DIGITS = "一二三四五六七八九十百零〇"
_PART_RE = re.compile(rf"^([{_CN_DIGITS}]+)[、.．]\s*(.*)$")
_SUB_RE = re.compile(rf"^[(（]([{_CN_DIGITS}]+)[)）]\s*(.*)$")
# "1." but not a decimal such as "1.5万人"; the number may stand alone on its line.
_TASK_RE = re.compile(r"^(\d{1,3})\s*[.．、](?!\d)\s*(.*)$")
_CHILD_RE = re.compile(r"^[(（](\d{1,3})[)）]\s*(.*)$")
_ANNEX_LIST_RE = re.compile(r"^附\s*件\s*[:：]\s*(.*)$")
_ANNEX_HEAD_RE = re.compile(r"^附\s*件\s*(\d{1,2})?(?:(?:\s*[:：]|\s)\s*(.*))?$")
_LIST_ITEM_RE = re.compile(r"^(\d{1,2})\s*[.．、](?!\d)\s*(.+)$")
_ANNEX_SUFFIX_RE = re.compile(r"(?:实施|工作|行动)?方案$")
_TITLE_PUNCT_RE = re.compile(r"[。，,；;：:！？!?]")

_MECHANISM_TITLE_RE = re.compile(r"推进机制|工作机制|保障措施|组织实施|组织领导|组织保障|工作要求")
# A half-width "." ends a sentence unless it is a decimal point.
_SENTENCE_END_RE = re.compile(r"[。！？!?；;\n]|(?<![0-9])\.|\.(?![0-9])")
_TITLE_CUT_RE = re.compile(r"[，,、：:]")

_DOCNO_RE = re.compile(
    r"^[\u4e00-\u9fff]{1,12}\s*[〔［\[【(（]\s*(\d{4})\s*[〕］\]】)）]\s*\d+\s*号$"
)
_DATE_RE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_ORG_RE = re.compile(
    r"^[\u4e00-\u9fff]{2,30}(?:政府|办公室|办公厅|委员会|指挥部|领导小组|局|委|厅|部|办)$"
)
_NOTICE_TITLE_RE = re.compile(r"印发《([^》]+)》")
_PLAN_TITLE_RE = re.compile(r"(?:方案|计划|清单|要点|意见|措施|办法|细则|规划|安排)$")
_TITLE_YEAR_RE = re.compile(r"(20\d{2})\s*年")
# "列第一位者为牵头单位", "排在第一位的部门为牵头部门", "牵头单位排在首位"…
_FIRST_LISTED_RE = re.compile(
    r"(?:第一位|首位|第一个|第一)的?(?:者|单位|部门)?(?:为|是)牵头"
    r"|牵头(?:单位|部门)(?:列|排)(?:在|于)?(?:第一位|首位)"
)


# --------------------------------------------------------------------------- #
# Unit clauses
# --------------------------------------------------------------------------- #

_LABEL_WORDS = r"牵头(?:责任)?|责任|配合|协办|参与"  # as in "牵头单位：", "配合部门："
_CLAUSE_KEYWORD_RE = re.compile(r"牵头|负责|配合|参与|协助|协同|责任(?:单位|部门)")
_CLAUSE_SPLIT_RE = re.compile(r"[，,；;\n]")
_LABEL_RE = re.compile(rf"^(?P<label>{_LABEL_WORDS})(?:单位|部门)\s*[:：]\s*(?P<names>.*)$")
_LEAD_TAIL_RE = re.compile(
    r"(?:(?:分别|共同|联合|会同)?(?:按照?职[责能]分工)?牵头(?:负责|落实|推进|实施)?"
    r"|为牵头(?:单位|部门))$"
)
_CO_TAIL_RE = re.compile(
    r"(?:(?:分别|共同)?(?:按照?职[责能]分工)?(?:负责|配合|参与|协助|协同|落实|实施)"
    r"|为(?:配合|责任|参与)(?:单位|部门))$"
)
_TRAILING_LABEL_RE = re.compile(
    rf"(?:^|[。；;\n])\s*(?P<clause>(?:{_LABEL_WORDS})(?:单位|部门)\s*[:：].*)$", re.S
)
_NAME_SEP_RE = re.compile(r"[、，,；;\s]+")
# "和/及/与" separate two units only right after a unit suffix, so names such as
# 市人力资源和社会保障局 or 市自然资源和规划局 stay whole.
_AND_SEP_RE = re.compile(r"(?<=[局委办厅院行关队会社部处室署所站联司团府心])(?:以及|和|及|与)")
_ETC_RE = re.compile(r"等(?:\d+个)?(?:其他|其它)?(?:相关|有关)?(?:部门|单位|机构)?$")
# Placeholders for "everyone concerned" rather than a specific department.
_COLLECTIVE_RE = re.compile(
    r"各|^(?:其他|其它|有关|相关|在|驻)|(?:相关|有关)(?:单位|部门)"
    r"|(?:主管|职能|行业)部门|成员单位|县市区"
)

# Task force (推进机制).
_CONVENER_RE = re.compile(r"(?:^|[，,；;。])\s*(?:由)?(?P<who>[^，,；;。]+?)(?:担任|任|为)召集人")
_DEPUTY_AFTER_CONVENER_RE = re.compile(
    r"(?<!副)召集人[，,；;]\s*(?:由)?(?P<who>[^。；;]+?)(?:担任|任|为)副召集人"
)
_DEPUTY_RE = re.compile(r"(?:^|[，,；;。])\s*(?:由)?(?P<who>[^，,；;。]+?)(?:担任|任|为)副召集人")
_MEMBERS_RE = re.compile(r"成员单位(?:包括|为|有)?\s*[:：]?(?P<names>[^，,。；;]+)")
_MEMBERS_BEFORE_RE = re.compile(r"(?:^|[，,；;。])(?P<names>[^，,。；;]+?)为成员单位")
_OFFICE_RE = re.compile(r"办公室设(?:在|于)?(?P<office>[^，,。；;(（\n]+)")
_SHARED_ROLE_RE = re.compile(
    r"(?:主要负责人|分管负责人|主要负责同志|负责同志|负责人|主要领导|分管领导)$"
)
_PERSON_RE = re.compile(r"(?:长|主任|书记|主席|委员|领导|同志)$")


# --------------------------------------------------------------------------- #
# Targets
# --------------------------------------------------------------------------- #

# Full-width digits and symbols become ASCII one-for-one, so offsets stay valid.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％＋－～：，；", "0123456789.%+-~:,;") | {
    ord("•"): "·",
    ord("・"): "·",
}
_UNIT_WORDS = (
    "%", "个百分点", "百分点", "微克/立方米", "元/月·人", "元/人·月", "元/月", "元/人",
    "元/年", "元/亩", "平方公里", "平方米", "立方米", "公里", "千米", "千瓦", "人次", "元",
    "人", "户", "家", "个", "名", "台", "套", "张", "项", "条", "场", "所", "座", "辆", "件",
    "次", "批", "处", "间", "栋", "床", "支", "篇", "部", "倍", "米", "亩", "方", "吨",
)  # fmt: skip
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(_UNIT_WORDS, key=len, reverse=True))
# A figure is a number followed by a measure word.  Excluded by look-behind:
# ordinals (第四届), capacities inside project names (年产300万吨), ranges
# (5-6个 — skipped rather than guessed), phrase numbers (4+4, 4×4) and
# identifiers glued to letters (PM2.5, 4G).  Years (2025年) have no measure word.
_FIGURE_RE = re.compile(
    r"(?<![0-9A-Za-z.+×*/~\-])(?<!第)(?<!年产)(?<![0-9][至到])"
    rf"(?P<num>[0-9]+(?:\.[0-9]+)?)(?P<approx>余|多)?(?P<mult>万|亿)?(?P<unit>{_UNIT_ALT})"
)
# Nouns that start with a measure word: in "惠及4万家长" the count is of 家长.
_NOUN_UNITS = frozenset({"家长", "家庭", "人员", "人口", "项目", "场所", "名单", "条件"})
_POST_QUALIFIER_RE = re.compile(r"及以上|及以下|以上|以下|左右|以内|之内")
_CUE_RE = re.compile(
    r"(?P<dir>同比增长|同比下降|同比降低|年均增长|年增长|增长|增速|增幅|增加|下降|降低|减少|压减|压降"
    r"|提高|提升|上升)?(?P<to>到|至)?"
    r"(?P<pre>不低于|不少于|不超过|不高于|不多于|至少|超过|超|突破|达到|达|高于|低于"
    r"|保持在|稳定在|控制在)?$"
)
_DECREASE_WORDS = frozenset({"同比下降", "同比降低", "下降", "降低", "减少", "压减", "压降"})
_RAISE_WORDS = frozenset({"提高", "提升", "上升"})
_SHARE_RE = re.compile(r"占比|比重|比例|占")
_POST_QUALIFIERS = {
    "及以上": "以上", "以上": "以上", "及以下": "以下", "以下": "以下",
    "左右": "左右", "以内": "不超过", "之内": "不超过",
}  # fmt: skip
_PRE_QUALIFIERS = {
    "不低于": "不低于", "不少于": "不少于", "至少": "不少于", "不超过": "不超过",
    "不高于": "不超过", "不多于": "不超过", "超过": "超过", "超": "超过", "突破": "超过",
    "高于": "超过", "低于": "以下", "达到": "达到", "达": "达到",
}  # fmt: skip
_MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
_TARGET_CLAUSE_RE = re.compile(r"[，,：:]")
_CONJUNCTIONS = frozenset({"", "和", "与", "及", "或", "、"})
_METRIC_LEAD_RE = re.compile(r"^(?:力争|确保|实现|努力|争取|全年|其中|同时|并且)+")
_METRIC_TAIL_RE = re.compile(r"(?:力争|确保|分别|将|等|的)+$")
_UNIT_NOTE_RE = re.compile(r"^[(（][^()（）]*[)）]")


# --------------------------------------------------------------------------- #
# Document structure
# --------------------------------------------------------------------------- #


@dataclass
class _Annex:
    number: int
    title: str
    lines: list[str] = field(default_factory=list)


@dataclass
class _Part:
    number: str
    title: str
    role: str  # "goals", "mechanism" or "tasks"
    lines: list[str] = field(default_factory=list)


@dataclass
class _Task:
    number: str
    parent: str | None
    container: tuple[str | None, str | None]  # (part number, sub-section number)
    lines: list[str]
    unit_lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Task text as written, continuation paragraphs and unit lines included."""
        return "\n".join(line for line in (*self.lines, *self.unit_lines) if line)


@dataclass
class _Block:
    parts: list[_Part] = field(default_factory=list)
    tasks: list[_Task] = field(default_factory=list)
    titles: dict[tuple[str | None, str | None], str] = field(default_factory=dict)

    def part_text(self, role: str) -> str:
        """Joined text of every part with the given role."""
        return "\n".join(line for part in self.parts if part.role == role for line in part.lines)


def parse_plan(text: str) -> dict:
    """Parse plan text into titles, campaigns, sections, tasks, targets and unit names."""
    lines = [line.strip() for line in text.lstrip("\ufeff").splitlines()]
    lines = [line for line in lines if line]
    preamble, annexes = _split_document(lines)
    first_listed_leads = bool(_FIRST_LISTED_RE.search(text))

    preamble_block = _parse_block(preamble)
    sections: list[dict] = []
    tasks: list[dict] = []
    _emit_tasks(preamble_block, None, first_listed_leads, sections, tasks)

    campaigns = []
    for annex in annexes:
        block = _parse_block(annex.lines)
        _emit_tasks(block, annex.number, first_listed_leads, sections, tasks)
        goals = block.part_text("goals")
        mechanism = block.part_text("mechanism") or "\n".join(annex.lines)
        campaigns.append(
            {
                "number": annex.number,
                "name": _ANNEX_SUFFIX_RE.sub("", annex.title) or f"附件{annex.number}",
                "annex_title": annex.title,
                "goals": goals,
                "goal_targets": _extract_targets(goals),
                **_parse_task_force(mechanism),
            }
        )

    if not tasks:
        raise PlanParseError(
            "未识别到任何编号任务：请确认任务以“1.”“(1)”等编号开头，且每条任务单独成段"
        )

    unit_names = {name for task in tasks for name in (*task["lead_units"], *task["co_units"])}
    for campaign in campaigns:
        unit_names.update(campaign["member_units"])
        if campaign["office"]:
            unit_names.add(campaign["office"])
    return {
        **_parse_header(preamble),
        "first_listed_leads": first_listed_leads,
        "targets": _extract_targets(preamble_block.part_text("goals")),
        "campaigns": campaigns,
        "sections": sections,
        "tasks": tasks,
        "unit_names": sorted(unit_names),
    }


def _split_document(lines: list[str]) -> tuple[list[str], list[_Annex]]:
    """Separate the general plan from the annexes, consuming the 附件 title list."""
    preamble: list[str] = []
    listed: dict[int, str] = {}
    annexes: list[_Annex] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not annexes and (match := _ANNEX_LIST_RE.match(line)):
            index = _read_annex_list(match[1], lines, index, listed)
            continue
        if match := _ANNEX_HEAD_RE.match(line):
            number = int(match[1]) if match[1] else len(annexes) + 1
            title = (match[2] or "").strip()
            if not title and index < len(lines) and _looks_like_title(lines[index]):
                title = lines[index]
                index += 1
            annexes.append(_Annex(number, title or listed.get(number, "")))
            continue
        (annexes[-1].lines if annexes else preamble).append(line)
    return preamble, annexes


def _read_annex_list(first: str, lines: list[str], index: int, listed: dict[int, str]) -> int:
    """Record "附件:1.X / 2.Y …" titles; return the index of the first line after the list."""
    if first:
        match = _LIST_ITEM_RE.match(first)
        listed[int(match[1]) if match else 1] = (match[2] if match else first).strip()
    while index < len(lines):
        match = _LIST_ITEM_RE.match(lines[index])
        if not match or int(match[1]) != len(listed) + 1 or not _looks_like_title(match[2]):
            break
        listed[int(match[1])] = match[2].strip()
        index += 1
    return index


def _looks_like_title(line: str) -> bool:
    """Whether a line is a short title rather than a paragraph or heading."""
    return (
        2 <= len(line) <= 50
        and not _TITLE_PUNCT_RE.search(line)
        and not any(p.match(line) for p in (_PART_RE, _SUB_RE, _TASK_RE, _CHILD_RE, _DATE_RE))
    )


def _parse_block(lines: list[str]) -> _Block:
    """Walk headings, numbered tasks, child tasks, unit lines and continuation text."""
    block = _Block()
    part: _Part | None = None
    sub: str | None = None
    parent: _Task | None = None
    task: _Task | None = None
    for line in lines:
        if match := _PART_RE.match(line):
            part = _Part(match[1], _heading_title(match[2]), _part_role(match[2]))
            block.parts.append(part)
            block.titles[(part.number, None)] = part.title
            sub = parent = task = None
            continue
        if part and part.role != "tasks":
            part.lines.append(line)
            continue
        part_number = part.number if part else None
        if match := _SUB_RE.match(line):
            sub = match[1]
            block.titles[(part_number, sub)] = _heading_title(match[2])
            parent = task = None
        elif match := _TASK_RE.match(line):
            task = parent = _Task(str(int(match[1])), None, (part_number, sub), [match[2]])
            block.tasks.append(task)
        elif match := _CHILD_RE.match(line):
            task = _Task(
                str(int(match[1])),
                parent.number if parent else None,
                (part_number, sub),
                [match[2]],
            )
            block.tasks.append(task)
        elif task and _LABEL_RE.match(line):
            task.unit_lines.append(line)
        elif task and not task.unit_lines and _split_unit_clause(task.text)[1] is None:
            # A paragraph after a task that has not yet closed with its unit clause
            # continues that task (wrapped text, multi-paragraph .docx tasks).
            task.lines.append(line)
    return block


def _part_role(title: str) -> str:
    """Classify a 一、 part: goals, task-force mechanism, or tasks."""
    if "目标" in title and "任务" not in title:
        return "goals"
    if _MECHANISM_TITLE_RE.search(title):
        return "mechanism"
    return "tasks"


def _heading_title(text: str) -> str:
    """The heading words of a "(一)标题。正文…" line."""
    return _SENTENCE_END_RE.split(text, 1)[0].strip()


def _emit_tasks(
    block: _Block,
    campaign: int | None,
    first_listed_leads: bool,
    sections: list[dict],
    tasks: list[dict],
) -> None:
    """Append the block's sections and task dicts (document order) to the output lists."""
    block_tasks = [task for task in block.tasks if task.text]
    containers = list(dict.fromkeys(t.container for t in block_tasks))
    # In an annex, tasks straight under its single "二、攻坚任务" part have no
    # section; a plain list's "一、" parts (or several task parts) are sections.
    part_sections = campaign is None or sum(1 for _, sub in containers if not sub) > 1
    containers = [(part, sub) for part, sub in containers if sub or (part and part_sections)]
    numbers = {key: key[1] or key[0] for key in containers}
    # Sections are numbered as written; only if that is ambiguous (several
    # 一、 parts each with its own (一)…) are sub-sections prefixed with their part.
    if len(set(numbers.values())) < len(numbers):
        numbers = {
            (part, sub): f"{part}（{sub}）" if part and sub else (sub or part)
            for part, sub in containers
        }
    for order, key in enumerate(containers, start=1):
        sections.append(
            {
                "campaign": campaign,
                "number": numbers[key],
                "title": block.titles[key],
                "order": order,
            }
        )

    has_children = {(t.container, t.parent) for t in block_tasks if t.parent}
    numbering = _NumberingCheck()
    for order, task in enumerate(block_tasks, start=1):
        section = numbers.get(task.container)
        body, clause = _split_unit_clause("\n".join(filter(None, task.lines)))
        clause = "\n".join(filter(None, [clause, *task.unit_lines])) or None
        leads, co, collective, flags = _parse_unit_clause(clause, first_listed_leads)
        if clause is None and (task.container, task.number) in has_children:
            flags = []  # a parent heading such as "1.促进教育高质量发展" carries no units
        flags += numbering.check(section, task.parent, int(task.number))
        tasks.append(
            {
                "campaign": campaign,
                "section": section,
                "number": task.number,
                "parent": task.parent,
                "order": order,
                "title": _task_title(body),
                "text": task.text,
                "lead_units": leads,
                "co_units": co,
                "collective_units": collective,
                "unit_clause": clause,
                "flags": flags,
                "targets": _task_targets(body),
            }
        )


def _task_targets(body: str) -> list[dict]:
    """Targets of a task; a heading that restates a figure of the body yields it once."""
    heading_end = _SENTENCE_END_RE.search(body)
    if not heading_end:
        return _extract_targets(body)
    rest = _extract_targets(body[heading_end.end() :])
    stated = {(t["normalized_value"], t["normalized_unit"]) for t in rest}
    heading = [
        t
        for t in _extract_targets(body[: heading_end.start()])
        if (t["normalized_value"], t["normalized_unit"]) not in stated
    ]
    return heading + [t for t in rest if t not in heading]


class _NumberingCheck:
    """Flag duplicate or skipped numbers among sibling tasks, in document order."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str | None, str | None], list[int]] = {}
        self.last_child: dict[str | None, int] = {}

    def check(self, section: str | None, parent: str | None, number: int) -> list[str]:
        """Return the numbering flags for the next task."""
        siblings = self.seen.setdefault((section, parent), [])
        if siblings:
            expected = {siblings[-1] + 1}
        elif parent:  # children restart at 1 or run on across parents, as in (4)(5)
            expected = {1, self.last_child.get(section, 0) + 1}
        else:
            expected = {1}
        flags = []
        if number in siblings:
            flags.append("编号重复")
        elif number not in expected:
            flags.append("编号不连续")
        siblings.append(number)
        if parent:
            self.last_child[section] = number
        return flags


def _task_title(body: str) -> str:
    """Short heading: the first sentence if short, else about 40 characters of it."""
    first = _SENTENCE_END_RE.split(body.strip(), 1)[0].strip()
    if len(first) <= 40:
        return first
    cut = max((m.start() for m in _TITLE_CUT_RE.finditer(first, 0, 41)), default=0)
    return first[:cut] if cut >= 10 else first[:40]


# --------------------------------------------------------------------------- #
# Header: title, number, issuer, date
# --------------------------------------------------------------------------- #


def _parse_header(preamble: list[str]) -> dict:
    """Title, document number, issuer, issue date and year from the general plan."""
    heading_patterns = (_PART_RE, _SUB_RE, _TASK_RE, _CHILD_RE)
    head: list[str] = []
    for line in preamble:
        if any(p.match(line) for p in heading_patterns):
            break
        head.append(line)

    number_match = next((m for line in head if (m := _DOCNO_RE.match(line))), None)
    date_index, issue_date = next(
        ((i, d) for i, line in enumerate(preamble) if (d := _parse_date(line))), (None, None)
    )
    if date_index and _ORG_RE.match(preamble[date_index - 1]):
        issuer = preamble[date_index - 1]  # the signature just above the date
    else:
        issuer = next((line for line in head if _ORG_RE.match(line)), None)

    title = next((m[1] for line in head if (m := _NOTICE_TITLE_RE.search(line))), None)
    if title is None:
        candidates = [
            line
            for line in head
            if _looks_like_title(line) and not _ORG_RE.match(line) and not _DOCNO_RE.match(line)
        ]
        title = next((line for line in candidates if _PLAN_TITLE_RE.search(line)), None)
        title = title or next(iter(candidates), "")

    year = None
    if number_match:
        year = int(number_match[1])
    elif issue_date:
        year = issue_date.year
    elif year_match := _TITLE_YEAR_RE.search(title):
        year = int(year_match[1])
    return {
        "title": title,
        "document_number": number_match[0].replace(" ", "") if number_match else None,
        "issuer": issuer,
        "issue_date": issue_date.isoformat() if issue_date else None,
        "year": year,
    }


def _parse_date(line: str) -> date | None:
    """A standalone "2025年2月28日" line as a date."""
    match = _DATE_RE.match(line)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


# --------------------------------------------------------------------------- #
# Unit clauses
# --------------------------------------------------------------------------- #


def _split_unit_clause(text: str) -> tuple[str, str | None]:
    """Split task text into (body, unit clause without brackets) — clause None if absent."""
    stripped = text.rstrip(" \n。.;；")
    if stripped.endswith((")", "）")):
        start = _matching_open_bracket(stripped)
        if start is not None:
            clause = stripped[start + 1 : -1].strip()
            if _CLAUSE_KEYWORD_RE.search(clause):
                return text[:start].rstrip(), clause
    if match := _TRAILING_LABEL_RE.search(stripped):
        return stripped[: match.start("clause")].rstrip(), match["clause"].strip()
    return text.rstrip(), None


def _matching_open_bracket(text: str) -> int | None:
    """Index of the bracket opening the group that closes at the end of text."""
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        if text[index] in ")）":
            depth += 1
        elif text[index] in "(（":
            depth -= 1
            if depth == 0:
                return index
    return None


def _parse_unit_clause(
    clause: str | None, first_listed_leads: bool
) -> tuple[list[str], list[str], list[str], list[str]]:
    """Read (lead units, co units, collective placeholders, flags) from a unit clause."""
    if clause is None:
        return [], [], [], ["未找到责任单位"]
    segments: list[tuple[str | None, str]] = []
    label_role: str | None = None  # a "牵头单位：" label also covers following bare segments
    for segment in _CLAUSE_SPLIT_RE.split(clause):
        segment = segment.strip().rstrip("。.")
        if not segment:
            continue
        if match := _LABEL_RE.match(segment):
            label_role = "lead" if match["label"].startswith("牵头") else "co"
            segments.append((label_role, match["names"]))
        elif match := _LEAD_TAIL_RE.search(segment):
            label_role = None
            segments.append(("lead", segment[: match.start()]))
        elif match := _CO_TAIL_RE.search(segment):
            label_role = None
            segments.append(("co", segment[: match.start()]))
        else:
            segments.append((label_role, segment))

    # A bare segment before a "…牵头"/"…负责" tail shares that tail's role
    # ("X、Y,Z等按职责分工负责"); a bare list with no tail at all is co-units.
    leads: list[str] = []
    co: list[str] = []
    collective: list[str] = []
    next_role = "co"
    resolved = []
    for role, names in reversed(segments):
        next_role = role or next_role
        resolved.append((next_role, names))
    for role, names in reversed(resolved):
        for name in _split_names(names):
            target = collective if _COLLECTIVE_RE.search(name) else leads if role == "lead" else co
            if name not in target:
                target.append(name)

    flags = []
    if set(leads) & set(co):
        co = [name for name in co if name not in leads]
        flags.append("单位同时列为牵头和配合")
    if not leads and co and first_listed_leads:
        leads = [co.pop(0)]  # the document says the first-listed unit leads
    if not leads:
        flags.append("未标明牵头单位" if co or collective else "未找到责任单位")
    return leads, co, collective, flags


def _split_names(text: str) -> list[str]:
    """Split a list of unit names, dropping trailing 等… and empty items."""
    names: list[str] = []
    for piece in _NAME_SEP_RE.split(text):
        for name in _AND_SEP_RE.split(piece):
            name = _ETC_RE.sub("", name.strip()).strip()
            if name and name not in names:
                names.append(name)
    return names


def _parse_task_force(text: str) -> dict:
    """Convener, deputy conveners, member units and office from a 推进机制 paragraph."""
    convener = _CONVENER_RE.search(text)
    deputies = _DEPUTY_AFTER_CONVENER_RE.search(text) or _DEPUTY_RE.search(text)
    members = _MEMBERS_RE.search(text) or _MEMBERS_BEFORE_RE.search(text)
    office = _OFFICE_RE.search(text)
    return {
        "convener": convener["who"].strip() if convener else None,
        "deputy_conveners": _expand_deputies(deputies["who"]) if deputies else [],
        "office": office["office"].strip() if office else None,
        "member_units": [
            name
            for name in (_split_names(members["names"]) if members else [])
            if not _COLLECTIVE_RE.search(name)
        ],
    }


def _expand_deputies(text: str) -> list[str]:
    """Give each unit in "X、Y主要负责人" its own "…主要负责人" entry."""
    expanded = []
    shared: str | None = None
    for item in reversed(_split_names(text)):
        if match := _SHARED_ROLE_RE.search(item):
            shared = match[0]
        elif _PERSON_RE.search(item):
            shared = None  # a named post (副秘书长, 主任) ends the shared-role group
        elif shared:
            item += shared
        expanded.append(item)
    return expanded[::-1]


# --------------------------------------------------------------------------- #
# Targets
# --------------------------------------------------------------------------- #


@dataclass
class _Figure:
    start: int
    end: int  # after the unit and any trailing qualifier
    value: str
    multiplier: str
    unit: str  # base unit, without 万/亿
    qualifier: str  # from 以上/左右…, 余/多


def _extract_targets(text: str) -> list[dict]:
    """Find quantified targets ("增长6%左右", "5.8万人以上") in text."""
    norm = text.translate(_FULLWIDTH)
    targets: list[dict] = []
    for sentence_start, sentence_end in _spans(norm, _SENTENCE_END_RE, 0, len(norm)):
        previous: tuple[dict, int] | None = None  # the sentence's last target, its source start
        for start, end in _spans(norm, _TARGET_CLAUSE_RE, sentence_start, sentence_end):
            for target, source_start in _clause_targets(text, norm, start, end, previous):
                if target not in targets:
                    targets.append(target)
                previous = (target, source_start)
    return targets


def _spans(
    text: str, separator: re.Pattern[str], start: int, end: int
) -> Iterator[tuple[int, int]]:
    """(start, end) spans of text[start:end] between separator matches."""
    for match in separator.finditer(text, start, end):
        yield start, match.start()
        start = match.end()
    yield start, end


def _clause_targets(
    text: str, norm: str, start: int, end: int, previous: tuple[dict, int] | None
) -> Iterator[tuple[dict, int]]:
    """(target, source start) for each figure of one clause.

    previous is the sentence's last target, lending its metric to a clause
    that has none ("增长8.9%，达2100亿元").
    """
    figures = _figures(norm, start, end)
    # "、" between two figures separates items ("企业40家、产线120条"); elsewhere
    # it belongs to the metric ("国、省级单项冠军").
    cuts = [
        cut for one, two in pairwise(figures) if (cut := norm.find("、", one.end, two.start)) >= 0
    ]
    prefix_start = start
    last: tuple[dict, str] | None = None  # previous target in this clause and its qualifier
    for index, figure in enumerate(figures):
        following = figures[index + 1] if index + 1 < len(figures) else None
        segment_start = max((cut + 1 for cut in cuts if cut < figure.start), default=start)
        segment_end = min((cut for cut in cuts if cut >= figure.end), default=end)
        relative = figure.unit == "%" or figure.unit.endswith("百分点")
        if following and not relative and following.start < segment_end:
            gap = norm[figure.end : following.start]
            if gap.strip() not in _CONJUNCTIONS and _CUE_RE.search(gap)[0]:
                # "全市15条优势产业链年产值增长8.9%": the count names the next metric.
                continue
        prefix = norm[max(prefix_start, segment_start) : figure.start]
        suffix = ""
        if not relative:
            suffix_end = min(segment_end, following.start if following else end)
            suffix = _metric_suffix(norm[figure.end : suffix_end])
        source_start = segment_start
        if last and prefix.strip() in _CONJUNCTIONS and not suffix:
            # "分别提高到不低于740元/月和485元/月": same metric and qualifier.
            metric, kind, qualifier = last[0]["metric"], last[0]["kind"], last[1]
        else:
            cue = _CUE_RE.search(prefix)
            direction, metric_end = cue["dir"], cue.start()
            if direction in _RAISE_WORDS and not cue["to"] and not relative:
                # "精细化提升78公里" is an amount of work, not a growth rate.
                direction, metric_end = None, cue.end("dir")
            metric = _clean_metric(_clean_metric(prefix[:metric_end]) + suffix)
            if not metric and previous:
                metric, source_start = previous[0]["metric"], previous[1]
            kind = _target_kind(figure.unit, direction, cue["to"], metric)
            qualifier = _PRE_QUALIFIERS.get(cue["pre"] or "", "")
            if not qualifier and cue["to"]:
                qualifier = "达到"  # 提高到/下降至 name the level to reach
        source = text[source_start:segment_end].strip()
        target = _target_dict(figure, metric, kind, figure.qualifier or qualifier, source)
        last = (target, qualifier)
        prefix_start = figure.end
        yield target, source_start


def _figures(norm: str, start: int, end: int) -> list[_Figure]:
    """Numbers with a measure word in norm[start:end]."""
    figures = []
    for match in _FIGURE_RE.finditer(norm, start, end):
        unit_end = match.end()
        unit = match["unit"]
        if norm[unit_end - 1 : unit_end + 1] in _NOUN_UNITS:
            unit += norm[unit_end]
            unit_end += 1
        post = _POST_QUALIFIER_RE.match(norm, unit_end, end)
        qualifier = _POST_QUALIFIERS[post[0]] if post else "以上" if match["approx"] else ""
        figures.append(
            _Figure(
                start=match.start(),
                end=post.end() if post else unit_end,
                value=match["num"],
                multiplier=match["mult"] or "",
                unit=unit,
                qualifier=qualifier,
            )
        )
    return figures


def _target_kind(unit: str, direction: str | None, to_level: str | None, metric: str) -> str:
    """absolute, growth, decrease, share, points or rate."""
    if unit.endswith("百分点"):
        return "points"
    if direction and not to_level:
        return "decrease" if direction in _DECREASE_WORDS else "growth"
    if unit == "%":
        return "share" if _SHARE_RE.search(metric) else "rate"
    return "absolute"


def _target_dict(figure: _Figure, metric: str, kind: str, qualifier: str, source: str) -> dict:
    """The TARGET dict, with 万/亿 folded into the base unit."""
    value = Decimal(figure.value) * _MULTIPLIERS.get(figure.multiplier, Decimal(1))
    return {
        "metric": metric,
        "value": figure.value,
        "unit": figure.multiplier + figure.unit,
        "normalized_value": format(value.normalize(), "f"),
        "normalized_unit": "百分点" if figure.unit.endswith("百分点") else figure.unit,
        "qualifier": qualifier,
        "kind": kind,
        "text": source,
    }


def _metric_suffix(text: str) -> str:
    """Noun after a count ("新建530个4G/5G基站"), minus unit notes, asides and "的…" tails."""
    text = _UNIT_NOTE_RE.sub("", text.strip())
    if text.startswith(("的", "(", "（")) or text in _CONJUNCTIONS:
        return ""
    return text


def _clean_metric(text: str) -> str:
    """Trim filler verbs (力争, 确保…) and stray brackets around a metric name."""
    text = _strip_unbalanced(text.strip())
    text = _METRIC_TAIL_RE.sub("", _METRIC_LEAD_RE.sub("", text))
    return _strip_unbalanced(text.strip())


def _strip_unbalanced(text: str) -> str:
    """Drop a leading open or trailing close bracket that has no partner."""
    opens = sum(text.count(c) for c in "(（")
    closes = sum(text.count(c) for c in ")）")
    if text[:1] in ("(", "（") and opens > closes:
        text = text[1:]
    if text[-1:] in (")", "）") and closes > opens:
        text = text[:-1]
    if text[-1:] in ("(", "（"):
        text = text[:-1]
    return text.strip()
