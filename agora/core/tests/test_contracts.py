"""The layer map is enforced: `lint-imports` (run by `make lint` and CI) passes on the tree
as it is, and fails on a deliberate breach of each contract, written into a copy of it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

pytestmark = pytest.mark.process  # runs the linter in its own process

# Every app with interfaces of its own (views, API, tasks, URLs): one protected contract each.
APPS = (
    "core",
    "accounts",
    "communities",
    "conversations",
    "media",
    "notify",
    "moderation",
    "governance",
    "workbench",
    "health",
)
# A breach: the files written into a copy of the tree, then each contract it must break.
BREACHES = {
    "an app imports an app above it": (
        {"agora/communities/breach.py": "from agora.health import models\n"},
        "Each app imports only the apps below it BROKEN",
    ),
    "core imports another app": (
        {"agora/core/breach.py": "from agora.accounts import models\n"},
        "core imports no other app BROKEN",
    ),
    "the rules engine imports Django": (
        {"agora/rules/breach.py": "from django.db import models\n"},
        "voice and the rules engine import no Django model (no Django at all) BROKEN",
    ),
    "the coach imports a model": (
        {"agora/voice/breach.py": "from agora.communities.models import Identity\n"},
        "voice and the rules engine import no Django model (no Django at all) BROKEN",
    ),
    "an app imports another app's views": (
        {"agora/health/breach.py": "from agora.conversations.views import member\n"},
        "No other app imports conversations's views, api or tasks BROKEN",
    ),
    "an app imports another app's tasks": (
        {"agora/health/breach.py": "from agora.moderation.tasks import close_case_when_due\n"},
        "No other app imports moderation's views, api or tasks BROKEN",
    ),
    "an app imports every other app's views": (
        {
            "agora/demo/breach.py": "".join(
                f"from agora.{app} import views as {app}_views\n" for app in APPS
            ),
        },
        *(f"No other app imports {app}'s views, api or tasks BROKEN" for app in APPS),
    ),
    "two modules import each other": (
        {
            "agora/moderation/breach_a.py": "from agora.moderation import breach_b\n",
            "agora/moderation/breach_b.py": "from agora.moderation import breach_a\n",
        },
        "No import cycles, but for the deadline idiom BROKEN",
    ),
    "a service defers a task outside the listed scheduling helpers": (
        {
            "agora/workbench/services/breach.py": (
                "def wake():\n    from ..tasks import publish_due_statuses\n"
            ),
        },
        "No import cycles, but for the deadline idiom BROKEN",
    ),
}


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own linter on our own tree
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    tree = tmp_path_factory.mktemp("tree")
    for name in ("agora", "config"):
        shutil.copytree(BASE_DIR / name, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(BASE_DIR / "pyproject.toml", tree / "pyproject.toml")
    return tree


def test_the_tree_keeps_every_contract(pristine):
    result = lint_imports(pristine)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("breach", sorted(BREACHES))
def test_a_deliberate_breach_fails(pristine, tmp_path, breach):
    files, *broken = BREACHES[breach]
    tree = tmp_path / "tree"
    shutil.copytree(pristine, tree)
    for name, text in files.items():
        (tree / name).write_text(text)
    result = lint_imports(tree)
    assert result.returncode != 0, result.stdout
    for contract in broken:
        assert contract in result.stdout, result.stdout
