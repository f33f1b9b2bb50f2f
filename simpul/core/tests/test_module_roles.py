"""One name per module role (CONTRIBUTING "Peran modul"): every app that reaches objects by id
has its fetch helpers in `access.py`, read helpers live in `queries.py`, and no view module
defines its own fetch helper or fetches an agency's rows straight from a model."""

import ast
from pathlib import Path

import pytest

SIMPUL = Path(__file__).resolve().parents[2]
# The API reaches objects through the apps' own access modules; its only own objects are the
# person's tokens, fetched by owner in token_views.
OWN_ACCESS_EXEMPT = {"api"}
# Other names that were used for the same roles before they had one name.
RETIRED_NAMES = {
    "actions.py",  # "action" is the rencana aksi model; write operations are operations.py
    "figures.py",
    "scoping.py",
    "selectors.py",
    "fetch.py",
    "services.py",
}


def _apps() -> list[Path]:
    # Apps and their packages (accounts/two_factor holds its own operations).
    apps = {p.parent for p in SIMPUL.glob("*/apps.py")}
    return sorted(apps | {p.parent for p in SIMPUL.glob("*/*/operations.py")})


def _view_modules() -> list[Path]:
    found = []
    for app in _apps():
        found += [
            p for p in app.glob("*.py") if p.name == "views.py" or p.name.endswith("_views.py")
        ]
    return sorted(found)


def _reaches_by_id(app: Path) -> bool:
    return any("<int:" in urls.read_text() for urls in app.glob("*urls.py"))


@pytest.mark.parametrize(
    "app",
    [a for a in _apps() if _reaches_by_id(a) and a.name not in OWN_ACCESS_EXEMPT],
    ids=lambda a: a.name,
)
def test_every_app_that_reaches_objects_by_id_has_an_access_module(app):
    assert (app / "access.py").exists(), f"{app.name}: fetch helpers belong in access.py"


@pytest.mark.parametrize("app", _apps(), ids=lambda a: a.name)
def test_no_app_uses_a_retired_module_name(app):
    assert not {p.name for p in app.glob("*.py")} & RETIRED_NAMES


def _calls_get_object_or_404(node: ast.AST) -> bool:
    return any(
        isinstance(n, ast.Call) and getattr(n.func, "id", None) == "get_object_or_404"
        for n in ast.walk(node)
    )


@pytest.mark.parametrize("path", _view_modules(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_view_modules_define_no_fetch_helpers(path):
    tree = ast.parse(path.read_text())
    helpers = [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and node.name.startswith("get_")
        and _calls_get_object_or_404(node)
    ]
    assert not helpers, f"{path}: move {helpers} to access.py"


@pytest.mark.parametrize("path", _view_modules(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_views_never_fetch_an_agencys_rows_straight_from_a_model(path):
    """`get_object_or_404(X.objects.for_agency(...))` in a view is an access helper written in
    the wrong place; rows reached through an already fetched parent are fine."""
    offending = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "get_object_or_404":
            source = ast.unparse(node.args[0]) if node.args else ""
            if ".objects.for_agency(" in source or ".objects.for_membership(" in source:
                offending.append(f"line {node.lineno}: {source}")
    assert not offending, f"{path}: {offending}"


def test_the_guard_sees_a_fetch_helper_in_a_view(tmp_path):
    sample = (
        "def get_thing(request, pk):\n    return get_object_or_404(Thing.objects.all(), pk=pk)\n"
    )
    tree = ast.parse(sample)
    assert _calls_get_object_or_404(tree.body[0])
