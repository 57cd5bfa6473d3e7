"""What sync tells whom (requirement F7): a record of mine the server refused, so that it is
seen even if the phone that sent it is lost."""
from ..notify.kinds import declare

declare("sync_refused", who=lambda db, s: [s["user_id"]], link=lambda s: "#/sync",
        values=lambda db, s: {"reason": s["reason"]}, push=False)


def refused(db, user_id, device_id, mid, reason):
    """Tell a user the server refused one of their phone's records (each once)."""
    # notify stores notices through sync, so sync reaches it at call time, not import time.
    from ..notify import emit
    emit(db, "sync_refused", {"user_id": user_id, "reason": reason},
         f"sync_refused:{device_id}:{mid}")
