"""The labelled sets in `evaluation/`, and how to read them.

The tuning sets train the coach's linear model (`agora/voice/learned.py`) and guard against
regressions; the held-out set, written after the last tuning by someone who saw neither the
detector nor the other sets, is the only one whose scores are honest.
"""

import json
from pathlib import Path

# The sets live with the evaluation script; the coach trains from them too (`learned.py`).
HERE = Path(__file__).parent / "evaluation"
SETS = {
    "tuning": [
        HERE / "dataset.jsonl",
        HERE / "tuning2.jsonl",
        HERE / "tuning3.jsonl",
        HERE / "tuning4.jsonl",
        HERE / "tuning5.jsonl",
        HERE / "tuning6.jsonl",
        HERE / "tuning7.jsonl",
    ],
    "heldout": [HERE / "heldout7.jsonl"],
}
TARGET_KINDS = ("boss", "ego", "address_form", "shouting")
# Sets labelled for the four target kinds only (the other kinds are not scored on them).
FOUR_KINDS_ONLY = {
    "tuning2.jsonl",
    "tuning3.jsonl",
    "tuning4.jsonl",
    "tuning5.jsonl",
    "tuning6.jsonl",
    "tuning7.jsonl",
    "heldout7.jsonl",
}


def load(path: Path) -> list[dict]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            item = json.loads(line)
            item["_line"] = number
            items.append(item)
    return items


def load_set(name: str) -> list[dict]:
    """The items of "tuning", "heldout" or "all"; each knows which kinds it is scored on."""
    if name == "all":
        return load_set("tuning") + load_set("heldout")
    items = []
    for path in SETS[name]:
        if not path.exists():
            continue
        for item in load(path):
            item["_file"] = path.name
            if path.name in FOUR_KINDS_ONLY:
                item["scored_kinds"] = list(TARGET_KINDS)
            items.append(item)
    return items
