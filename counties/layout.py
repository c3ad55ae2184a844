"""The workbook's layout, shared by the builder, the reader and the annotator."""

import hashlib
from decimal import Decimal

TEMPLATE_VERSION = "2025.2"
INSTRUCTIONS_SHEET = "填报说明"
INDICATOR_SHEET = "指标"
TASK_SHEET = "任务"
PROJECT_SHEET = "重大项目"
HISTORY_SHEET = "往月数据"
META_SHEET = "模板信息"

# Columns (1-based) and headers of the data sheets; input columns are unlocked, the rest locked.
INDICATOR_HEADERS = (
    "指标代码",
    "指标名称",
    "单位",
    "年度目标",
    "本期值",
    "累计值",
    "上年同期",
    "备注",
)
IND_CODE, IND_VALUE, IND_CUMULATIVE, IND_LAST_YEAR, IND_NOTE = 1, 5, 6, 7, 8
INDICATOR_INPUTS = (IND_VALUE, IND_CUMULATIVE, IND_LAST_YEAR, IND_NOTE)
INDICATOR_REQUIRED = (IND_VALUE, IND_CUMULATIVE)

TASK_HEADERS = ("任务代码", "任务名称", "状态", "完成进度（%）", "工作进展")
TASK_CODE, TASK_STATUS, TASK_PERCENT, TASK_TEXT = 1, 3, 4, 5
TASK_INPUTS = (TASK_STATUS, TASK_PERCENT, TASK_TEXT)
TASK_REQUIRED = (TASK_STATUS, TASK_PERCENT)

# The same columns serve the projects area's own update workbook (projects/imports.py).
PROJECT_HEADERS = (
    "项目代码",
    "项目名称",
    "是否开工",
    "开工日期",
    "本期完成投资（万元）",
    "年度累计完成投资（万元）",
    "累计支付资金（万元）",
    "实物完成率（%）",
    "需协调解决的问题",
)
PRJ_CODE, PRJ_STARTED, PRJ_START_DATE = 1, 3, 4
PRJ_INVESTMENT, PRJ_CUMULATIVE, PRJ_PAID, PRJ_PERCENT, PRJ_PROBLEMS = 5, 6, 7, 8, 9
PRJ_MONEY = (PRJ_INVESTMENT, PRJ_CUMULATIVE, PRJ_PAID)
PROJECT_INPUTS = (PRJ_STARTED, PRJ_START_DATE, *PRJ_MONEY, PRJ_PERCENT, PRJ_PROBLEMS)
# The ProjectUpdate field each column feeds, so a model validation error lands on its column.
PROJECT_COLUMNS = {
    "project": PRJ_CODE,
    "started": PRJ_STARTED,
    "start_date": PRJ_START_DATE,
    "investment": PRJ_INVESTMENT,
    "cumulative_investment": PRJ_CUMULATIVE,
    "funds_paid": PRJ_PAID,
    "physical_percent": PRJ_PERCENT,
    "problems": PRJ_PROBLEMS,
}
YES, NO = "是", "否"

HISTORY_HEADERS = ("指标代码", "指标名称", "月份", "本期值", "累计值", "上年同期")
META_LABELS = ("模板版本", "县市区代码", "县市区", "报送月份", "校验码")

# Numbers beyond this are typing mistakes (and would not fit the database's 16 integer digits).
VALUE_LIMIT = 10**12
# Amounts in 万元 are stored with 14 digits, two of them decimals (projects.models.MONEY).
MONEY_MAX = Decimal("999999999999.99")
NOTE_MAX = 500
TEXT_MAX = 2000
MAX_DATA_ROWS = 60_000


def indicator_code(target_id: int) -> str:
    return f"ZB{target_id:05d}"


def task_code(task_id: int) -> str:
    return f"RW{task_id:05d}"


def parse_code(code: str, prefix: str) -> int | None:
    """The id inside a code such as ZB00042, or None when it is not one."""
    if not code.startswith(prefix) or not code[len(prefix) :].isdigit():
        return None
    return int(code[len(prefix) :])


def period_key(period) -> str:
    return period.start.strftime("%Y-%m")


def checksum(version: str, region_code: str, period: str) -> str:
    """A digest binding template version, region and month, so hand edits of the hidden sheet show.

    It catches mistakes, not forgery: who may upload for which region is decided on the server.
    """
    return hashlib.sha256(f"{version}|{region_code}|{period}".encode()).hexdigest()[:20]
