"""The rules of community duty (双报到, F5), defined once and served to the phone."""
from .. import rules as shared

# Who serves: in-service party members; who keeps a community's books: its staff.
MEMBERS = frozenset({"member"})
STAFF = frozenset({"community_staff"})
# Parts of the domain add what the phone needs of them here (served below).
SERVED = {"members": sorted(MEMBERS), "staff": sorted(STAFF)}


@shared.served("duty")
def served():
    """The duty rules as the phone checks and draws them."""
    return SERVED
