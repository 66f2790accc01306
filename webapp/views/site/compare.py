"""Two years side by side: aligned rows with word-level redlines, kind and agency filters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from flask import render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

import archive
from comparison.document import Unit
from comparison.result import Comparison, Match, RedlineOp
from webapp.db import get_session
from webapp.exports.rows import (
    Numbering,
    agency_delta,
    due_changed,
    entry_tags,
    joined_due,
    language,
    plain_lead_changes,
)
from webapp.exports.targets import figure
from webapp.views.site import (
    _caption,
    _comparison,
    _current_version,
    _int_arg,
    _memo,
    _series_years,
    _thread_ids,
    _versions_key,
    bp,
    cached_page,
    kind_label,
    page_cache_key,
    printed_label,
)
from webapp.views.site.compare_digest import (
    chip_title,
    digest,
    grade_word,
    moved_words,
    rank_moves,
    toc,
)
from webapp.views.site.compare_runs import quiet_runs, run_view
from webapp.views.site.review import review_context

KINDS = (
    "new",
    "changed",
    "dropped",
    "moved",
    "split",
    "merged",
    "restructured",
    "lead",
    "unchanged",
)
DEFAULT_KINDS = frozenset(KINDS) - {"unchanged"}
# the chips whose numbers are Comparison.summary's (the rest are row counts, said so)
SUMMARY_CHIPS = frozenset(KINDS) - {"lead"}


@dataclass
class Side:
    units: list[Unit]
    year: int
    html: Markup

    @property
    def labels(self) -> str:
        """The printed numbers of the side's units (``（三） + （四）`` for a merge)."""
        return " + ".join(x for x in (printed_label(u) for u in self.units) if x)

    @property
    def due(self) -> str:
        """The side's deadline as printed (完成时限), its units' each once."""
        return joined_due(self.units)


