"""The rules engine: the charter's automatic rules, as a leaf library beside `agora.voice`.

Pure Python, no Django import (fast, testable alone): communities checks an article's rules
with it when a charter is written, moderation screens every contribution with it, and
`agora rules check` (`cli.py`) runs it on the command line. `matching` holds the term and
pattern matcher; `charter` compiles a charter version's rules and applies them to one
message.
"""

from .charter import ACTIONS, KINDS, CompiledRules, Hit, RuleSpec, Verdict, is_shouting
from .matching import Match, Matcher, RuleError, compile_pattern, normalise_term

__all__ = [
    "ACTIONS",
    "KINDS",
    "CompiledRules",
    "Hit",
    "Match",
    "Matcher",
    "RuleError",
    "RuleSpec",
    "Verdict",
    "compile_pattern",
    "is_shouting",
    "normalise_term",
]
