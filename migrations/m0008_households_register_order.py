"""0008: households in the register's order (node, head of household, id), so that a page of
a county's register is read from the index where the page starts, not sorted whole."""
from . import migrations


@migrations(name="0008_households_register_order")
def households_register_order(db):
    """Replace the households' node index with one in the register's order (it serves every
    lookup by node as well)."""
    db.executescript(
        """
        CREATE INDEX households_register ON households(node_id, head_name, id);
        DROP INDEX households_node;
        """
    )
