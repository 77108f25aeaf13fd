"""The layer map holds in templates too, where import-linter cannot see.

A template may load the tag libraries of its own app and of the apps below it (the order of
the `layers` contract in pyproject.toml, the one source of truth), and Django's own; and no
template marks text safe by itself (only `core.markdown` does, through the `rendered` filter).
"""

import re
import tomllib
from pathlib import Path

from django.template import engines

BASE_DIR = Path(__file__).resolve().parents[3]
LOAD_RE = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")
DJANGO_LIBRARIES = {"i18n", "l10n", "static", "tz", "humanize", "cache"}


def _layer_rank() -> dict[str, int]:
    """{"agora.health": 0, ...}: lower is higher up; siblings share a rank."""
    config = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c for c in contracts if c["id"] == "layers")["layers"]
    rank = {}
    for index, layer in enumerate(layers):
        for module in re.split(r"[|:]", layer):
            rank[module.strip()] = index
    return rank


def _app_of(module: str) -> str:
    return ".".join(module.split(".")[:2])


def _templates():
    for path in sorted((BASE_DIR / "agora").glob("*/templates/**/*.html")):
        app = f"agora.{path.relative_to(BASE_DIR / 'agora').parts[0]}"
        yield app, path


def test_templates_load_only_their_own_or_lower_apps_libraries():
    rank = _layer_rank()
    libraries = engines["django"].engine.libraries  # name -> module path
    breaches = []
    checked = 0
    for app, path in _templates():
        for match in LOAD_RE.finditer(path.read_text()):
            for name in match.group(1).split():
                if name in DJANGO_LIBRARIES or name == "from":
                    continue
                owner = _app_of(libraries[name]) if name in libraries else "?"
                checked += 1
                if owner not in rank or rank[owner] < rank[app]:
                    breaches.append(f"{path.relative_to(BASE_DIR)} loads {name} ({owner})")
    assert checked > 10, "the check read no {% load %} of Agora's own libraries"
    assert breaches == []


def test_template_libraries_belong_to_agora_apps():
    libraries = engines["django"].engine.libraries
    ours = {name for name, module in libraries.items() if module.startswith("agora.")}
    assert {"agora", "conversations", "health"} <= ours


def test_no_template_marks_text_safe():
    found = []
    # Plain-text e-mails (.txt) turn escaping off on purpose: they are not HTML.
    for path in [*sorted((BASE_DIR / "agora").glob("*/templates/**/*.html")),
                 *sorted((BASE_DIR / "templates").glob("**/*.html"))]:  # fmt: skip
        if path.is_file():
            text = path.read_text()
            if re.search(r"\|\s*safe\b|{%\s*autoescape\s+off", text):
                found.append(str(path.relative_to(BASE_DIR)))
    assert found == []
