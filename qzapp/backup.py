"""Backups taken while the server runs, and their restore.

A backup is a folder: `qzapp.db`, a snapshot of the database made with SQLite's online
backup API, and `media/`, the photos. Photos are immutable files named by their hash, so a
backup into a folder that holds an older backup copies only the photos it lacks.
"""
import os
import shutil
import sqlite3
from pathlib import Path

from .config import WRITER_WAIT_SECONDS

DATABASE_NAME = "qzapp.db"
MEDIA_NAME = "media"


class BadBackup(Exception):
    """The folder holds no database, or one that fails SQLite's integrity check."""


def take(database, media_dir, dest):
    """Back up database and media_dir into the folder dest; returns the photo files copied."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    snapshot(database, dest / DATABASE_NAME)
    # After the snapshot: every photo a record in it refers to was stored before it was.
    return copy_media(Path(media_dir), dest / MEDIA_NAME)


def snapshot(database, target):
    """Write a consistent copy of database to target, replaced whole or not at all."""
    partial = Path(f"{target}.partial")
    partial.unlink(missing_ok=True)
    _copy_database(database, partial)
    copy = sqlite3.connect(partial)
    try:
        # One file that needs no -wal beside it, to move or archive as it is.
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()
    os.replace(partial, target)


def restore(source, database, media_dir):
    """Replace database with the backup in the folder source and add its photos to media_dir
    (with the server stopped); returns the photo files copied."""
    saved = Path(source) / DATABASE_NAME
    check(saved)
    _copy_database(saved, database)
    _renew_generation(database)
    return copy_media(Path(source) / MEDIA_NAME, Path(media_dir))


def _renew_generation(database):
    """A restored database is a new generation: phones that spoke to the lost one bridge
    their mutation numbers and pull again from zero (qzapp.sync). A backup older than the
    generation itself gets one from the migrations that the restore runs next."""
    conn = sqlite3.connect(database)
    try:
        with conn:
            conn.execute("UPDATE sync_meta SET value = abs(random()) % 9007199254740991 + 1"
                         " WHERE key = 'generation'")
    finally:
        conn.close()


def check(path):
    """Raise BadBackup unless path is a database that passes SQLite's integrity check."""
    if not Path(path).is_file():
        raise BadBackup(f"no database at {path}")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise BadBackup(f"{path}: {exc}") from exc
    finally:
        conn.close()
    if result != [("ok",)]:
        raise BadBackup(f"{path}: {result[:5]}")


def _copy_database(source, target):
    """Copy the database source onto target through SQLite's backup API."""
    reader = sqlite3.connect(source, timeout=WRITER_WAIT_SECONDS)
    writer = sqlite3.connect(target, timeout=WRITER_WAIT_SECONDS)
    try:
        # In one step (pages=-1): one read transaction, so a snapshot of one moment, which in
        # WAL mode lets writers go on; in steps the copy would start again after each write.
        reader.backup(writer, pages=-1)
    finally:
        writer.close()
        reader.close()


def copy_media(source, target):
    """Copy the photo files of source missing from target; returns how many."""
    copied = 0
    for path in sorted(source.glob("*/*.jpg")) if source.is_dir() else ():
        wanted = target / path.relative_to(source)
        if wanted.exists():
            continue
        wanted.parent.mkdir(parents=True, exist_ok=True)
        partial = wanted.with_name(f"{wanted.name}.partial")
        shutil.copyfile(path, partial)
        os.replace(partial, wanted)   # never a half-copied photo under its real name
        copied += 1
    return copied
