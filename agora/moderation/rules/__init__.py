"""The rules engine: pure Python, imports no Django model (fast, testable alone).

`matching` holds the term and pattern matcher; `charter` compiles a charter version's rules
and applies them to one message.
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
