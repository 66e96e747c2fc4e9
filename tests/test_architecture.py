"""The house rules of docs/architecture.md, read from the source: import arrows and sizes."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each package may import only the packages on lower layers (docs/architecture.md, "Apps").
LAYERS = [
    {"common"},
    {"accounts"},
    {"audit"},
    {"backups", "parks"},
    {"tracker"},
    {"dashboards", "spreadsheets", "notices"},
]
OURS = set().union(*LAYERS)
# The project files wire every app together, so they may import all of them.
PROJECT_FILES = {"tracker/settings.py", "tracker/urls.py", "tracker/wsgi.py"}
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def layer_of(package):
    return next(index for index, layer in enumerate(LAYERS) if package in layer)


def source_files(package):
    return sorted(path for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts)


def imported_packages(path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in OURS:
                yield top, node.lineno


def backward_imports():
    for package in sorted(OURS):
        for path in source_files(package):
            relative = path.relative_to(ROOT).as_posix()
            if relative in PROJECT_FILES:
                continue
            for imported, line in imported_packages(path):
                if imported != package and layer_of(imported) >= layer_of(package):
                    yield f"{relative}:{line} imports {imported}"


def test_every_app_is_on_a_layer():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps <= OURS, f"add {apps - OURS} to LAYERS"


def test_imports_run_one_way():
    assert list(backward_imports()) == []


def test_the_registry_imports_no_app():
    # parks sits at the bottom of the domain: the other apps build on it, never the reverse.
    imported = {name for path in source_files("parks") for name, _ in imported_packages(path)}
    assert imported <= {"parks", "common"}


def test_the_arrow_test_sees_a_backward_import(tmp_path):
    # Guard the guard: a parks module importing tracker must be reported.
    module = tmp_path / "sample.py"
    module.write_text("from tracker.models import ParkReport\nimport common.values\n")
    assert [name for name, _ in imported_packages(module)] == ["tracker", "common"]
    assert layer_of("tracker") > layer_of("parks")


@pytest.mark.parametrize("package", sorted(OURS))
def test_modules_and_functions_stay_small(package):
    too_big = []
    for path in source_files(package):
        text = path.read_text()
        relative = path.relative_to(ROOT).as_posix()
        if text.count("\n") > MAX_MODULE_LINES:
            too_big.append(f"{relative}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_big.append(f"{relative}:{node.lineno} {node.name}() {length} lines")
    assert too_big == []
