"""Visit diaries (民情日记), evening talks and group activities (requirements F2)."""
from ..sync.registry import register
from .entity import DIARY

register(DIARY)
