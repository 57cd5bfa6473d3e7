"""The register of a generated county, made a place at a time as plan.py planned it:
households and their members, the pairings of their cadres (a few handed over by another)
and the stationed cadre. Each place has a random stream of its own."""
import datetime as dt
import random
from array import array

from ..db import connect, execute, execute_many
from ..households.entity import HOUSEHOLD
from ..households.pairing import PAIRING, STATIONING
from ..households.rules import ROTATION_OVERDUE_MONTHS, add_months
from . import names
from .bulk import SYNC_COLUMNS, Batch, Ids, day_start_ms, stamp
from .people import People

HOUSEHOLD_COLUMNS = ("id", "node_id", "head_name", "members", "difficulty_type", "needs",
                     "address", "phone", "id_number", *SYNC_COLUMNS)
PAIRING_COLUMNS = ("id", "household_id", "node_id", "cadre_id", "start_date",
                   "planned_end_date", "end_date", "handover_note", *SYNC_COLUMNS)
STATION_COLUMNS = ("id", "node_id", "cadre_id", "post", "start_date", "planned_end_date",
                   "end_date", *SYNC_COLUMNS)
# The register was filled in a campaign of CAMPAIGN_DAYS, REGISTERED_DAYS_AGO.
REGISTERED_DAYS_AGO = 4 * 365 + 60
CAMPAIGN_DAYS = 60
HOUR_MS = 3_600_000
# What the diaries need of each household, by household index (Register's arrays).
KEPT = ("ids", "heads", "addresses", "node", "grid_worker", "cadre", "start", "prev",
        "prev_start")


class Register:
    """What the diaries need of each household, kept compactly (by household index): its
    id, head and address, grid and grid worker, its cadre and the day (ordinal) they were
    paired, and the cadre who handed it over to them and since when (0 when none)."""

    def __init__(self):
        self.ids, self.heads, self.addresses = [], [], []
        self.place = array("i")
        for name in KEPT[3:]:
            setattr(self, name, array("i"))

    def extend(self, place, kept):
        """Add a place's households, kept as RegisterMaker keeps them."""
        self.place.extend([place] * len(kept[0]))
        for name, values in zip(KEPT, kept):
            getattr(self, name).extend(values)


