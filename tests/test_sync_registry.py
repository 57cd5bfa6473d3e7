"""The registry of synced entities: what they declare about each other."""
from qzapp.households import about_household_audience
from qzapp.sync import registry


def test_records_addressed_by_their_household_follow_it(app):
    """Whoever reaches a record through its household (its cadre) must be re-addressed when
    the household changes hands: every such entity declares it, so a handover finds it."""
    about_households = {name for name, e in registry.REGISTRY.items()
                        if e.audience is about_household_audience}
    assert about_households >= {"diary", "appeal"}
    for name in about_households | {"pairing"}:
        assert registry.get(name).follows == {"household": "household_id"}, name


def test_what_a_record_shows_of_another_is_declared_on_a_real_column(app, db):
    """Entity.shows names a column of the entity's own table."""
    for entity in registry.REGISTRY.values():
        columns = set(db[entity.table].columns_dict)
        assert set(entity.shows.values()) | set(entity.follows.values()) <= columns, entity.name
