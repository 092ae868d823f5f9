from django.db import models


class AgencyKind(models.TextChoices):
    PROVINCIAL = "provincial", "省直部门"
    CENTRAL = "central", "中央在湘单位"
    PREFECTURE = "prefecture", "市州人民政府"
    COUNTY = "county", "县市区人民政府"
    ZONE = "zone", "园区/片区管委会"
    ENTERPRISE = "enterprise", "企业"
    COLLECTIVE = "collective", "集合名称"
    OTHER = "other", "其他"


class Role(models.TextChoices):
    OFFICE = "office", "督查室工作人员"
    LEADER = "leader", "领导（只读）"
    LIAISON = "liaison", "单位联络员"
    HEAD = "head", "单位负责人"


# Roles that act for one agency and must therefore name it.
AGENCY_ROLES = frozenset({Role.LIAISON, Role.HEAD})

# Django groups that carry each role's model permissions (see the 0002 migration).
ROLE_GROUPS = {
    Role.OFFICE: "督查室",
    Role.LEADER: "领导",
    Role.LIAISON: "联络员",
    Role.HEAD: "单位负责人",
}
