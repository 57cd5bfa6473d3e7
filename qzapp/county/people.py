"""People of a generated county: names by generation, families, ID numbers and phones."""
import datetime as dt
import itertools

from ..households.rules import id_check_digit
from . import names

# The county's administrative division code: the first six digits of its people's ID
# numbers and of every node code. 5140 is no real prefecture (Sichuan's end at 5134).
COUNTY_CODE = "514021"
MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
                   "151", "152", "157", "158", "159", "177", "180", "181", "182", "183",
                   "187", "188", "189", "191", "199")
# Share of men among heads of household.
MALE_HEADS = 0.72


class People:
    """Names, families and numbers drawn from one random stream."""

    def __init__(self, rng, this_year):
        self.rng, self.this_year = rng, this_year
        self.surnames = list(itertools.chain.from_iterable(
            [name] * weight for name, weight in names.SURNAMES))
        self.given = {key: list(chars) for key, chars in names.GIVEN.items()}

    def surname(self):
        """A surname, as common as it is in Sichuan."""
        return self.surnames[int(self.rng.random() * len(self.surnames))]

    def name(self, born, sex, surname=None):
        """A full name in the fashion of the birth year: one or two given characters."""
        pool = self.given["old" if born < 1970 else "mid" if born < 1988 else "young", sex]
        rng = self.rng
        given = pool[int(rng.random() * len(pool))]
        if rng.random() < 0.75:
            given += pool[int(rng.random() * len(pool))]
        return (surname or self.surname()) + given

    def adult(self):
        """(name, sex) of a working-age adult (accounts)."""
        sex = "m" if self.rng.random() < 0.6 else "f"
        return self.name(self.rng.randint(1965, 1998), sex), sex

    def phone(self):
        """A mobile number."""
        rng = self.rng
        return MOBILE_PREFIXES[int(rng.random() * len(MOBILE_PREFIXES))] + \
            f"{rng.getrandbits(27) % 100_000_000:08d}"

    def id_number(self, born, sex):
        """A valid 18-digit resident ID number: the county's code, a birth date in born,
        a sequence whose last digit is odd for men, and the check character."""
        day = dt.date(born, 1, 1) + dt.timedelta(days=self.rng.randrange(365))
        sequence = self.rng.randrange(500) * 2 + (sex == "m")
        first17 = f"{COUNTY_CODE}{day:%Y%m%d}{sequence:03d}"
        return first17 + id_check_digit(first17)

    def family(self, difficulty):
        """(head name, head born, head sex, members) of a household in difficulty."""
        rng = self.rng
        sex = "m" if rng.random() < MALE_HEADS else "f"
        if difficulty == "elderly_alone":
            born = rng.randint(1932, 1958)
        elif difficulty == "left_behind_children":
            born = rng.randint(1950, 1972)
        else:
            born = rng.randint(1942, 1996)
        family_name = self.surname()
        head = self.name(born, sex, family_name)
        members = self._members(difficulty, born, sex, family_name)
        return head, born, sex, members

    def _members(self, difficulty, born, sex, family_name):
        """The others of the household, oldest generation first."""
        rng, members = self.rng, []
        alone = difficulty == "elderly_alone"
        if rng.random() < (0.4 if alone else 0.8):
            spouse_sex = "f" if sex == "m" else "m"
            year = min(born + rng.randint(-4, 4), self.this_year - 20)
            members.append(self._member(year, spouse_sex, "spouse", None))
        if alone:
            return members
        if born > 1970 and rng.random() < 0.3:
            year = born - rng.randint(22, 34)
            members.append(self._member(year, "f" if rng.random() < 0.6 else "m",
                                        "mother", family_name))
        children = rng.choice((0, 1, 1, 2, 2, 2, 3))
        for _ in range(children):
            year = born + rng.randint(20, 34)
            if year <= self.this_year:
                child = "m" if rng.random() < 0.52 else "f"
                members.append(self._member(year, child, "son" if child == "m" else "daughter",
                                            family_name))
        if difficulty == "left_behind_children" or (born < 1968 and rng.random() < 0.4):
            for _ in range(rng.randint(1, 3)):
                year = max(born + rng.randint(44, 62), self.this_year - 15)
                child = "m" if rng.random() < 0.52 else "f"
                members.append(self._member(min(year, self.this_year - 1), child,
                                            "grandson" if child == "m" else "granddaughter",
                                            family_name))
        return members

    def _member(self, born, sex, relation, surname):
        """A member as the register keeps one: name, relation, birth year (in that order)."""
        return {"name": self.name(born, sex, surname), "relation": names.RELATIONS[relation],
                "birth_year": born}
