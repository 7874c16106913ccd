"""The house: the package's imports only go down its levels, and never round in a circle.

Each level may import its own and the levels below it. The pipeline reads upward (text ->
syntax -> model -> check -> metrics -> engine -> report), the wings (features) sit above the api
and import only stages, never each other, and only the CLI imports the wings. docs/architecture.md
draws the same levels; change both together.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[3] / "src" / "adoptplan"

LEVELS: tuple[tuple[str, ...], ...] = (
    ("adoptplan", "model", "snapshot", "catalogue", "exitcodes", "codes.base", "numbers",
     "collector"),
    ("codes.syntax", "codes.semantic", "codes.metrics", "codes.ingest", "codes.playbook_tests",
     "diagnostics", "result", "periods"),
    ("codes", "files", "expressions", "config", "csv_dialect"),
    ("syntax",),
    ("load", "fmt", "library"),
    ("check",),
    ("metrics",),
    ("engine",),
    ("report",),
    ("api",),
    ("diff", "playbook_tests", "ingest", "scaffold", "notify", "lsp"),
    ("cli", "testing", "__main__"),
)
WINGS = frozenset(LEVELS[-2])


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _room(module: str) -> str:
    """The entry of LEVELS a module belongs to: the longest that names it or a package of it."""
    inner = module.removeprefix("adoptplan").removeprefix(".")
    names = [name for level in LEVELS for name in level]
    matches = [n for n in names if n != "adoptplan" and (inner == n or inner.startswith(n + "."))]
    return max(matches, key=len) if matches else "adoptplan"


def _level(room: str) -> int:
    return next(i for i, level in enumerate(LEVELS) if room in level)


def _imports() -> dict[str, set[str]]:
    """Every module of the package and the package modules it imports (at any depth)."""
    modules = {_module(p): p for p in PACKAGE.rglob("*.py") if "templates" not in p.parts}
    found: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("adoptplan"):
                for alias in node.names:
                    whole = f"{node.module}.{alias.name}"
                    targets.add(whole if whole in modules else node.module)
            elif isinstance(node, ast.Import):
                targets |= {a.name for a in node.names if a.name.startswith("adoptplan")}
        found[name] = {t for t in targets if t in modules and t != name}
    return found


def test_every_module_has_a_room():
    for module in _imports():
        room = _room(module)
        assert module == "adoptplan" or room != "adoptplan", f"{module} is in no room of LEVELS"


def test_imports_only_go_down():
    upward = sorted(f"{source} -> {target}"
                    for source, targets in _imports().items() for target in targets
                    if _level(_room(target)) > _level(_room(source)))
    assert upward == []


def test_no_wing_imports_another_and_only_the_cli_level_imports_wings():
    crossing = sorted(f"{source} -> {target}"
                      for source, targets in _imports().items() for target in targets
                      if _room(target) in WINGS and _room(source) != _room(target)
                      and _room(source) not in LEVELS[-1])
    assert crossing == []


def test_no_import_circles():
    graph = _imports()
    rooms: dict[str, set[str]] = {}
    for source, targets in graph.items():
        rooms.setdefault(source, set()).update(targets)
    circles = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(rooms.get(node, ())):
            if state.get(target) == 1:
                circles.append(" -> ".join(path[path.index(target):] + [target]))
            elif target not in state:
                visit(target, path + [target])
        state[node] = 2

    for module in sorted(rooms):
        if module not in state:
            visit(module, [module])
    assert circles == []


def _late_imports() -> list[str]:
    """Imports inside functions whose block has no comment saying why (on a line of the block
    or the line above it): a late import is for start-up time or a heavy optional library."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "templates" in path.parts:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for function in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for body in _bodies(function):
                for block in _import_blocks(body):
                    first, last = block[0].lineno - 1, block[-1].end_lineno or block[-1].lineno
                    if not any("#" in line for line in lines[max(first - 1, 0):last]):
                        found.append(f"{path.relative_to(PACKAGE)}:{block[0].lineno}")
    return found


def _bodies(function: ast.AST) -> list[list[ast.stmt]]:
    """Every statement list inside a function (its body, branches, loops, handlers)."""
    return [getattr(node, field) for node in ast.walk(function)
            for field in ("body", "orelse", "finalbody", "handlers")
            if isinstance(getattr(node, field, None), list) and field != "handlers"]


def _import_blocks(body: list[ast.stmt]) -> list[list[ast.stmt]]:
    blocks: list[list[ast.stmt]] = []
    for previous, statement in zip([None, *body], body, strict=False):
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            if isinstance(previous, (ast.Import, ast.ImportFrom)) and blocks:
                blocks[-1].append(statement)
            else:
                blocks.append([statement])
    return blocks


def test_every_import_inside_a_function_says_why():
    assert _late_imports() == []
