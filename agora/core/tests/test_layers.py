"""The layer map holds in templates too, where import-linter cannot see.

A template may load the tag libraries of its own app and of the apps below it (the order of
the `layers` contract in pyproject.toml, the one source of truth), and Django's own; and no
template marks text safe by itself (only `core.markdown` does, through the `rendered` filter).
And the cycles the acyclic contract ignores are the deadline idiom only: a lazy import of the
app's tasks inside one named scheduling helper.
"""

import ast
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


# The deadline idiom's ignored imports (pyproject.toml, the acyclic contract): each service
# may import its app's tasks only lazily, inside the one scheduling helper named here.
SCHEDULING_HELPERS = {
    "agora.communities.services.invitations": "_schedule_sending",
    "agora.communities.services.mandates": "schedule_mandate_end",
    "agora.governance.services.proposals": "schedule_closing",
    "agora.media.services.images": "schedule_processing",
    "agora.moderation.services.decisions": "schedule_deadline",
    "agora.notify.services.outbox": "_wake_senders",
    "agora.notify.services.sending": "_tasks",
    "agora.workbench.services.publishing": "wake_at",
}


def _imports_of_tasks(tree: ast.Module, app: str):
    """(enclosing function or None, line) of every import of `app`'s tasks in a module."""

    def visit(node, function):
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, ast.FunctionDef) else function
            if isinstance(child, ast.ImportFrom):
                absolute = child.level == 0 and child.module == f"{app}.tasks"
                relative = child.level == 2 and child.module == "tasks"
                if absolute or relative:
                    yield function, child.lineno
            elif isinstance(child, ast.Import) and any(
                alias.name == f"{app}.tasks" for alias in child.names
            ):
                yield function, child.lineno
            yield from visit(child, inner)

    yield from visit(tree, None)


def test_the_listed_cycles_are_only_the_scheduling_helpers_lazy_imports():
    config = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    ignored = next(c for c in contracts if c["id"] == "acyclic")["ignore_imports"]
    listed = {line.split(" -> ")[0] for line in ignored if ".tests." not in line}
    assert listed == set(SCHEDULING_HELPERS)
    for module, helper in SCHEDULING_HELPERS.items():
        path = BASE_DIR / Path(*module.split(".")).with_suffix(".py")
        app = ".".join(module.split(".")[:2])
        imports = list(_imports_of_tasks(ast.parse(path.read_text()), app))
        assert imports and all(function == helper for function, _line in imports), (
            f"{module} imports {app}.tasks outside {helper}(): {imports}"
        )
