"""The ledger of residents' appeals (民情台账, requirements F3). For now: the appeal raised
from a diary with one tap; the case engine builds on it."""
from ..sync.registry import register
from .entity import APPEAL

register(APPEAL)
