"""The apps' dependencies run one way (the house's layers), with no cycles and no imports hidden inside functions.

A small AST check rather than a linter, so it runs with the suite and names the offending line. An app not named in
LAYERS (a new one: negotiations, notifications, events, services, experts, matching, ...) sits above trading and the
listing apps: it may import them, and none of them may import it. New apps may import each other, one way only.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# The project package is two things: the top (URLs, ASGI/WSGI, pages and middleware that put the apps together) and
# the configuration under everything (settings, languages, the Celery app and base task, proxies, cache).
PROJECT_TOP = frozenset({"urls", "api_urls", "asgi", "wsgi", "views", "pages", "middleware"})
NEW_APPS = "(apps not named here)"
# Top to bottom: a component imports components of lower layers only; those of one layer do not import each other.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"project", "demo"}),
    frozenset({NEW_APPS}),
    frozenset({"trading", "search", "translation", "accounts"}),
    frozenset({"achievements", "demands"}),
    frozenset({"marketplace"}),
    frozenset({"configuration"}),
)
# Imports inside functions that load an optional engine only when the settings choose it (not to dodge a cycle).
LAZY_ENGINES = ("search.backends.", "translation.providers.")


def _project_apps() -> set[str]:
    # The project's own apps are top-level directories of the repository (the virtualenv may be one too: not its apps).
    return {config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT}


def _component(module: str) -> str | None:
    """The component a dotted module name belongs to; None for modules outside the project."""
    head, _dot, rest = module.partition(".")
    if head == "brics_ttc":
        return "project" if rest.split(".")[0] in PROJECT_TOP else "configuration"
    return head if head in _project_apps() else None


def _layer(component: str) -> int:
    return next((i for i, layer in enumerate(LAYERS) if component in layer), LAYERS.index(frozenset({NEW_APPS})))


def _modules() -> Iterator[tuple[str, Path]]:
    for package in sorted(_project_apps() | {"brics_ttc"}):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                yield module, path


def _imports(path: Path) -> Iterator[tuple[int, str, bool]]:
    """(line, imported module, inside a function) of every absolute import in ``path``."""
    tree = ast.parse(path.read_text(), filename=str(path))
    inner = {
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for child in ast.walk(node)
        if child is not node
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module, id(node) in inner
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, id(node) in inner


def _edges() -> list[tuple[str, str, str, str, bool]]:
    """(importing component, imported component, imported module, "file:line", inside a function)."""
    edges = []
    for module, path in _modules():
        source = _component(module)
        for line, imported, inside in _imports(path):
            target = _component(imported)
            if target is not None:
                edges.append((source, target, imported, f"{path.relative_to(ROOT)}:{line} imports {imported}", inside))
    return edges


def test_components_import_only_the_layers_below_them():
    wrong = [
        where
        for source, target, _module, where, _inside in _edges()
        if source != target
        and _layer(target) <= _layer(source)
        and not (_layer(source) == _layer(target) == _layer(NEW_APPS))
    ]
    assert wrong == [], "imports against the direction of the layers (see LAYERS):\n" + "\n".join(wrong)


def test_no_two_components_import_each_other():
    pairs = {(source, target) for source, target, _module, _where, _inside in _edges() if source != target}
    assert sorted((a, b) for a, b in pairs if (b, a) in pairs and a < b) == []


def test_no_project_module_is_imported_inside_a_function():
    hidden = [
        where
        for _source, _target, module, where, inside in _edges()
        if inside
        # AppConfig.ready() connects receivers once every app is loaded: the one place Django wants them.
        and not where.split(":")[0].endswith("apps.py")
        and not module.startswith(LAZY_ENGINES)
    ]
    assert hidden == [], "imports hidden inside functions:\n" + "\n".join(hidden)


def test_services_never_import_their_tasks():
    """Tasks call services; services enqueue tasks by name once the transaction commits (brics_ttc.tasks)."""
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {imported}"
        for module, path in _modules()
        if ".services" in f".{module}" or module.endswith("services")
        for line, imported, _inside in _imports(path)
        if imported.split(".")[1:2] == ["tasks"] and imported.split(".")[0] == module.split(".")[0]
    ]
    assert wrong == []


def test_the_check_sees_imports_between_apps():
    """Without this, a check that found no imports at all would pass whatever the code does."""
    edges = {(source, target) for source, target, _module, _where, _inside in _edges()}
    assert {("achievements", "marketplace"), ("trading", "achievements"), ("project", "trading")} <= edges
    assert _layer("negotiations") == _layer(NEW_APPS) < _layer("trading")
