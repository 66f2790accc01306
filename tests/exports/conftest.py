"""Export test fixtures: hand-made (synthetic) comparisons, and real ones from the engine."""

from __future__ import annotations

import difflib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from comparison import (
    Comparison,
    LeadChange,
    Match,
    MatchKind,
    PlanDocument,
    RedlineOp,
    Thread,
    ThreadStatus,
    ThreadYear,
    Timeline,
    Unit,
    UnitKind,
)

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "archive" / "demo"
FIXED_TIME = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def synthetic_redline(a: str, b: str) -> tuple[tuple[RedlineOp, str], ...]:
    """A character-level redline whose = and - parts give ``a`` and = and + parts give ``b``."""
    ops: list[tuple[RedlineOp, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append((RedlineOp.EQUAL, a[i1:i2]))
        if tag in ("delete", "replace"):
            ops.append((RedlineOp.DELETE, a[i1:i2]))
        if tag in ("insert", "replace"):
            ops.append((RedlineOp.INSERT, b[j1:j2]))
    return tuple(ops)


def _u(key, parent, level, kind, label, title, text, leads=()):
    return Unit(key, parent, level, UnitKind(kind), label, title, text, tuple(leads))


def _docs() -> tuple[PlanDocument, PlanDocument]:
    a_units = (
        _u("s1", None, 1, "section", "一", "深化社会体制改革", "深化社会体制改革"),
        _u(
            "s1.1",
            "s1",
            3,
            "item",
            "1",
            "推进社区治理创新。",
            "推进社区治理创新。完善社区服务中心建设,年内新建20个。",
            ["市民政局", "各区政府"],
        ),
        _u(
            "s1.2",
            "s1",
            3,
            "item",
            "2",
            "加强社会组织培育。",
            "加强社会组织培育。落实登记管理制度。",
            ["市民政局"],
        ),
        _u("s1.3", "s1", 3, "item", "3", "保留事项不变。", "保留事项不变。", ["市人力资源保障局"]),
        _u("s2", None, 1, "section", "二", "保障和改善民生", "保障和改善民生"),
        _u(
            "s2.1",
            "s2",
            3,
            "item",
            "1",
            "实施住房保障工程。",
            "实施住房保障工程。筹集保障性住房1万套,供应5000套。",
            ["市住房建设局", "市规划国土委"],
        ),
        _u(
            "s2.2",
            "s2",
            3,
            "item",
            "2",
            "统筹教育与卫生资源。",
            "统筹教育与卫生资源。新增学位3万个;新建社康中心10家。",
            ["市教育局", "市卫生计生委"],
        ),
        _u(
            "s2.3",
            "s2",
            3,
            "item",
            "3",
            "旧的试点将取消。",
            "旧的试点将取消。<script>alert('x')</script> & 特殊字符 | * _ #",
            ["市发展改革委"],
        ),
        _u("s2.4", "s2", 3, "item", "4", "位置调整事项。", "位置调整事项。", ["市司法局"]),
    )
    b_units = (
        _u("s1", None, 1, "section", "一", "全面深化社会体制改革", "全面深化社会体制改革"),
        _u(
            "s1.1",
            "s1",
            3,
            "item",
            "1",
            "推进社区治理创新。",
            "推进社区治理创新。完善社区服务中心建设,年内新建30个,\n并推广“社区议事会”。",
            ["市委政研室(改革办)", "市民政局"],
        ),
        _u("s1.2", "s1", 3, "item", "2", "保留事项不变。", "保留事项不变。", ["市人力资源保障局"]),
        _u("s1.3", "s1", 3, "item", "3", "位置调整事项。", "位置调整事项。", ["市司法局"]),
        _u("s2", None, 1, "section", "二", "保障和改善民生", "保障和改善民生"),
        _u(
            "s2.1",
            "s2",
            3,
            "item",
            "1",
            "统筹教育资源。",
            "统筹教育资源。新增学位3万个。",
            ["市教育局"],
        ),
        _u(
            "s2.2",
            "s2",
            3,
            "item",
            "2",
            "统筹卫生资源。",
            "统筹卫生资源。新建社康中心12家。",
            ["市卫生计生委"],
        ),
        _u(
            "s2.3",
            "s2",
            3,
            "item",
            "3",
            "实施住房保障和社会组织培育。",
            "实施住房保障和社会组织培育。筹集保障性住房1万套;落实登记管理制度。",
            ["市住房建设局", "市民政局"],
        ),
        _u(
            "s2.4",
            "s2",
            3,
            "item",
            "4",
            "建设智慧城市。",
            "建设智慧城市。推进“互联网+政务服务”,实现80%事项网上办理。",
            ["市经济贸易信息委"],
        ),
    )
    a = PlanDocument("2024年全市社会建设工作要点", 2024, "zh", {}, a_units)
    b = PlanDocument("2025年全市社会建设工作要点", 2025, "zh", {}, b_units)
    return a, b


def _text(doc: PlanDocument, keys) -> str:
    return "\n".join(doc.unit(k).text for k in keys)


def make_synthetic_comparison(info: bool = True) -> Comparison:
    a, b = _docs()

    def m(ak, bk, kind, moved=False, score=0.9, leads=None):
        ta, tb = _text(a, ak), _text(b, bk)
        ratio = 1 - difflib.SequenceMatcher(None, ta, tb).ratio()
        return Match(
            tuple(ak),
            tuple(bk),
            MatchKind(kind),
            moved,
            score,
            ratio,
            leads or LeadChange(),
            synthetic_redline(ta, tb),
        )

    matches = (
        m(["s1"], ["s1"], "changed", score=0.8),
        m(
            ["s1.1"],
            ["s1.1"],
            "changed",
            score=0.83,
            leads=LeadChange(
                ("市委政研室(改革办)",), ("各区政府",), True, "市民政局", "市委政研室(改革办)"
            ),
        ),
        m(
            ["s1.3"],
            ["s1.2"],
            "unchanged",
            score=1.0,
            leads=LeadChange((), (), False, "市人力资源保障局", "市人力资源保障局"),
        ),
        m(
            ["s2.4"],
            ["s1.3"],
            "unchanged",
            moved=True,
            score=1.0,
            leads=LeadChange((), (), False, "市司法局", "市司法局"),
        ),
        m(["s2"], ["s2"], "unchanged", score=1.0),
        m(
            ["s2.2"],
            ["s2.1", "s2.2"],
            "split",
            score=0.7,
            leads=LeadChange((), (), False, "市教育局", "市教育局"),
        ),
        m(
            ["s2.1", "s1.2"],
            ["s2.3"],
            "merged",
            moved=True,
            score=0.66,
            leads=LeadChange(
                ("市民政局",), ("市规划国土委",), False, "市住房建设局", "市住房建设局"
            ),
        ),
    )
    info_a = info_b = {}
    if info:
        info_a = {
            "series": "sz-social",
            "series_title": "深圳市社会建设工作要点",
            "year": 2024,
            "version": 1,
            "sha256": "a" * 64,
            "filename": "2024.txt",
        }
        info_b = {
            "series": "sz-social",
            "series_title": "深圳市社会建设工作要点",
            "year": 2025,
            "version": 2,
            "sha256": "b" * 64,
            "filename": "2025.txt",
        }
    return Comparison(a, b, matches, ("s2.4",), ("s2.3",), "synthetic-1", info_a, info_b)


def make_synthetic_timeline() -> Timeline:
    years = (2022, 2023, 2024, 2025)
    S = ThreadStatus
    rows = [
        ("t1", "推进社区治理创新", [S.NEW, S.CHANGED, S.UNCHANGED, S.CHANGED]),
        ("t2", "实施住房保障工程", [S.NEW, S.UNCHANGED, S.DROPPED, S.REVIVED]),
        ("t3", "建设智慧城市", [S.ABSENT, S.ABSENT, S.NEW, S.CHANGED]),
        ("t4", "旧的试点<取消>", [S.NEW, S.DROPPED, S.ABSENT, S.ABSENT]),
    ]
    threads = []
    for tid, title, statuses in rows:
        present = [
            y for y, s in zip(years, statuses, strict=True) if s not in (S.ABSENT, S.DROPPED)
        ]
        threads.append(
            Thread(
                tid,
                "item",
                title,
                present[0],
                present[-1],
                tuple(
                    ThreadYear(y, s, () if s in (S.ABSENT, S.DROPPED) else (f"k{y}",))
                    for y, s in zip(years, statuses, strict=True)
                ),
            )
        )
    summaries = {
        2023: {
            "unchanged": 1,
            "changed": 1,
            "moved": 0,
            "split": 0,
            "merged": 0,
            "new": 0,
            "dropped": 1,
        },
        2024: {
            "unchanged": 1,
            "changed": 0,
            "moved": 0,
            "split": 0,
            "merged": 0,
            "new": 1,
            "dropped": 1,
        },
        2025: {
            "unchanged": 0,
            "changed": 2,
            "moved": 0,
            "split": 0,
            "merged": 0,
            "new": 0,
            "dropped": 0,
        },
    }
    return Timeline(
        years,
        tuple(threads),
        summaries,
        "synthetic-1",
        {"series": "sz-social", "series_title": "深圳市社会建设工作要点"},
    )


@pytest.fixture(scope="session")
def synthetic_comparison() -> Comparison:
    return make_synthetic_comparison()


@pytest.fixture(scope="session")
def synthetic_loose_comparison() -> Comparison:
    return make_synthetic_comparison(info=False)


@pytest.fixture(scope="session")
def synthetic_timeline() -> Timeline:
    return make_synthetic_timeline()


# --- real comparisons from the engine (reused for the whole session) -------------------------

SEED = DEMO / "shenzhen-social-construction" / "2014.txt"
NATIONAL = DEMO / "cn-national-gwr"


def _file_info(path: Path, series: str, year: int, version: int = 1) -> dict[str, object]:
    import hashlib

    data = path.read_bytes()
    return {
        "series": series,
        "year": year,
        "version": version,
        "sha256": hashlib.sha256(data).hexdigest(),
        "filename": path.name,
    }


@pytest.fixture(scope="session")
def national_comparison() -> Comparison:
    """The national government work reports 2024 -> 2025, as the archive would provide them."""
    import dataclasses

    from comparison import compare, parse_text

    pa, pb = NATIONAL / "2024.txt", NATIONAL / "2025.txt"
    a = parse_text(pa.read_text(encoding="utf-8"), year=2024)
    b = parse_text(pb.read_text(encoding="utf-8"), year=2025)
    result = compare(a, b)
    return dataclasses.replace(
        result,
        info_a=_file_info(pa, "cn-national-gwr", 2024),
        info_b=_file_info(pb, "cn-national-gwr", 2025),
    )


def edited_seed_text() -> str:
    """The seed plan with an analyst-visible set of edits: a reworded item, a primary-lead swap,
    a dropped item and a new one."""
    text = SEED.read_text(encoding="utf-8")
    edits = [
        (
            "出台《深圳市推进基本公共服务均等化行动计划》",
            "全面实施《深圳市推进基本公共服务均等化行动计划》",
        ),
        (
            "〔牵头落实单位:市委政研室(改革办)、市社工委、",
            "〔牵头落实单位:市社工委、市委政研室(改革办)、",
        ),
        ("强化流动人口和出租屋管理。", "强化流动人口和出租屋管理,推广网格化服务。"),
    ]
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    lines = text.split("\n")
    drop = next(i for i, line in enumerate(lines) if line.strip().startswith("7.创新网络社会"))
    lines[drop] = (
        "  7.建设智慧社区服务平台。依托市政务云建设全市统一的社区综合信息平台,"
        "实现居民证照、社保、计生等事项在社区一站式受理、全市通办。"
        "〔牵头落实单位:市经济贸易信息委、市民政局〕"
    )
    return "\n".join(lines)


@pytest.fixture(scope="session")
def seed_comparison() -> Comparison:
    """The seed plan (2014) against an edited copy of itself (as 2015), loose-file style."""
    import dataclasses

    from comparison import compare, parse_text

    a = parse_text(SEED.read_text(encoding="utf-8"), year=2014)
    b = parse_text(edited_seed_text(), year=2015)
    result = compare(a, b)
    return dataclasses.replace(
        result, info_a={"filename": "2014.txt"}, info_b={"filename": "2014-edited.txt"}
    )


@pytest.fixture(scope="session", params=["synthetic", "synthetic_loose", "national", "seed"])
def any_comparison(request: pytest.FixtureRequest) -> Comparison:
    names = {
        "synthetic": "synthetic_comparison",
        "synthetic_loose": "synthetic_loose_comparison",
        "national": "national_comparison",
        "seed": "seed_comparison",
    }
    return request.getfixturevalue(names[request.param])
