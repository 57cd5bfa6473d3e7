"""Command-line: create-admin, demo, prune-sync, backup, restore, generate-county (and
migrate, from qzapp.db)."""
import click
from flask import current_app
from flask.cli import with_appcontext

from . import backup, demo
from .county.command import generate_county_command
from .db import connect, migrate, savepoint
from .errors import ApiError
from .org import queries, service
from .tick import tick_command


@click.command("create-admin")
@with_appcontext
@click.option("--username", prompt="用户名 (username)")
@click.option("--name", prompt="姓名 (name)")
@click.option("--password", prompt="密码 (password)", hide_input=True, confirmation_prompt=True)
@click.option("--node", "node_name", default="四川省", show_default=True,
              help="Org node the admin belongs to; a new root (province) when none exists.")
def create_admin_command(username, name, password, node_name):
    """Create the first administrator (and the province root node if the tree is empty)."""
    db = connect(current_app.config["DATABASE"])
    try:
        with savepoint(db):
            node = queries.first_node_named(db, node_name)
            if node is None:
                if not queries.tree_is_empty(db):
                    raise click.ClickException(f"No org node named {node_name!r}.")
                node = service.create_node(db, None, None, {"name": node_name, "kind": "province"})
            service.create_user(db, None, {"username": username, "name": name,
                                           "node_id": node["id"], "roles": ["admin"],
                                           "password": password})
    except ApiError as exc:
        details = "; ".join(f"{e['field']}: {e['message']}" for e in exc.errors)
        raise click.ClickException(f"{exc.message} {details}") from exc
    finally:
        db.close()
    click.echo(f"Administrator {username} created at {node_name}.")


@click.command("demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has accounts.")
def demo_command(if_empty):
    """Load the demo county and print its accounts."""
    db = connect(current_app.config["DATABASE"])
    try:
        if queries.has_accounts(db):
            if if_empty:
                click.echo("Database already has accounts; demo data not loaded.")
                _print_accounts()
                return
            raise click.ClickException("The database already has accounts; demo not loaded.")
        demo.load(db)
    finally:
        db.close()
    click.echo("Demo county loaded.")
    _print_accounts()


@click.command("prune-sync")
@click.option("--days", default=180, show_default=True,
              help="Forget tombstones and drops older than this many days.")
@with_appcontext
def prune_sync_command(days):
    """Forget old tombstones; phones that last synced before them start again from zero."""
    import datetime as dt

    from .clock import iso, now
    from .sync import changes
    cutoff = iso(now() - dt.timedelta(days=days))
    db = connect(current_app.config["DATABASE"])
    try:
        count = changes.prune(db, cutoff)
        horizon = changes.horizon(db)
    finally:
        db.close()
    click.echo(f"Forgot {count} tombstones and drops; the horizon is now seq {horizon}.")


@click.command("backup")
@click.argument("dest", type=click.Path(file_okay=False))
@with_appcontext
def backup_command(dest):
    """Copy the database (a snapshot, taken while the server runs) and new photos into DEST."""
    cfg = current_app.config
    copied = backup.take(cfg["DATABASE"], cfg["MEDIA_DIR"], dest)
    click.echo(f"Backed up {cfg['DATABASE']} into {dest} ({copied} new photo files).")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, file_okay=False))
@click.option("--yes", is_flag=True, help="Replace the database without asking.")
@with_appcontext
def restore_command(source, yes):
    """Replace the database with the backup in SOURCE and add its photos (server stopped)."""
    cfg = current_app.config
    if not yes:
        click.confirm(f"Replace {cfg['DATABASE']} with the backup in {source}?", abort=True)
    try:
        copied = backup.restore(source, cfg["DATABASE"], cfg["MEDIA_DIR"])
    except backup.BadBackup as bad:
        raise click.ClickException(f"Not restored: {bad}") from bad
    migrate(current_app)   # a backup of an older version gets this version's schema
    click.echo(f"Restored {cfg['DATABASE']} from {source} ({copied} photo files added).")


def _print_accounts():
    click.echo(f"Demo accounts (password for all: {demo.DEMO_PASSWORD}):")
    for username, name, node, roles in demo.ACCOUNTS:
        click.echo(f"  {username:<12} {name}  {node}  {', '.join(roles)}")


def init_app(app):
    """Register the commands."""
    app.cli.add_command(create_admin_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(prune_sync_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(generate_county_command)
    app.cli.add_command(tick_command)
