"""The voice coach: reads a draft against the identity and against boss, ego and robotic
wording, and suggests. It never blocks. No Django models are imported here."""

from .engine import KINDS, LANGUAGES, MAX_TEXT_LENGTH, Finding, Identity, VoiceError, analyse

__all__ = ["KINDS", "LANGUAGES", "MAX_TEXT_LENGTH", "Finding", "Identity", "VoiceError", "analyse"]
