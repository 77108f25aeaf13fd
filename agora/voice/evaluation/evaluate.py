"""Precision and recall of the voice coach, per kind, on the labelled sets beside this file.

    .venv/bin/python -m agora.voice.evaluation.evaluate [--set tuning|heldout|all]
        [--out-of-set] [--errors]

Every set was written by hand by someone who had not seen the detector. The tuning sets
(`dataset.jsonl`, then `tuning2.jsonl` to `tuning5.jsonl`, former held-out sets) had their
errors read while the lexicons were written and train the linear model, so their scores are
optimistic. `heldout5.jsonl` was written after the last tuning and its errors were never read:
its scores are the honest ones.

A text counts as predicted positive for a kind when the coach reports at least one finding of
that kind. Prints a table, then (with --errors) the misses and false alarms, and last one JSON
object {"<kind>": {"precision", "recall", "positives", "tp", "fp", "fn"}, ...}.
"""

import argparse
import json
import sys

from agora.voice import KINDS, Identity, analyse, learned
from agora.voice.engine import prepared
from agora.voice.sets import SETS, load_set

TUNING_FILES = {path.name for path in SETS["tuning"]}

TARGETS = {
    "boss": (0.9, 0.8),
    "ego": (0.9, 0.8),
    "address_form": (0.9, 0.8),
    "shouting": (0.9, 0.8),
}


def predict(item: dict, out_of_set: bool = False) -> set[str]:
    identity = Identity.from_dict(item.get("identity") or {})
    held_back = item["_file"] if out_of_set and item["_file"] in TUNING_FILES else ""
    with learned.trained_without(held_back):
        findings = analyse(
            item["text"], identity, lang=item["lang"], history=item.get("history") or []
        )
    return {f.kind for f in findings}


def _predictions(items: list[dict], out_of_set: bool):
    """Each item with its prediction, the items read in batches of one model each (the same
    results as `predict` one by one, in about half the time)."""
    by_model: dict[str, list[dict]] = {}
    for item in items:
        held_back = item["_file"] if out_of_set and item["_file"] in TUNING_FILES else ""
        by_model.setdefault(held_back, []).append(item)
    for held_back, batch in by_model.items():
        with (
            learned.trained_without(held_back),
            prepared([(item["text"], item["lang"]) for item in batch]),
        ):
            for item in batch:
                yield item, predict(item, out_of_set)


def score(items: list[dict], out_of_set: bool = False) -> tuple[dict, list[tuple]]:
    counts = {kind: {"tp": 0, "fp": 0, "fn": 0, "positives": 0} for kind in KINDS}
    mistakes = []
    for item, predicted in _predictions(items, out_of_set):
        labels = set(item.get("labels") or [])
        for kind in item.get("scored_kinds", KINDS):
            truth, guess = kind in labels, kind in predicted
            counts[kind]["positives"] += truth
            if truth and guess:
                counts[kind]["tp"] += 1
            elif guess:
                counts[kind]["fp"] += 1
                mistakes.append(("false alarm", kind, item))
            elif truth:
                counts[kind]["fn"] += 1
                mistakes.append(("missed", kind, item))
    report = {}
    for kind, c in counts.items():
        flagged = c["tp"] + c["fp"]
        report[kind] = {
            "precision": round(c["tp"] / flagged, 3) if flagged else 1.0,
            "recall": round(c["tp"] / c["positives"], 3) if c["positives"] else 1.0,
            **c,
        }
    return report, mistakes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Precision and recall of the voice coach.")
    parser.add_argument("--lang", choices=["fr", "en"], help="only this language")
    parser.add_argument("--errors", action="store_true", help="list misses and false alarms")
    parser.add_argument(
        "--set",
        dest="which",
        choices=["tuning", "heldout", "all"],
        default="heldout",
        help="which labelled set to score (default: heldout, the honest one)",
    )
    parser.add_argument(
        "--out-of-set",
        action="store_true",
        help="score each tuning set with a model trained on the other sets only",
    )
    args = parser.parse_args(argv)
    items = [i for i in load_set(args.which) if not args.lang or i["lang"] == args.lang]
    report, mistakes = score(items, args.out_of_set)
    how = ", each tuning set scored by a model that never saw it" if args.out_of_set else ""
    print(f"{len(items)} labelled texts (set: {args.which}{how})")
    print(f"{'kind':<16}{'positives':>10}{'precision':>11}{'recall':>8}   target")
    scored = {kind for item in items for kind in item.get("scored_kinds", KINDS)}
    for kind, r in report.items():
        if kind not in scored:
            print(f"{kind:<16}{'not labelled in this set':>29}")
            continue
        target = TARGETS.get(kind)
        mark = ""
        if target:
            ok = r["precision"] >= target[0] and r["recall"] >= target[1]
            mark = f"P≥{target[0]} R≥{target[1]} {'ok' if ok else 'MISSED'}"
        print(f"{kind:<16}{r['positives']:>10}{r['precision']:>11.3f}{r['recall']:>8.3f}   {mark}")
    if args.errors:
        for what, kind, item in mistakes:
            print(f"  {what:<12} {kind:<14} {item['id']}: {item['text'][:110]!r}")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