@dataclass
class Row:
    kind: str  # new / changed / unchanged / split / merged / dropped
    tags: set[str]
    a: Side | None
    b: Side | None
    match: Match | None
    agencies: list[str]
    thread_id: str | None
    index: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    where: str = ""  # 一、第4段 → 一、第3段
    grade: str = ""
    confidence: str = ""
    boilerplate: bool = False
    section: str = ""  # key of the top-level section the row sits in (B's, else A's)
    section_label: str = ""

    @property
    def anchor(self) -> str:
        """The row's citable anchor, ``m-<n>`` (1-based position on the page)."""
        return f"m-{self.index + 1}"

    @property
    def change_ratio(self) -> float:
        return self.match.change_ratio if self.match is not None else 1.0

    @property
    def headline(self) -> str:
        side = self.b or self.a
        if side is None or not side.units:
            return ""
        head = " ".join((side.units[0].title or side.units[0].text).split())
        return head if len(head) <= 40 else head[:39] + "…"

    @property
    def plain_leads(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(leads added, leads removed) as the row's details list them: an agency promoted from
        supporting, or demoted to it, is listed under that heading only."""
        if self.match is None:
            return (), ()
        return plain_lead_changes(self.match.lead_units)

    @property
    def target_notes(self) -> list[str]:
        """The match's changed targets as the row lists them: ``15 % → 20 %``, with the printed
        name when it says more than a verb (``Real GDP growth: 3% → 2.5%``)."""
        return self.target_lines()

    def target_lines(self, *, both_years: bool = False) -> list[str]:
        """:attr:`target_notes`; ``both_years``: only figures both plans state (the page's
        digest leaves out a target one plan states only here: it is often a restatement of one
        the other plan states elsewhere, and the Targets block sorts those out)."""
        if self.match is None:
            return []
        notes = []
        for t in self.match.targets_changed:
            fa, fb = t.get("a"), t.get("b")
            if both_years and (fa is None or fb is None):
                continue
            figures = f"{figure(fa) or '—'} → {figure(fb) or '—'}"
            name = str(t.get("name") or "")
            notes.append(
                f"{name}: {figures}" if t.get("indicator") or len(name.split()) >= 3 else figures
            )
        return notes

    @property
    def lead_note(self) -> str:
        if self.match is None:
            return ", ".join(self.agencies)
        lc = self.match.lead_units
        if lc.primary_changed:
            return f"{lc.primary_a or '—'} → {lc.primary_b or '—'}"
        return agency_delta(
            lc,
            lambda names: _("supporting %(names)s", names=names),
            lambda kind, names: (
                (_("Promoted to lead:") if kind == "promoted" else _("Now supporting:"))
                + f" {names}"
            ),
        )


def redline_html(match: Match | None, side: str) -> Markup:
    """One side of a match's word-level redline: A shows deletions, B shows insertions."""
    if match is None or not match.redline:
        return Markup("")
    parts = []
    for op, text in match.redline:
        if op is RedlineOp.EQUAL:
            parts.append(escape(text))
        elif op is RedlineOp.DELETE and side == "a":
            parts.append(Markup("<del>%s</del>") % text)
        elif op is RedlineOp.INSERT and side == "b":
            parts.append(Markup("<ins>%s</ins>") % text)
    return Markup("").join(parts)


def _plain(units: list[Unit]) -> Markup:
    return Markup("<br>").join(escape(u.text) for u in units)


def compare_rows(comp: Comparison, threads: Mapping[tuple[int, str], str]) -> list[Row]:
    """Aligned rows in B's document order (dropped A units inserted after their A neighbour)."""
    ua, ub = comp.doc_a.by_key(), comp.doc_b.by_key()
    ya, yb = comp.doc_a.year or 0, comp.doc_b.year or 0
    pos_a = {u.key: i for i, u in enumerate(comp.doc_a.units)}
    pos_b = {u.key: i for i, u in enumerate(comp.doc_b.units)}
    rows: list[tuple[tuple[float, float], Row]] = []
    for m in comp.matches:
        a_units = [ua[k] for k in m.a if k in ua]
        b_units = [ub[k] for k in m.b if k in ub]
        # supporting agencies count too: an item whose text stayed while an agency joined or left
        # its support, or moved between support and lead, is an agency change an analyst reports
        tags = set(entry_tags(m.kind.value, m.moved, m.lead_units.changed))
        if m.boilerplate:
            tags.add("boilerplate")
        has_redline = bool(m.redline) and m.kind.value != "unchanged"
        side_a = Side(a_units, ya, redline_html(m, "a") if has_redline else _plain(a_units))
        side_b = Side(b_units, yb, redline_html(m, "b") if has_redline else _plain(b_units))
        if due_changed(side_a.due, side_b.due, comp.doc_a.year, comp.doc_b.year):
            tags.add("due")  # a deadline moved, set or lifted: shown, never folded away
        row = Row(
            kind=m.kind.value,
            tags=tags,
            a=side_a,
            b=side_b,
            match=m,
            agencies=_row_agencies(a_units + b_units),
            thread_id=_first_thread(threads, yb, m.b) or _first_thread(threads, ya, m.a),
            grade=m.grade.value,
            confidence=m.confidence.value,
            boilerplate=m.boilerplate,
        )
        if m.moved and a_units and b_units:
            row.extra["moved"] = (_parent_caption(ua, a_units[0]), _parent_caption(ub, b_units[0]))
        if m.decided is not None:
            row.extra["decided"] = m.decided.value
        if m.boilerplate:
            row.extra["boilerplate"] = True
        key = min(pos_b.get(k, 0) for k in m.b) if m.b else 0
        rows.append(((key, 0), row))
    for k in comp.new:
        u = ub[k]
        row = Row("new", {"new"}, None, Side([u], yb, _plain([u])), None,
                  _row_agencies([u]), _first_thread(threads, yb, (k,)))  # fmt: skip
        if k in comp.boilerplate_b:
            row.extra["boilerplate"] = True
        rows.append(((pos_b[k], 0), row))
    # a dropped unit sits just after the B position of its nearest matched predecessor in A
    a_to_b = {ka: min(pos_b.get(kb, 0) for kb in m.b) for m in comp.matches for ka in m.a if m.b}
    for k in comp.dropped:
        u = ua[k]
        anchor = -1.0
        for prev in reversed(comp.doc_a.units[: pos_a[k]]):
            if prev.key in a_to_b:
                anchor = a_to_b[prev.key]
                break
        row = Row("dropped", {"dropped"}, Side([u], ya, _plain([u])), None, None,
                  _row_agencies([u]), _first_thread(threads, ya, (k,)))  # fmt: skip
        if k in comp.boilerplate_a:
            row.extra["boilerplate"] = True
        rows.append(((anchor + 0.5, pos_a[k] / 1e6), row))
    ordered = [r for _, r in sorted(rows, key=lambda kv: kv[0])]
    _place(comp, ordered)
    return ordered


def _place(comp: Comparison, ordered: list[Row]) -> None:
    """Number the rows, say where each sits in both years, and mark boilerplate and sections."""
    lang = language(comp)
    num_a, num_b = Numbering(comp.doc_a, lang), Numbering(comp.doc_b, lang)
    bp_a, bp_b = set(comp.boilerplate_a), set(comp.boilerplate_b)
    ua, ub = comp.doc_a.by_key(), comp.doc_b.by_key()
    moves = rank_moves(comp)
    for i, r in enumerate(ordered):
        r.index = i
        if r.match is not None and r.match.a and r.match.b:
            note = moves.get((r.match.a[0], r.match.b[0]))
            if note:
                r.extra["rank_move"] = note
        na = " + ".join(_number(num_a, u) for u in r.a.units) if r.a else ""
        nb = " + ".join(_number(num_b, u) for u in r.b.units) if r.b else ""
        r.where = f"{na} → {nb}".strip()
        if r.match is None and (
            (r.a and any(u.key in bp_a for u in r.a.units))
            or (r.b and any(u.key in bp_b for u in r.b.units))
        ):
            r.boilerplate = True
            r.tags.add("boilerplate")
        side, units = (r.b, ub) if r.b else (r.a, ua)
        if side and side.units:
            top = _top_section(units, side.units[0])
            if top is not None:
                r.section, r.section_label = top.key, _caption(top, 30)


def _number(numbering: Numbering, unit: Unit) -> str:
    """The printed path; a bare Chinese section number keeps its 、 (一 alone reads as a dash)."""
    n = numbering.number(unit.key)
    return f"{n}、" if numbering.lang == "zh" and unit.kind.value == "section" else n


def _top_section(units: Mapping[str, Unit], unit: Unit) -> Unit | None:
    top = None
    cur: Unit | None = unit
    while cur is not None:
        if cur.kind.value == "section":
            top = cur
        cur = units.get(cur.parent) if cur.parent else None
    return top


def _parent_caption(units: Mapping[str, Unit], unit: Unit) -> str:
    """Where a unit sits: its parent's number and headline (for "moved from … to …"); "" at the
    top level, which the template words in the reader's language (rows are cached across
    requests, so nothing translated may be stored in them)."""
    parent = units.get(unit.parent) if unit.parent else None
    if parent is None:
        return ""
    return _caption(parent, 24)


def _row_agencies(units: list[Unit]) -> list[str]:
    seen: dict[str, None] = {}
    for u in units:
        for name in u.lead_units:
            seen.setdefault(name, None)
    return list(seen)


def _first_thread(threads: Mapping[tuple[int, str], str], year: int, keys: Any) -> str | None:
    for k in keys:
        if (year, k) in threads:
            return threads[(year, k)]
    return None


def _rows_key(
    info: archive.SeriesInfo, a: int, b: int, va: int | None, vb: int | None
) -> tuple[Any, ...]:
    return (
        "compare",
        info.slug,
        a,
        va or _current_version(info, a),
        b,
        vb or _current_version(info, b),
        _versions_key(info),
    )


def _comparison_rows(
    info: archive.SeriesInfo, a: int, b: int, va: int | None, vb: int | None
) -> tuple[Comparison, list[Row]]:
    """The comparison of two stored versions and its aligned rows, memoised: both versions are
    immutable, so the key is the pair of resolved version numbers (and the series' current
    versions, which decide the thread links)."""
    key = _rows_key(info, a, b, va, vb)

    def compute() -> tuple[Comparison, list[Row]]:
        comp = _comparison(info, a, b, va, vb)
        return comp, compare_rows(comp, _thread_ids(info))

    result: tuple[Comparison, list[Row]] = _memo(key, compute)
    return result


def _parse_kinds() -> tuple[frozenset[str], bool]:
    """The ``kind`` filter from the query (repeated or comma-separated); (kinds, explicit?)."""
    raw = [p for v in request.args.getlist("kind") for p in v.split(",") if p]
    chosen = frozenset(k for k in raw if k in KINDS)
    return (chosen, True) if chosen else (DEFAULT_KINDS, False)


@bp.route("/s/<series>/compare/<int:a>..<int:b>")
def compare(series: str, a: int, b: int) -> Any:
    info = archive.get_series(get_session(), series)
    va, vb = _int_arg("va"), _int_arg("vb")
    # the rendered page is kept too: rendering hundreds of rows (redlines, badges, details) cost
    # ~60-130 ms a view, the comparison itself is already memoised; the data key covers the
    # versions and the decisions shown, page_cache_key the series' title and issuer, the path
    # every filter
    key = page_cache_key(info, _rows_key(info, a, b, va, vb))
    return cached_page(key, lambda: _render_compare(info, series, a, b, va, vb))


def _render_compare(
    info: archive.SeriesInfo, series: str, a: int, b: int, va: int | None, vb: int | None
) -> str:
    comp, rows = _comparison_rows(info, a, b, va, vb)
    kinds, explicit = _parse_kinds()
    agency = request.args.get("agency") or ""
    boilerplate = request.args.get("boilerplate") == "1"

    def agency_ok(r: Any) -> bool:
        return not agency or agency in r.agencies

    def passes(r: Any) -> bool:
        return bool(r.tags & kinds) and agency_ok(r) and (boilerplate or not r.boilerplate)

    runs, run_of = quiet_runs(rows, boilerplate_shown=boilerplate)
    view = run_view(rows, runs, run_of, passes, agency_ok, explicit=explicit)
    summary = comp.summary
    content = [r for r in rows if not r.boilerplate]
    counts = {
        k: summary.get(k, 0) if k in SUMMARY_CHIPS else sum(1 for r in content if k in r.tags)
        for k in KINDS
    }
    n_boilerplate = sum(1 for r in rows if r.boilerplate)
    all_agencies = sorted({n for r in rows for n in r.agencies})
    toc_entries = toc(rows)
    base_args: dict[str, Any] = {"va": va, "vb": vb, "boilerplate": "1" if boilerplate else None}
    html: str = render_template(
        "site/compare.html",
        info=info,
        comp=comp,
        a=a,
        b=b,
        va=va,
        vb=vb,
        rows=rows,
        shown=view.shown,
        n_visible=view.n_visible,
        runs=runs,
        run_of=run_of,
        live_runs=view.live,
        open_runs=view.open,
        kinds=kinds,
        explicit=explicit,
        agency=agency,
        all_agencies=all_agencies,
        counts=counts,
        summary=summary,
        boilerplate=boilerplate,
        n_boilerplate=n_boilerplate,
        boilerplate_url=_toggle_url(request.args, "boilerplate"),
        chip_url=lambda k: _chip_url(series, a, b, base_args, kinds, explicit, k, agency),
        chip_title=chip_title,
        grade_word=grade_word,
        moved_words=moved_words,
        digest=digest(comp, rows),
        toc=toc_entries,
        toc_index={
            key: i for i, key in enumerate(dict.fromkeys(r.section for r in rows if r.section))
        },
        years=_series_years(info),
        export_url=lambda fmt: _export_url(
            series, a, b, fmt, base_args, kinds if explicit else frozenset(), agency
        ),
        kind_order=KINDS,
        kind_words={k: kind_label(k) for k in KINDS},
        **review_context(series, a, b, comp),
    )
    return html


def _toggle_url(args: Mapping[str, Any], name: str) -> str:
    """This page's URL with the flag ``name=1`` toggled, every other argument kept."""
    pairs = [(k, v) for k in args for v in request.args.getlist(k) if k != name]
    if request.args.get(name) != "1":
        pairs.append((name, "1"))
    return f"{request.path}?{urlencode(pairs)}" if pairs else request.path


def _chip_url(
    series: str,
    a: int,
    b: int,
    base: Mapping[str, Any],
    kinds: frozenset[str],
    explicit: bool,
    toggle: str,
    agency: str,
) -> str:
    """The URL a filter chip leads to: its kind toggled in (or out of) the current selection."""
    current = set(kinds) if explicit else set()
    current ^= {toggle}
    args: list[tuple[str, Any]] = [(k, v) for k, v in base.items() if v is not None]
    args += [("kind", k) for k in KINDS if k in current]
    if agency:
        args.append(("agency", agency))
    url = url_for("site.compare", series=series, a=a, b=b)
    return f"{url}?{urlencode(args)}" if args else url


def _export_url(
    series: str,
    a: int,
    b: int,
    fmt: str,
    base: Mapping[str, Any],
    kinds: frozenset[str] = frozenset(),
    agency: str = "",
) -> str | None:
    """The download of what the page shows: its versions and its kind/agency filters."""
    path = url_for("site.compare", series=series, a=a, b=b) + f".{fmt}"
    args: list[tuple[str, Any]] = [(k, v) for k, v in base.items() if v is not None]
    args += [("kind", k) for k in KINDS if k in kinds]
    if agency:
        args.append(("agency", agency))
    return f"{path}?{urlencode(args)}" if args else path
