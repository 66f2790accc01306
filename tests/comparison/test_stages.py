"""The engine is a line of stages (ARCHITECTURE.md section 4, issue 8 point 7).

features → candidates → scores → assignment → groups → classify → (align: sequences the alignment
stages) → detail → threads → pipeline. Every module of a stage imports only modules of its own or
earlier stages (imports inside functions included), the parser never imports the engine and the
engine never the parser, and no module of ``comparison`` is part of an import cycle. A module not
listed here (a new stage of another issue) is held to the no-cycle rule; list it to place it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "comparison"

BASE = ("document", "normalize", "tokens", "result", "constraints", "options", "retrospect")
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", BASE),
    ("features", ("abbrev", "features")),
    ("candidates", ("candidates",)),
    ("scores", ("scores",)),
    ("assignment", ("assignment",)),
    ("groups", ("groups", "splitmerge", "crosskind", "restructure")),
    ("classify", ("classify", "grades", "ranks", "boilerplate")),
    ("align", ("align",)),
    ("detail", ("detail", "targets")),
    ("threads", ("threads",)),
    ("pipeline", ("pipeline",)),
)
PARSER = ("clean", "metadata", "structure")
PACKAGE_INIT = "__init__"


def _imports(path: Path) -> set[str]:
    """Names of the ``comparison`` modules ``path`` imports, anywhere in the file."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            if parts[0] == "comparison":
                if len(parts) > 1:
                    out.add(parts[1])
                else:
                    out.update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            for a in node.names:
                parts = a.name.split(".")
                if parts[0] == "comparison" and len(parts) > 1:
                    out.add(parts[1])
    return out


GRAPH = {p.stem: _imports(p) for p in sorted(PACKAGE.glob("*.py"))}
RANK = {m: n for n, (_, mods) in enumerate(STAGES) for m in mods}


def test_stage_list_names_real_modules() -> None:
    listed = {m for _, mods in STAGES for m in mods} | set(PARSER)
    core = {"document", "features", "candidates", "scores", "assignment", "groups", "align"}
    assert core <= set(GRAPH), "the stage list names the engine's modules"
    # every engine module that exists is placed (optional future ones may be absent)
    unplaced = set(GRAPH) - listed - {PACKAGE_INIT}
    assert not unplaced & {"grades", "ranks", "boilerplate", "splitmerge", "crosskind"}


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if m in RANK))
def test_stage_imports_only_earlier_stages(module: str) -> None:
    later = sorted(m for m in GRAPH[module] if m in RANK and RANK[m] > RANK[module])
    assert not later, f"comparison.{module} (stage {STAGES[RANK[module]][0]}) imports later {later}"
    parser = sorted(GRAPH[module] & set(PARSER))
    assert not parser, f"comparison.{module} imports the parser {parser}"


@pytest.mark.parametrize("module", PARSER)
def test_parser_imports_no_engine_stage(module: str) -> None:
    engine = sorted(m for m in GRAPH[module] if m in RANK and m not in BASE)
    assert not engine, f"comparison.{module} imports engine stages {engine}"


def test_no_import_cycles() -> None:
    state: dict[str, int] = {}  # 1 visiting, 2 done
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for n in sorted(GRAPH.get(m, ())):
            if n not in GRAPH or n == PACKAGE_INIT:
                continue
            if state.get(n) == 1:
                cycle = [*stack[stack.index(n) :], n]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if n not in state:
                visit(n)
        stack.pop()
        state[m] = 2

    for m in sorted(GRAPH):
        if m not in state and m != PACKAGE_INIT:
            visit(m)


def test_no_engine_module_imports_the_package() -> None:
    """``from comparison import X`` inside the package would hide the stage order."""
    for module, deps in GRAPH.items():
        if module != PACKAGE_INIT:
            assert PACKAGE_INIT not in deps and not (deps - set(GRAPH)), module


def test_the_old_names_are_still_importable() -> None:
    """The toolbox names that lived in comparison.align, groups and pipeline stay importable."""
    from comparison.align import (  # noqa: F401
        CONTEXT_BONUS,
        WEAK_MARGIN,
        Aligned,
        AlignParams,
        align,
        assign,
        base_score,
        child_votes,
        classify,
        linked_to,
    )
    from comparison.groups import FAMILY, Group, container_groups  # noqa: F401
    from comparison.pipeline import (  # noqa: F401
        ENGINE_VERSION,
        CompareOptions,
        build_timeline,
        compare,
        compare_features,
        comparison_language,
    )
