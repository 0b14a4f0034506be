"""The layering of DESIGN §3, checked on the source: no import cycles, imports point down.

Every import counts, including those inside functions, so a cycle cannot hide there.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("portal", "recommender")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")
    }


def import_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports (a `from a import b` names a.b if a module)."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    base = f"{anchor}.{base}" if base else anchor
                for alias in node.names:
                    candidate = f"{base}.{alias.name}"
                    targets.append(candidate if candidate in modules else base)
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in graph[node]:
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _imports_of(prefix: str) -> dict[str, set[str]]:
    graph = import_graph()
    return {m: deps for m, deps in graph.items() if m == prefix or m.startswith(prefix + ".")}


def _violations(prefix: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{module} imports {dep}"
        for module, deps in _imports_of(prefix).items()
        for dep in deps
        if dep.startswith(forbidden)
    )


def test_no_import_cycles():
    assert cycles(import_graph()) == []


def test_the_checker_sees_a_cycle_inside_a_function():
    graph = {"a": {"b"}, "b": {"a"}, "c": set()}
    assert cycles(graph) == [["a", "b"]]


def test_recommender_imports_nothing_of_the_portal():
    assert _violations("recommender", ("portal",)) == []


def test_notify_and_queue_import_no_service_or_blueprint():
    blueprints = ("portal.admin", "portal.assistants", "portal.auth", "portal.employers")
    blueprints += ("portal.main", "portal.offers", "portal.safety", "portal.shifts")
    assert _violations("portal.notify", ("portal.services", *blueprints)) == []
    assert [m for m in import_graph()["portal.queue"] if m.startswith("portal")] == []


def test_services_import_no_blueprint():
    blueprints = ("portal.admin", "portal.assistants", "portal.auth", "portal.employers")
    blueprints += ("portal.main", "portal.offers", "portal.safety", "portal.shifts")
    assert _violations("portal.services", blueprints) == []


def test_services_are_grouped_by_feature():
    top = sorted(p.stem for p in (ROOT / "portal" / "services").glob("*.py"))
    assert top == ["accounts", "audit", "errors"]


def test_the_queue_module_does_no_work_at_import(tmp_path):
    import subprocess
    import sys

    code = (
        "import portal.queue as q, huey.storage as s;"
        "assert isinstance(q.huey.storage, s.MemoryStorage), q.huey.storage"
    )
    subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, check=True, env={"PYTHONPATH": str(ROOT)}
    )
    assert list(tmp_path.iterdir()) == []
