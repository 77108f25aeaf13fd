"""Precision and recall of the image-description judgement (`agora.voice.alt.assess`).

    .venv/bin/python -m agora.voice.evaluation.alt_evaluate [--file alt_heldout.jsonl] [--errors]

Each line of a set: {"text", "label": "missing" | "file_name" | "generic" | "fine", "lang"}.
Prints the confusion table and, last, one JSON object {"<label>": {"precision", "recall",
"positives", "tp", "fp", "fn"}, ..., "accuracy": ...}. With --errors, the texts judged
wrongly (reading them turns a held-out set into tuning material).
"""

import argparse
import json
from collections import Counter
from pathlib import Path

from agora.voice import alt

HERE = Path(__file__).resolve().parent
LABELS = {alt.MISSING: "missing", alt.FILE_NAME: "file_name", alt.GENERIC: "generic", None: "fine"}
ORDER = ["missing", "file_name", "generic", "fine"]


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", default="alt_heldout.jsonl")
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args(argv)
    items = [json.loads(line) for line in (HERE / args.file).read_text().splitlines() if line]
    pairs = [(item["label"], LABELS[alt.assess(item["text"])], item) for item in items]
    confusion = Counter((truth, guess) for truth, guess, _item in pairs)
    print(f"{'truth / judged':16}" + "".join(f"{label:>11}" for label in ORDER))
    for truth in ORDER:
        print(f"{truth:16}" + "".join(f"{confusion[(truth, g)]:>11}" for g in ORDER))
    figures = {}
    for label in ORDER:
        tp = confusion[(label, label)]
        fp = sum(confusion[(t, label)] for t in ORDER if t != label)
        fn = sum(confusion[(label, g)] for g in ORDER if g != label)
        figures[label] = {
            "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None,
            "positives": tp + fn,
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }
    figures["accuracy"] = round(sum(t == g for t, g, _i in pairs) / len(pairs), 3)
    if args.errors:
        for truth, guess, item in pairs:
            if truth != guess:
                print(f"{truth:>9} judged {guess:<9} {item['lang']} {item['text']!r}")
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
