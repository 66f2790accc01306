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


# synthetic: 2025's task keeps a body of its own, and the paragraphs printed after it (closing
# words, government building) are read as its children — the body is where 2024's went
B_WITH_TAIL = B.replace(
    "（二）加快建设现代化产业体系。推进制造业转型升级，培育壮大新兴产业，促进数字经济发展。\n",
    "（二）加快建设现代化产业体系。推进制造业转型升级，培育壮大新兴产业，促进数字经济发展。"
    "加强文物古籍保护利用以外，还要完善产业链供应链，提升产业基础能力，推动先进制造业集群发展，"
    "加快发展现代服务业，推进工业互联网平台建设，支持专精特新中小企业发展，做强做优实体经济。\n"
    "进一步加强政府自身建设，持续转变政府职能，提高行政效率和公信力。\n"
    "奋斗铸就辉煌，实干赢得未来。我们要紧密团结，砥砺前行，为全面建设现代化国家而努力奋斗。\n",
)


def test_children_join_a_successor_with_a_body_of_its_own_not_a_heading() -> None:
    """Engine 37: a container matched to a unit that has children of its own still hands its
    leftover children to that unit when the unit's own text is a body (not a heading) and the
    child is closer to that body than to any of its children."""
    a, b = parse_text(A), parse_text(B_WITH_TAIL)
    task_b = _key(b, "加快建设现代化产业体系")
    tail = [u.key for u in b.units if u.parent == task_b]
    assert len(tail) == 2  # the closing paragraphs sit under the last task
    task_a = _key(a, "加快建设现代化产业体系")
    (kid,) = [u.key for u in a.units if u.parent == task_a]
    result = compare(a, b)
    (m,) = [m for m in result.matches if task_b in m.b]
    assert set(m.a) == {task_a, kid} and m.kind.value == "merged"
    # a successor that is only a heading over its children holds none of them
    headed = B_WITH_TAIL.replace(
        "（二）加快建设现代化产业体系。推进制造业转型升级，培育壮大新兴产业，促进数字经济发展。"
        "加强文物古籍保护利用以外，还要完善产业链供应链，提升产业基础能力，推动先进制造业集群发展，"
        "加快发展现代服务业，推进工业互联网平台建设，支持专精特新中小企业发展，做强做优实体经济。\n",
        "（二）加快建设现代化产业体系\n",
    )
    b2 = parse_text(headed)
    task_b2 = _key(b2, "加快建设现代化产业体系")
    assert len([u for u in b2.units if u.parent == task_b2]) == 2
    for m in compare(a, b2).matches:
        assert not (task_b2 in m.b and kid in m.a and len(m.b) == 1)


def test_national_2022_livelihood_paragraphs_go_to_2023s_task_with_a_body() -> None:
    """National 2023's last task (保障基本民生和发展社会事业) is one paragraph followed by the
    report's closing paragraphs, parsed as its children: 2022's livelihood paragraphs that it
    sums up (education, health, social security, social governance) join its match; 2022's
    paragraph on government building does not (2023 says that in a paragraph of its own)."""
    a, b = national(2022), national(2023)
    task_b = _key(b, "保障基本民生和发展社会事业")
    assert [u for u in b.units if u.parent == task_b]  # it has children
    result = compare(a, b)
    (m,) = [m for m in result.matches if task_b in m.b]
    titles = {u.key: u.title for u in a.units}
    joined = {titles[k] for k in m.a}
    assert {"促进教育公平与质量提升", "提高医疗卫生服务能力", "加强社会保障和服务"} <= joined
    assert not any(t.startswith("面对新的形势和任务") for t in joined)
    assert m.kind.value == "merged"
