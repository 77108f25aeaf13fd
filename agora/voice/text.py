"""The voice coach reads folded text; folding lives in `agora.core.text` (pure Python)."""

from agora.core.text import Folded, fold, fold_text, is_word_char, whole_word

__all__ = ["Folded", "fold", "fold_text", "is_word_char", "whole_word"]
