"""The shape of the org tree (requirements §"Who uses it", seed §7)."""

# Administrative levels, top down. A node's children sit at a deeper level.
LEVELS = ("province", "city", "county", "township", "village", "grid")
PARTY_ORG = "party_org"
KINDS = (*LEVELS, PARTY_ORG)

SUBTYPES = {
    "township": ("township", "street"),          # 乡镇 / 街道
    "village": ("village", "community"),         # 村 / 社区
    # Party organisations of other types hung on the tree (seed §7).
    PARTY_ORG: ("joint_service", "non_public", "network", "social_org", "other"),
}


def child_kind_allowed(parent_kind, kind):
    """Whether a node of kind may hang under a node of parent_kind (None: the root)."""
    if parent_kind is None:
        return kind == "province"
    if kind == PARTY_ORG:
        return True
    if parent_kind == PARTY_ORG or kind not in LEVELS:
        return False
    return LEVELS.index(kind) > LEVELS.index(parent_kind)


def default_subtype(kind):
    """The subtype a township or village gets when none is named."""
    return SUBTYPES[kind][0] if kind in ("township", "village") else None


def subtype_allowed(kind, subtype):
    """Whether subtype fits kind: party orgs need one, other levels take none."""
    if subtype is None:
        return kind != PARTY_ORG
    return subtype in SUBTYPES.get(kind, ())
