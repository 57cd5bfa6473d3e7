"""The plan of a generated county's register, drawn before any household is made: for each
village or community, who is paired with how many of its households since when (the
cadres' accounts made here), how many were handed over, who is stationed there; and where
its households and its records fall in the feed. With the plan, each place's records can
be made anywhere, in any order, numbered as they will be written."""
import itertools
from dataclasses import dataclass

from . import names
from .bulk import spread

PAIRED_SHARE = 0.85            # households with a cadre
HOUSEHOLDS_PER_CADRE = (3, 8)
HOUSEHOLDS_PER_LEADER = (2, 4)
COUNTY_CADRE_SHARE = 0.4       # cadres of county departments; the others, their township's
HANDOVER_SHARE = 0.1           # paired households whose earlier cadre handed them over
STATIONED_SHARE = 0.3          # villages with a stationed cadre (and at least one village)
ENDED_STATION_SHARE = 0.15
# How long ago pairings started: (share, fewest days, most days). Rotation is due after 12
# months and overdue after 24 (households.rules), so about 55 % ok, 35 % due, 10 % overdue.
PAIRING_AGES = ((0.55, 10, 364), (0.35, 366, 729), (0.10, 732, 900))


@dataclass
class PlacePlan:
    """A place's register as planned."""

    households: int        # how many
    first_household: int   # the index of its first in the county's register
    first_seq: int         # its first record's seq
    groups: list           # (cadre, admin who paired them, how many households, start ordinal)
    handovers: int         # of its paired households, how many were handed over
    station: tuple = None  # (cadre, post, start ordinal, end ordinal or None)

    @property
    def records(self):
        """How many records the place adds to the feed: households, pairings, stationing."""
        paired = sum(size for *_, size, _ in self.groups)
        return self.households + paired + self.handovers + (self.station is not None)


def plan_places(org, county, rng, today, first_seq):
    """Each place's PlacePlan, in place order; the cadres' accounts are made in org."""
    by_place, cadres = _leaders_by_place(rng, county), itertools.count(1)
    plans, household, seq, stationed = [], 0, first_seq + 1, False
    for index, place in enumerate(county.places):
        count = sum(place.grid_households)
        groups = _groups(org, county, place, by_place.get(index, ()), rng, today,
                         (round(count * PAIRED_SHARE), cadres))
        paired = sum(size for *_, size, _ in groups)
        handovers = sum(rng.random() < HANDOVER_SHARE for _ in range(paired)) \
            if len(groups) > 1 else 0
        station = None
        if not place.community and (rng.random() < STATIONED_SHARE or not stationed):
            station, stationed = _station(rng, county, place, groups, today), True
        made = PlacePlan(count, household, seq, groups, handovers, station)
        plans.append(made)
        household, seq = household + count, seq + made.records
    return plans


def _leaders_by_place(rng, county):
    """Each leader's village (county leaders anywhere, township leaders in their own),
    where they are paired with a few households: {place index: [(leader, admin)]}."""
    places, by_place = list(enumerate(county.places)), {}
    for leader in county.leaders:
        by_place.setdefault(rng.choice(places)[0], []).append((leader, county.admin))
    for township in county.townships:
        own = [i for i, p in places if p.township is township]
        for leader in township.leaders:
            by_place.setdefault(rng.choice(own), []).append((leader, township.admin))
    return by_place


def _groups(org, county, place, leaders, rng, today, wanted):
    """The place's pairings as groups: its leaders' first, then new cadres' of the county
    or the township, each group paired on one day; (cadre, admin, size, start)."""
    paired, cadres = wanted
    groups, taken = [], 0
    for leader, admin in leaders:
        size = min(rng.randint(*HOUSEHOLDS_PER_LEADER), paired - taken)
        groups.append((leader, admin, size, start_day(rng, today)))
        taken += size
    while taken < paired:
        county_cadre = rng.random() < COUNTY_CADRE_SHARE
        home = county if county_cadre else place.township
        cadre = org.account(f"cadre{next(cadres):06d}", home.node, "cadre")
        home.cadres.append(cadre)
        size = min(rng.randint(*HOUSEHOLDS_PER_CADRE), paired - taken)
        groups.append((cadre, home.admin, size, start_day(rng, today)))
        taken += size
    return [group for group in groups if group[2]]


def _station(rng, county, place, groups, today):
    """A cadre of the county stationed in the village (some stationings have ended); the
    place knows whom while it lasts."""
    theirs = [cadre for cadre, admin, _, _ in groups if admin == county.admin]
    cadre = rng.choice(theirs) if theirs else rng.choice(county.leaders)
    start, end = start_day(rng, today), None
    if rng.random() < ENDED_STATION_SHARE and today.toordinal() - start > 400:
        end = start + rng.randint(365, today.toordinal() - start - 1)
    else:
        place.stationed = cadre
    return cadre, rng.choice(names.STATION_POSTS), start, end


def start_day(rng, today):
    """The ordinal of a day a pairing or stationing started, as PAIRING_AGES spreads them."""
    return today.toordinal() - spread(rng, PAIRING_AGES)
