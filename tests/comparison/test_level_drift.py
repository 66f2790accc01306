"""A task printed as one paragraph takes in the paragraphs of the task it continues
(``groups.leaf_absorbs_children``, engine 21)."""

from __future__ import annotations

from functools import cache

from comparison import PlanDocument, compare, parse_text
from tests.comparison.conftest import NATIONAL_DIR, read

A = (
    "一、2024年政府工作任务\n"
    "（一）着力扩大国内需求\n"
    "推动消费持续恢复。多渠道增加城乡居民收入，稳定大宗消费，推动生活服务消费恢复。\n"
    "积极扩大有效投资。拟安排地方政府专项债券3.8万亿元，加快实施重大工程项目。\n"
    "加强文物古籍保护利用，建好国家文化公园，推进博物馆建设。\n"
    "（二）加快建设现代化产业体系\n"
    "推进制造业转型升级，培育壮大新兴产业，促进数字经济发展。\n"
)
B = (
    "一、2025年政府工作任务\n"
    "（一）着力扩大国内需求。推动消费持续恢复，多渠道增加城乡居民收入；积极扩大有效投资，"
    "拟安排地方政府专项债券4.4万亿元，加快实施重大工程项目。\n"
    "（二）加快建设现代化产业体系。推进制造业转型升级，培育壮大新兴产业，促进数字经济发展。\n"
)


def _key(doc: PlanDocument, prefix: str) -> str:
    (key,) = [u.key for u in doc.units if (u.title or u.text).startswith(prefix)]
    return key


def test_the_paragraphs_of_a_task_join_its_one_paragraph_successor() -> None:
    a, b = parse_text(A), parse_text(B)
    task_b = _key(b, "着力扩大国内需求")
    assert not [u for u in b.units if u.parent == task_b]  # printed as one paragraph
    consume, invest, relics = (
        _key(a, p) for p in ("推动消费持续恢复", "积极扩大有效投资", "加强文物")
    )
    for x, y, side in ((a, b, 0), (b, a, 1)):
        result = compare(x, y)
        (m,) = [m for m in result.matches if task_b in (m.b, m.a)[side]]
        mine = set((m.a, m.b)[side])
        assert {_key(a, "着力扩大国内需求"), consume, invest} <= mine
        assert relics not in mine  # shares nothing with the successor: stays dropped (new)
        assert relics in (result.dropped, result.new)[side]


@cache
def national(year: int) -> PlanDocument:
    return parse_text(read(NATIONAL_DIR / f"{year}.txt"))


def test_national_2022_agriculture_task_and_its_paragraphs_go_to_2023s_one_paragraph() -> None:
    a, b = national(2022), national(2023)
    task_a, task_b = _key(a, "大力抓好农业生产"), _key(b, "稳定粮食生产和推进乡村振兴")
    result = compare(a, b)
    (m,) = [m for m in result.matches if task_b in m.b]
    kids = [u.key for u in a.units if u.parent == task_a]
    assert len(kids) == 3 and set(m.a) == {task_a, *kids}
    assert m.kind.value == "merged"
