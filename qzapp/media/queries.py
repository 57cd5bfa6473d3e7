"""The SQL of photos: who has sent them, and the records that show them."""
from ..db import execute, fetch_one, fetch_tuples


def owned(db, user_id, sha):
    """The photo's media row when the user has sent its bytes, else None."""
    return fetch_one(db, "SELECT m.* FROM media m JOIN media_owners o ON o.sha256 = m.sha256"
                     " AND o.user_id = ? WHERE m.sha256 = ?", [user_id, sha])


def record_upload(db, row):
    """Register the photo (its sizes as just written; its first uploader kept) and its sender."""
    execute(db, "INSERT INTO media (sha256, bytes, width, height, created_by, created_at)"
            " VALUES (:sha256, :bytes, :width, :height, :created_by, :created_at)"
            " ON CONFLICT (sha256) DO UPDATE SET bytes = excluded.bytes,"
            " width = excluded.width, height = excluded.height", row)
    execute(db, "INSERT OR IGNORE INTO media_owners (sha256, user_id) VALUES (?, ?)",
            [row["sha256"], row["created_by"]])


def records_showing(db, sha):
    """(entity, record id) of each record that shows the photo."""
    return fetch_tuples(db, "SELECT entity, record_id FROM media_refs WHERE sha256 = ?", [sha])
