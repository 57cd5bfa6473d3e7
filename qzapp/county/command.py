"""flask --app wsgi generate-county: a county of generated data in an empty database."""
import click
from flask import current_app
from flask.cli import with_appcontext

from ..db import connect, fetch_tuples
from . import CASES, DIARIES, HOUSEHOLDS, PASSWORD, SEED, NotEmpty, generate

# Where each kind of account sits, and how its username is made (codes as in the tree:
# township TTT, village TTTVVV, grid TTTVVVGG after the county's 514021).
ACCOUNTS = (("admin", "the county's administrator; supervisor1-3, leader01-12 beside it"),
            ("admin.TTT", "a township's administrator; leader1.TTT, leader2.TTT, sup.TTT"),
            ("sec.TTTVVV", "a village's first secretary; vs1.TTTVVV... its staff"),
            ("cs1.TTTVVV", "a community's staff; m1.TTTVVV... its in-service members"),
            ("grid.TTTVVVGG", "a grid's worker"),
            ("cadre000001", "cadres of the county and townships, each paired with 3-8"
                            " households"))


@click.command("generate-county")
@click.option("--households", default=HOUSEHOLDS, show_default=True, type=click.IntRange(1))
@click.option("--diaries", default=DIARIES, show_default=True, type=click.IntRange(0))
@click.option("--cases", "--appeals", "cases", default=CASES, show_default=True,
              type=click.IntRange(0),
              help="Cases in the ledger, with their events (about 7.6 each); 45 % raised from"
                   " diaries, as many as there are at most. --appeals: the same.")
@click.option("--seed", default=SEED, show_default=True, type=int)
@click.option("--workers", default=None, type=click.IntRange(0),
              help="Helper processes making the records while this one writes"
                   " [default: one per core; 0: none].")
@with_appcontext
def generate_county_command(households, diaries, cases, seed, workers):
    """Fill an empty, migrated database with a generated county (for benchmarks)."""
    db = connect(current_app.config["DATABASE"])
    try:
        result = generate(db, households, diaries, cases, seed, workers=workers,
                          progress=click.echo)
        examples = fetch_tuples(
            db, "SELECT r.role, min(u.username) FROM user_roles r JOIN users u"
                " ON u.id = r.user_id GROUP BY r.role ORDER BY r.role")
    except NotEmpty as exc:
        raise click.ClickException(f"Not generated: {exc}.") from exc
    finally:
        db.close()
    for table, count in result.counts.items():
        click.echo(f"  {table:<12} {count:>12,}")
    click.echo(f"{result.rows:,} rows (every table, changes included) in"
               f" {result.seconds:.1f} s: {result.rows / result.seconds:,.0f} rows/s")
    click.echo(f"Accounts (password for all: {PASSWORD}):")
    for pattern, meaning in ACCOUNTS:
        click.echo(f"  {pattern:<14} {meaning}")
    click.echo("  for example: " + ", ".join(f"{name} ({role})" for role, name in examples))
