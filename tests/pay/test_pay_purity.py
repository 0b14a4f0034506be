"""portal.pay and portal.csv_excel stay pure: no web framework, no database."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PURE_FILES = sorted((ROOT / "portal" / "pay").glob("*.py")) + [ROOT / "portal" / "csv_excel.py"]
ALLOWED_PORTAL = {"portal.pay", "portal.timeutil"}

# A plain import, as any caller does: portal/__init__.py imports flask only inside create_app.
PROBE = """
import json, sys
from portal.pay import PayRules, pay_breakdown, pay_period, PayBreakdown, PayPeriod
import portal.csv_excel
print(json.dumps(sorted(m for m in sys.modules
                        if m.split(".")[0] in {"flask", "sqlalchemy", "werkzeug", "flask_babel"})))
"""


def test_import_loads_no_flask_or_sqlalchemy():
    """Importing the pay package in a fresh interpreter loads neither flask nor SQLAlchemy."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(ROOT / "portal")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert json.loads(out.stdout) == []


UNDER_MUTMUT = pytest.mark.skipif(
    ROOT.name == "mutants", reason="mutmut's mutated copies import its trampoline and grow"
)


@UNDER_MUTMUT
@pytest.mark.parametrize("path", PURE_FILES, ids=lambda p: p.name)
def test_imports_only_stdlib_and_pure_portal_modules(path):
    """Each module imports the standard library, portal.pay or portal.timeutil only."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top == "portal":
                assert any(name == ok or name.startswith(ok + ".") for ok in ALLOWED_PORTAL), name
            else:
                assert top in sys.stdlib_module_names, name


@UNDER_MUTMUT
def test_modules_stay_small():
    """Every pure module is under 300 lines."""
    for path in PURE_FILES:
        assert len(path.read_text(encoding="utf-8").splitlines()) < 300, path.name
