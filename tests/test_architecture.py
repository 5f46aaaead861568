"""The shape of the code (ARCHITECTURE.md): imports run one way, down the layers, and no module is
too long to read. Every import counts, those inside functions too."""

import ast
from pathlib import Path

import pytest

BASE = Path(__file__).resolve().parent.parent

# From the top down. An app may import the apps of the layers below its own; the apps of one
# layer do not import each other.
LAYERS = [
    ["unionsite"],
    ["demo"],
    ["pages"],
    ["oversight", "roster"],
    ["meetings", "competitions", "welfare", "accounts", "dues"],
    ["downloads", "notifications"],
    ["groups"],
]
APPS = {app: depth for depth, layer in enumerate(LAYERS) for app in layer}
LONGEST = 500


def project_modules():
    """``{module path: source}`` of every module of the apps and scripts, migrations and tests
    aside."""
    found = {}
    for top in [*APPS, "scripts"]:
        for path in sorted((BASE / top).rglob("*.py")):
            if "migrations" not in path.parts:
                found[path.relative_to(BASE).as_posix()] = path.read_text(encoding="utf-8")
    return found


def imported_apps(source):
    """``[(line, app)]``: the project's apps that a module's source imports."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            app = name.split(".")[0]
            if app in APPS:
                yield node.lineno, app


def upward_imports(modules):
    """The imports that go against the layers: ``"path:line imports app"`` each."""
    wrong = []
    for path, source in modules.items():
        own = path.split("/")[0]
        if own not in APPS:
            continue
        for line, app in imported_apps(source):
            if app != own and APPS[app] <= APPS[own]:
                wrong.append(f"{path}:{line} imports {app}")
    return wrong


def test_imports_run_down_the_layers():
    assert upward_imports(project_modules()) == []


@pytest.mark.parametrize(
    "path, source, found",
    [
        (
            "groups/views.py",
            "from meetings.panels import group_panel\n",
            "groups/views.py:1 imports meetings",
        ),
        (
            "meetings/forms.py",
            "def f():\n    from welfare import figures\n",
            "meetings/forms.py:2 imports welfare",
        ),
        ("welfare/models.py", "import oversight.models\n", "welfare/models.py:1 imports oversight"),
        (
            "oversight/evidence.py",
            "from pages import home\n",
            "oversight/evidence.py:1 imports pages",
        ),
    ],
)
def test_an_import_against_the_layers_is_found(path, source, found):
    assert upward_imports({path: source}) == [found]


def test_an_import_down_the_layers_is_allowed():
    modules = {"pages/views.py": "from meetings import panels\nfrom groups.models import Member\n"}
    assert upward_imports(modules) == []


def test_no_module_is_longer_than_the_house_style_allows():
    long = {
        path: source.count("\n")
        for path, source in project_modules().items()
        if source.count("\n") > LONGEST
    }
    assert long == {}


def test_every_app_has_its_layer():
    """A new app is placed in a layer before it can import or be imported."""
    apps = {path.parent.name for path in BASE.glob("*/apps.py")}
    assert apps - set(APPS) == set()
