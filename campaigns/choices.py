from django.db import models


class DepartmentKind(models.TextChoices):
    MUNICIPAL = "municipal", "市直部门"
    PARTY = "party", "党委部门"
    JUDICIAL = "judicial", "司法机关"
    CENTRAL = "central", "中省驻衡单位"
    ENTERPRISE = "enterprise", "企业"
    INSTITUTION = "institution", "高校及科研院所"
    MASS = "mass", "群团组织"
    OTHER = "other", "其他"


class RegionKind(models.TextChoices):
    DISTRICT = "district", "市辖区"
    COUNTY = "county", "县"
    CITY = "city", "县级市"
    PARK = "park", "园区"


class PlanImportStatus(models.TextChoices):
    PREVIEW = "preview", "待确认"
    APPLIED = "applied", "已导入"
    DISCARDED = "discarded", "已放弃"
