"""Columns the migrations of synced tables share (0003 keeps its own copy: it has shipped)."""

# Every synced record's bookkeeping: its rev (the seq of its last change), who wrote it when,
# from which device, and whether it was deleted.
SYNC_COLUMNS = """
            rev INTEGER NOT NULL,
            created_by INTEGER REFERENCES users(id),
            created_at TEXT NOT NULL,
            updated_by INTEGER REFERENCES users(id),
            updated_at TEXT NOT NULL,
            device_id TEXT,
            deleted INTEGER NOT NULL DEFAULT 0
"""
