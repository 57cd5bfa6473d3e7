"""Record ids: UUID version 7 (RFC 9562), whose first 48 bits are the time in milliseconds.

Ids made close in time sort close together, so new rows land at the right edge of the
B-tree indexes keyed on id instead of on random pages: a push of a hundred records
dirties a few pages, not hundreds. Any UUID is accepted from phones; this is what
the server and the PWA (outbox.js newId) make.
"""
import os
import time
import uuid


def new_id():
    """A new record id: a lower-case UUID v7."""
    if hasattr(uuid, "uuid7"):   # Python 3.14+
        return str(uuid.uuid7())
    ms = time.time_ns() // 1_000_000
    tail = int.from_bytes(os.urandom(10), "big")   # 80 random bits, 74 of them kept
    value = ((ms & (1 << 48) - 1) << 80 | 0x7 << 76 | (tail >> 68) << 64
             | 0b10 << 62 | tail & (1 << 62) - 1)
    return str(uuid.UUID(int=value))