class RegisterMaker:
    """Makes a run of places' households, pairings and stationings into a batch, numbered
    as planned; the batch's `kept` holds what the register keeps of each place."""

    def __init__(self, county, plans, seed, today, names_of):
        self.places, self.plans, self.seed, self.today = county.places, plans, seed, today
        self.admin = county.admin
        self.registered_ms = day_start_ms(today - dt.timedelta(days=REGISTERED_DAYS_AGO))
        total = sum(p.households for p in plans)
        self.step_ms = max(1, CAMPAIGN_DAYS * 24 * HOUR_MS // max(total, 1))
        self.difficulties = [d for d, share in names.DIFFICULTIES for _ in range(share)]
        self.names_of, self.names_db = names_of, None

    def batch(self, places):
        """The batch of the places (a range of place indices)."""
        batch = Batch(self.plans[places[0]].first_seq - 1, self._names())
        batch.kept = [(i, self._place(batch, i)) for i in places]
        return batch

    def _names(self):
        """A database of the accounts' names, for the serialize of pairings and stationings
        (which show their cadre's name): made once in each process, in memory, so that
        helper processes read no file another process is writing."""
        if self.names_db is None:
            self.names_db = connect(":memory:")
            execute(self.names_db, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
            execute_many(self.names_db, "INSERT INTO users (id, name) VALUES (?, ?)",
                         self.names_of.items())
        return self.names_db

    def _place(self, batch, index):
        """The place's records into the batch; returns what the register keeps of them."""
        plan, place = self.plans[index], self.places[index]
        self.rng = random.Random(f"{self.seed}:place:{index}")
        self.ids, self.people = Ids(self.rng), People(self.rng, self.today.year)
        rows, h = [], plan.first_household
        for grid, worker, count in zip(place.grids, place.grid_workers, place.grid_households):
            for _ in range(count):
                rows.append(self._household(place, grid, worker, h))
                h += 1
        kept = [[row["id"] for row in rows], [r["head_name"] for r in rows],
                [r["address"] for r in rows], [r["node_id"] for r in rows],
                [r["created_by"] for r in rows], *([0] * len(rows) for _ in range(4))]
        order = list(range(len(rows)))
        self.rng.shuffle(order)
        groups, taken = [], 0
        for cadre, admin, size, start in plan.groups:
            groups.append((cadre, admin, start, order[taken:taken + size]))
            for k in order[taken:taken + size]:
                kept[5][k], kept[6][k] = cadre, start
            taken += size
        handed = set(self.rng.sample(order[:taken], plan.handovers))
        for k, row in enumerate(rows):
            batch.add(HOUSEHOLD, row, (row["node_id"], None, kept[5][k] or None),
                      HOUSEHOLD_COLUMNS, encoded=("members",))
        for group in groups:
            self._pair(batch, rows, kept, group, handed, [g[0] for g in groups])
        if plan.station:
            self._station(batch, place, *plan.station)
        return kept

    def _household(self, place, grid, worker, h):
        """Household h of the county, on a grid, registered by its grid worker."""
        rng, people = self.rng, self.people
        ms = self.registered_ms + h * self.step_ms + rng.randrange(self.step_ms)
        difficulty = self.difficulties[int(rng.random() * len(self.difficulties))]
        head, born, sex, members = people.family(difficulty)
        at = stamp(ms)
        return {"id": self.ids.at(ms), "node_id": grid["id"], "head_name": head,
                "members": members, "difficulty_type": difficulty,
                "needs": "、".join(rng.sample(names.NEEDS, rng.randint(0, 2))) or None,
                "address": self._address(place),
                "phone": people.phone() if rng.random() < 0.9 else None,
                "id_number": people.id_number(born, sex), "created_by": worker,
                "created_at": at, "updated_by": worker, "updated_at": at, "device_id": None,
                "deleted": 0}

    def _address(self, place):
        rng, name = self.rng, place.node["name"]
        if place.community:
            return (f"{name}{rng.choice(names.ROADS)}{rng.randint(1, 200)}号"
                    f"{rng.randint(1, 12)}栋{rng.randint(1, 4)}单元{rng.randint(1, 18)}0"
                    f"{rng.randint(1, 4)}")
        return f"{name}{rng.randint(1, 3 * len(place.grids))}组{rng.randint(1, 80)}号"

    def _pair(self, batch, rows, kept, group, handed, cadres_here):
        """The open pairing of each household of a group; those handed over to the cadre
        first have the ended pairing of another of the place's cadres, since earlier."""
        cadre, admin, start, households = group
        others = [c for c in cadres_here if c != cadre]
        first_day = self.today.toordinal() - REGISTERED_DAYS_AGO + CAMPAIGN_DAYS
        for k in households:
            if k in handed:
                prev = self.rng.choice(others)
                since = max(first_day, start - self.rng.randint(180, 720))
                kept[7][k], kept[8][k] = prev, since
                self._pairing(batch, rows[k], kept[5][k], prev, admin, since, start,
                              self.rng.choice(names.HANDOVER_NOTES))
            self._pairing(batch, rows[k], cadre, cadre, admin, start)

    def _pairing(self, batch, household, current, cadre, admin, start, end=None, note=None):
        """A pairing of the household with cadre from the day start (to end)."""
        begun, made = dt.date.fromordinal(start), self._at(start)
        changed = self._at(end) if end else made
        row = {"id": self.ids.at(made), "household_id": household["id"],
               "node_id": household["node_id"], "cadre_id": cadre,
               "start_date": begun.isoformat(),
               "planned_end_date": add_months(begun, ROTATION_OVERDUE_MONTHS).isoformat(),
               "end_date": end and dt.date.fromordinal(end).isoformat(),
               "handover_note": note, "created_by": admin, "created_at": stamp(made),
               "updated_by": admin, "updated_at": stamp(changed), "device_id": None,
               "deleted": 0}
        batch.add(PAIRING, row, (household["node_id"], None, current), PAIRING_COLUMNS)

    def _station(self, batch, place, cadre, post, start, end):
        """The cadre stationed in the village from start (to end)."""
        begun, made = dt.date.fromordinal(start), self._at(start)
        row = {"id": self.ids.at(made), "node_id": place.node["id"], "cadre_id": cadre,
               "post": post, "start_date": begun.isoformat(),
               "planned_end_date": add_months(begun, ROTATION_OVERDUE_MONTHS).isoformat(),
               "end_date": end and dt.date.fromordinal(end).isoformat(),
               "created_by": self.admin, "created_at": stamp(made), "updated_by": self.admin,
               "updated_at": stamp(self._at(end) if end else made), "device_id": None,
               "deleted": 0}
        batch.add(STATIONING, row, (place.node["id"], cadre, None), STATION_COLUMNS)

    def _at(self, ordinal):
        """A moment in office hours (09:00–17:00 China) of the day ordinal, in ms."""
        day = dt.date.fromordinal(ordinal)
        return day_start_ms(day) + 9 * HOUR_MS + self.rng.randrange(8 * HOUR_MS)
