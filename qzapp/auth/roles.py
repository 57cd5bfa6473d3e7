"""Roles from requirements.md; each account holds one or more."""

ROLES = (
    "cadre",            # 机关干部: paired with households (seed §3)
    "first_secretary",  # 第一书记 (§3, §8)
    "village_staff",    # 村(社区)干部
    "grid_worker",      # 网格员 (§9)
    "member",           # 在职党员: 双报到 (§3)
    "community_staff",  # 社区工作人员
    "leader",           # 领导干部 (§2, §4)
    "supervisor",       # 组织部门/纪检监察 (§12)
    "admin",            # 系统管理员 of an org subtree
)

# Roles that read everything in their subtree for oversight, never write field records.
OVERSIGHT_ROLES = frozenset({"supervisor", "admin"})
