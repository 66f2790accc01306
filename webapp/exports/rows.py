"""The change register shared by every export: one row per entry, plus provenance and agency counts.

Every format (csv, xlsx, docx, md, html, text) is built from :func:`register`, so they all carry
the same entries in the same order as the Comparison JSON: the matches, then ``new``, then
``dropped``. Labels follow the compared documents' language (Chinese or English).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from comparison import Comparison, LeadChange, PlanDocument, RedlineOp, Timeline, Unit, UnitKind
from webapp.exports.labels import (  # noqa: F401  (re-exported for the format modules)
    KIND_FILLS,
    KIND_INKS,
    STATUS_FILLS,
    label,
    label_keys,
)

DASH = "—"

# Kinds of register entries, in the order a report presents them.
KINDS = ("new", "changed", "dropped", "split", "merged", "restructured", "unchanged")


def language(comparison: Comparison) -> str:
    """The plans' language: how units are numbered (一、 or 1.)."""
    return "zh" if "zh" in (comparison.doc_a.language, comparison.doc_b.language) else "en"


# Where a report asked for in a given language carries it (Comparison.info_a, like VIEW_KEY;
# a timeline's info): the words of headers, sheet names and the summary, not the numbering.
LANG_KEY = "export_language"
REPORT_LANGUAGES = ("zh", "en")


def label_language(comparison: Comparison) -> str:
    """The language of the report's own words: the one asked for, else the plans'."""
    asked = comparison.info_a.get(LANG_KEY)
    return asked if asked in REPORT_LANGUAGES else language(comparison)


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- one side of an entry ---------------------------------------------------------------


_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|(?<=[.:]) ")


def _headline(unit: Unit) -> str:
    """The unit's headline sentence, else the first sentence of its text (capped)."""
    if any(c.isalnum() for c in unit.title):  # a title of bare punctuation is no headline
        return " ".join(unit.title.split())
    text = " ".join(unit.text.split()).lstrip(":：;；,，.。、 ")
    first = _SENTENCE_END.split(text, maxsplit=1)[0].strip() or text
    limit = 40 if any("\u4e00" <= c <= "\u9fff" for c in first[:10]) else 90
    return first if len(first) <= limit else first[:limit].rstrip() + "…"


def _own_number(unit: Unit, lang: str, ordinal: int) -> str:
    if not unit.label:
        return f"第{ordinal}段" if lang == "zh" else f"¶{ordinal}"
    if lang != "zh":
        return unit.label
    if unit.kind is UnitKind.TASK:
        return f"（{unit.label}）"
    if unit.kind is UnitKind.ITEM and unit.label.isascii():
        return f"{unit.label}."
    return unit.label


class Numbering:
    """Printed number paths (``三（二）1.``, ``2.1``), with ``¶n`` for unnumbered paragraphs."""

    def __init__(self, doc: PlanDocument, lang: str) -> None:
        self.units = doc.by_key()
        self.lang = lang
        self._ordinal: dict[str, int] = {}
        seen: Counter[str | None] = Counter()
        for u in doc.units:
            if not u.label:
                seen[u.parent] += 1
                self._ordinal[u.key] = seen[u.parent]
        self._cache: dict[str, str] = {}

    def number(self, key: str) -> str:
        if key in self._cache:
            return self._cache[key]
        unit = self.units.get(key)
        if unit is None:
            return key
        own = _own_number(unit, self.lang, self._ordinal.get(key, 0))
        parent_unit = self.units.get(unit.parent) if unit.parent is not None else None
        parent = self.number(parent_unit.key) if parent_unit is not None else ""
        sep = ""
        if (
            parent_unit is not None
            and self.lang == "zh"
            and parent_unit.kind is UnitKind.SECTION
            and not own.startswith("（")
        ):
            sep = "、"
        elif parent and self.lang != "zh" and not own.startswith("¶"):
            sep = "."
        if self.lang != "zh" and "." in unit.label:  # "2.1" already carries its path
            parent, sep = "", ""
        value = f"{parent}{sep}{own}" if parent else own
        self._cache[key] = value
        return value


@dataclass(frozen=True)
class Side:
    """The units of one document taking part in an entry (several for a split or merge)."""

    keys: tuple[str, ...]
    numbers: tuple[str, ...]
    headlines: tuple[str, ...]
    leads: tuple[str, ...]
    text: str
    supports: tuple[str, ...] = ()  # supporting agencies (配合单位), printed order
    due: str = ""  # the deadline as printed (完成时限), its units' joined with "; "

    @property
    def key(self) -> str:
        return "; ".join(self.keys)

    @property
    def number(self) -> str:
        return "; ".join(self.numbers)

    @property
    def headline(self) -> str:
        return " / ".join(h for h in self.headlines if h)


EMPTY_SIDE = Side((), (), (), (), "")


def _side(numbering: Numbering, keys: Iterable[str]) -> Side:
    keys = tuple(keys)
    units = [numbering.units[k] for k in keys if k in numbering.units]
    leads: list[str] = []
    supports: list[str] = []
    for u in units:
        leads.extend(x for x in u.lead_units if x not in leads)
        supports.extend(x for x in u.support_units if x not in supports)
    return Side(
        keys=keys,
        numbers=tuple(numbering.number(k) for k in keys),
        headlines=tuple(_headline(u) for u in units),
        leads=tuple(leads),
        text="\n".join(u.text for u in units),
        supports=tuple(supports),
        due=joined_due(units),
    )


def joined_due(units: Iterable[Unit]) -> str:
    """The deadlines of ``units`` as printed, each once, joined with ``"; "`` ("" for none)."""
    dues: list[str] = []
    for u in units:
        if u.due and u.due not in dues:
            dues.append(u.due)
    return "; ".join(dues)


_YEAR_IN_DUE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def due_changed(a: str, b: str, year_a: int | None = None, year_b: int | None = None) -> bool:
    """A continuing entry's deadline changed: moved, set (only B prints one) or lifted.

    Annual plans restate a recurring task's deadline a year on (2024年12月底 in the 2024 plan,
    2025年12月底 in the 2025 plan): the same deadline relative to each plan's year is no change.

    >>> due_changed("2024年12月底", "2025年12月底", 2024, 2025)
    False
    >>> due_changed("2024年12月底", "2025年6月底", 2024, 2025), due_changed("", "2025年底")
    (True, True)
    """
    if a == b:
        return False
    if not (a and b) or year_a is None or year_b is None:
        return True

    def relative(text: str, year: int) -> str:
        return _YEAR_IN_DUE.sub(lambda m: f"Y{int(m.group(1)) - year:+d}", text)

    return relative(a, year_a) != relative(b, year_b)


# --- the register -------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeRow:
    """One entry of the comparison: a match, a new unit of B or a dropped unit of A."""

    kind: str  # new | dropped | unchanged | changed | split | merged
    moved: bool
    a: Side
    b: Side
    similarity: float | None
    change_ratio: float | None
    leads_added: tuple[str, ...]
    leads_removed: tuple[str, ...]
    primary_a: str | None
    primary_b: str | None
    primary_changed: bool
    redline: tuple[tuple[RedlineOp, str], ...]
    match_index: int | None  # position in ``comparison.matches``
    support_added: tuple[str, ...] = ()  # supporting agencies (an agency promoted to lead or
    support_removed: tuple[str, ...] = ()  # demoted to support is a lead added or removed)
    promoted: tuple[str, ...] = ()  # supporting in A, lead in B (also in leads_added)
    demoted: tuple[str, ...] = ()  # lead in A, supporting in B (also in leads_removed)

    @property
    def primary_change(self) -> str:
        if not self.primary_changed:
            return ""
        return f"{self.primary_a or DASH} → {self.primary_b or DASH}"

    @property
    def agencies(self) -> LeadChange:
        """The row's agency changes as the engine states them (one-sided rows: all added, or
        all removed)."""
        return LeadChange(
            added=self.leads_added,
            removed=self.leads_removed,
            primary_changed=self.primary_changed,
            primary_a=self.primary_a,
            primary_b=self.primary_b,
            support_added=self.support_added,
            support_removed=self.support_removed,
            promoted=self.promoted,
            demoted=self.demoted,
        )

    @property
    def has_lead_change(self) -> bool:
        """Any agency change (:attr:`LeadChange.changed`) of a continuing entry: the compare
        page's "lead change" rows. A new or dropped entry's agencies arrive or leave with it
        (its columns say which); it is new or dropped, not an agency change."""
        return self.kind not in ("new", "dropped") and self.agencies.changed

    @property
    def has_changes(self) -> bool:
        return any(op is not RedlineOp.EQUAL for op, _ in self.redline)

    @property
    def tags(self) -> frozenset[str]:
        """The compare page's filter words this entry answers to (see :class:`ViewFilter`)."""
        return entry_tags(self.kind, self.moved, self.has_lead_change)

    def redline_text(self) -> str:
        """Plain-text redline: ``[-deleted-]`` and ``{+inserted+}``; new/dropped give their text."""
        if self.kind == "new":
            return self.b.text
        if self.kind == "dropped":
            return self.a.text
        if not self.redline:
            return self.b.text
        return plain_redline(self.redline)


def plain_redline(redline: Iterable[tuple[RedlineOp, str]]) -> str:
    out = []
    for op, text in redline:
        if op is RedlineOp.DELETE:
            out.append(f"[-{text}-]")
        elif op is RedlineOp.INSERT:
            out.append(f"{{+{text}+}}")
        else:
            out.append(text)
    return "".join(out)


def entry_tags(kind: str, moved: bool, lead_change: bool) -> frozenset[str]:
    """Filter words of an entry: its kind, ``moved`` and ``lead`` (lead agencies changed).

    Exactly one kind word, as Comparison.summary counts each match under one kind (issue 8.5):
    the ``changed`` chip says 71 and ``kind=changed`` shows (and downloads) those 71, while
    split, merged and restructured entries have their own chips."""
    tags = {kind}
    if moved:
        tags.add("moved")
    if lead_change:
        tags.add("lead")
    return frozenset(tags)


VIEW_KEY = "view_filter"  # where a filtered download carries its filter (Comparison.info_a)


@dataclass(frozen=True)
class ViewFilter:
    """The compare page's filters applied to a download: kinds (empty: all) and one agency."""

    kinds: frozenset[str] = frozenset()
    agency: str = ""

    @property
    def active(self) -> bool:
        return bool(self.kinds or self.agency)

    def keeps(self, tags: frozenset[str], agencies: Iterable[str]) -> bool:
        if self.kinds and not (tags & self.kinds):
            return False
        return not self.agency or self.agency in set(agencies)

    def keeps_row(self, row: ChangeRow) -> bool:
        return self.keeps(row.tags, (*row.a.leads, *row.b.leads))

    def describe(self, lang: str) -> str:
        """``kind: new, changed; agency: 市民政局`` in the report's language."""
        parts = []
        if self.kinds:
            words = [label("lead_change" if k == "lead" else k, lang) for k in sorted(self.kinds)]
            parts.append(f"{label('kind', lang)}: {', '.join(words)}")
        if self.agency:
            parts.append(f"{label('agencies', lang)}: {self.agency}")
        note = label("filter_note", lang)
        return "; ".join(parts) + f" ({note})"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": sorted(self.kinds), "agency": self.agency or None}


def view_of(comparison: Comparison) -> ViewFilter | None:
    view = comparison.info_a.get(VIEW_KEY)
    return view if isinstance(view, ViewFilter) and view.active else None


def register(comparison: Comparison) -> list[ChangeRow]:
    """All entries in Comparison-JSON order: matches, then new, then dropped."""
    lang = language(comparison)  # numbering follows the plans, whatever the report's language
    num_a = Numbering(comparison.doc_a, lang)
    num_b = Numbering(comparison.doc_b, lang)
    rows: list[ChangeRow] = []
    for i, m in enumerate(comparison.matches):
        a = _side(num_a, m.a)
        b = _side(num_b, m.b)
        lc = m.lead_units
        rows.append(
            ChangeRow(
                kind=m.kind.value,
                moved=m.moved,
                a=a,
                b=b,
                similarity=m.score,
                change_ratio=m.change_ratio,
                leads_added=lc.added,
                leads_removed=lc.removed,
                primary_a=lc.primary_a if lc.primary_a is not None else (a.leads or (None,))[0],
                primary_b=lc.primary_b if lc.primary_b is not None else (b.leads or (None,))[0],
                primary_changed=lc.primary_changed,
                redline=m.redline,
                match_index=i,
                support_added=lc.support_added,
                support_removed=lc.support_removed,
                promoted=lc.promoted,
                demoted=lc.demoted,
            )
        )
    for key in comparison.new:
        b = _side(num_b, [key])
        rows.append(_one_sided("new", EMPTY_SIDE, b))
    for key in comparison.dropped:
        a = _side(num_a, [key])
        rows.append(_one_sided("dropped", a, EMPTY_SIDE))
    view = view_of(comparison)
    return [r for r in rows if view.keeps_row(r)] if view else rows


def _one_sided(kind: str, a: Side, b: Side) -> ChangeRow:
    return ChangeRow(
        kind=kind,
        moved=False,
        a=a,
        b=b,
        similarity=None,
        change_ratio=None,
        leads_added=b.leads,
        leads_removed=a.leads,
        primary_a=(a.leads or (None,))[0],
        primary_b=(b.leads or (None,))[0],
        primary_changed=False,
        redline=(),
        match_index=None,
        support_added=b.supports,  # as the leads: a new unit's agencies all arrive, a dropped
        support_removed=a.supports,  # one's all leave
    )


# The flat table: csv, the xlsx Changes sheet, and the registers of docx/md/html/text.
COLUMNS = (
    "kind",
    "moved",
    "a_key",
    "a_number",
    "a_headline",
    "b_key",
    "b_number",
    "b_headline",
    "similarity",
    "change_ratio",
    "leads_a",
    "leads_b",
    "leads_added",
    "leads_removed",
    "primary_change",
    "redline",
    "a_text",
    "b_text",
    # additive (issue 12): supporting agencies, after the columns readers already address
    "support_a",
    "support_b",
    "support_added",
    "support_removed",
    # additive: a change of role, which the columns above count as a lead added and a
    # supporting agency removed (or the reverse), named as such
    "promoted",
    "demoted",
    # additive: the deadline as each year prints it (完成时限, Target date)
    "due_a",
    "due_b",
)

LIST_SEP = "、"


# columns that list agency names, joined with LIST_SEP
_NAME_LISTS: dict[str, Callable[[ChangeRow], tuple[str, ...]]] = {
    "leads_a": lambda r: r.a.leads,
    "leads_b": lambda r: r.b.leads,
    "leads_added": lambda r: r.leads_added,
    "leads_removed": lambda r: r.leads_removed,
    "support_a": lambda r: r.a.supports,
    "support_b": lambda r: r.b.supports,
    "support_added": lambda r: r.support_added,
    "support_removed": lambda r: r.support_removed,
    "promoted": lambda r: r.promoted,
    "demoted": lambda r: r.demoted,
}


def cell(row: ChangeRow, column: str, lang: str) -> Any:
    """The value of ``column`` for ``row``: str, float (0..1) or None."""
    names = _NAME_LISTS.get(column)
    if names is not None:
        return LIST_SEP.join(names(row))
    match column:
        case "kind":
            return label(row.kind, lang)
        case "moved":
            return label("yes", lang) if row.moved else ""
        case "a_key":
            return row.a.key
        case "a_number":
            return row.a.number
        case "a_headline":
            return row.a.headline
        case "b_key":
            return row.b.key
        case "b_number":
            return row.b.number
        case "b_headline":
            return row.b.headline
        case "similarity":
            return None if row.similarity is None else round(row.similarity, 4)
        case "change_ratio":
            return None if row.change_ratio is None else round(row.change_ratio, 4)
        case "primary_change":
            return row.primary_change
        case "redline":
            return row.redline_text()
        case "a_text":
            return row.a.text
        case "b_text":
            return row.b.text
        case "due_a":
            return row.a.due
        case "due_b":
            return row.b.due
    raise KeyError(column)


def headers(lang: str) -> list[str]:
    return [label(c, lang) for c in COLUMNS]


def register_headers(lang: str, last: str) -> list[str]:
    """The short register's headings (docx, Markdown): #, kind, both sides, similarity, ``last``."""
    keys = ("kind", "a_number", "a_headline", "b_number", "b_headline", "similarity", last)
    return ["#", *(label(k, lang) for k in keys)]


def kind_from_label(text: str) -> str:
    """Inverse of the kind label (for readers and tests)."""
    for key in (*KINDS, "moved"):
        if text in label_keys(key):
            return key
    raise KeyError(text)


def summary_rows(comparison: Comparison, lang: str) -> list[tuple[str, str, int]]:
    """(key, label, count) for the contract's summary keys, in report order."""
    s = comparison.summary
    order = ("new", "changed", "dropped", "split", "merged", "restructured", "moved", "unchanged")
    return [(k, label(k, lang), int(s.get(k, 0))) for k in order]


# --- provenance -----------------------------------------------------------------------------


def _value(v: Any) -> str:
    if v is None or v == "":
        return DASH
    return str(v)


@dataclass(frozen=True)
class Provenance:
    series: str
    series_title: str
    rows: tuple[tuple[str, str, str], ...]  # (label, A value, B value)
    engine_version: str
    generated_at: str
    decisions: str = ""  # "2 (alice, bob)" when analysts' decisions exist for the pair

    def pairs(self, lang: str) -> list[tuple[str, str]]:
        """Flat (label, value) pairs for formats that list provenance line by line."""
        out = [(label("series", lang), self.series_title)]
        for name, va, vb in self.rows:
            out.append((f"{name} A", va))
            out.append((f"{name} B", vb))
        out.append((label("engine_version", lang), self.engine_version))
        if self.decisions:
            out.append((label("decisions", lang), self.decisions))
        out.append((label("generated_at", lang), self.generated_at))
        return out


def _doc_fields(doc: PlanDocument, info: Mapping[str, Any]) -> dict[str, str]:
    return {
        "doc_title": _value(doc.title),
        "year": _value(info.get("year", doc.year)),
        "version": _value(info.get("version")),
        "sha256": _value(info.get("sha256")),
        "filename": _value(info.get("filename")),
    }


def decisions_line(info: Mapping[str, Any] | None, lang: str) -> str:
    """How many analysts' decisions were applied and by whom ('' when there are none at all):
    ``2 (alice, bob)``, plus the stale ones left for review."""
    if not info:
        return ""
    n, users, stale = int(info.get("applied", 0)), list(info.get("by") or ()), info.get("stale")
    sep = "、" if lang == "zh" else ", "
    text = f"{n} ({sep.join(users)})" if users else str(n)
    if stale:
        text += f"; {stale} 项待复核(文本已变)" if lang == "zh" else f"; {stale} stale, for review"
    return text


def provenance(comparison: Comparison, generated_at: datetime, lang: str) -> Provenance:
    ia, ib = comparison.info_a, comparison.info_b
    series = str(ia.get("series") or ib.get("series") or "")
    series_title = str(ia.get("series_title") or ib.get("series_title") or "")
    if series and series_title and series_title != series:
        shown = f"{series_title} ({series})"
    else:
        shown = series_title or series or DASH
    fa = _doc_fields(comparison.doc_a, ia)
    fb = _doc_fields(comparison.doc_b, ib)
    fields = ("doc_title", "year", "version", "sha256", "filename")
    rows = tuple((label(k, lang), fa[k], fb[k]) for k in fields)
    view = view_of(comparison)
    if view:  # a filtered download says so wherever its provenance is printed
        rows += ((label("filter", lang), view.describe(lang), ""),)
    return Provenance(
        series=series,
        series_title=shown,
        rows=rows,
        engine_version=_value(comparison.engine_version),
        generated_at=iso(generated_at),
        decisions=decisions_line(ib.get("decisions") or ia.get("decisions"), lang),
    )


def year_of(comparison: Comparison, side: str) -> str:
    info = comparison.info_a if side == "a" else comparison.info_b
    doc = comparison.doc_a if side == "a" else comparison.doc_b
    year = info.get("year", doc.year)
    return DASH if year is None else str(year)


def heading(comparison: Comparison, lang: str) -> str:
    """The report's subject line: series (or document title) and the two years."""
    ia, ib = comparison.info_a, comparison.info_b
    name = str(
        ia.get("series_title")
        or ib.get("series_title")
        or comparison.doc_b.title
        or ia.get("series")
        or ib.get("series")
        or comparison.doc_a.title
        or ""
    )
    span = f"{year_of(comparison, 'a')} → {year_of(comparison, 'b')}"
    return f"{name} {span}".strip()


def timeline_heading(timeline: Timeline, info: Mapping[str, Any]) -> tuple[str, str]:
    """A timeline report's series name, and its subject line: the series and its year span."""
    series = str(info.get("series_title") or info.get("title") or info.get("series") or DASH)
    years = timeline.years
    span = f"{years[0]}–{years[-1]}" if years else ""
    return series, f"{series} {span}".strip()


# --- agencies ------------------------------------------------------------------------------

AGENCY_COLUMNS = (
    "led_a",
    "led_b",
    "gained",
    "lost",
    "on_new",
    "on_dropped",
    "primary_a",
    "primary_b",
    "supported_a",  # supporting agency (配合单位) on items in A
    "supported_b",
)


def agency_table(comparison: Comparison, rows: list[ChangeRow]) -> list[tuple[str, dict[str, int]]]:
    """Per agency: items led in A and B, gained/lost on continuing items, on new/dropped items,
    primary-lead counts, and items it supports (配合单位) in A and B. Sorted by items led in B,
    then A, then name."""
    stats: dict[str, Counter[str]] = {}

    def bump(name: str, col: str) -> None:
        stats.setdefault(name, Counter())[col] += 1

    for doc, led, primary, supported in (
        (comparison.doc_a, "led_a", "primary_a", "supported_a"),
        (comparison.doc_b, "led_b", "primary_b", "supported_b"),
    ):
        for u in doc.units:
            for i, name in enumerate(u.lead_units):
                bump(name, led)
                if i == 0:
                    bump(name, primary)
            for name in u.support_units:
                bump(name, supported)
    for r in rows:
        if r.kind == "new":
            for name in r.b.leads:
                bump(name, "on_new")
        elif r.kind == "dropped":
            for name in r.a.leads:
                bump(name, "on_dropped")
        else:
            for name in r.leads_added:
                bump(name, "gained")
            for name in r.leads_removed:
                bump(name, "lost")
    table = [(name, {c: c_stats[c] for c in AGENCY_COLUMNS}) for name, c_stats in stats.items()]
    table.sort(key=lambda t: (-t[1]["led_b"], -t[1]["led_a"], t[0]))
    return table


# --- report sections ---------------------------------------------------------------------

SECTIONS = ("new", "changed", "dropped", "split", "merged", "restructured", "moved")


def sections(rows: list[ChangeRow]) -> list[tuple[str, list[ChangeRow]]]:
    """Entries grouped for a report, in reading order: new, changed, dropped, split, merged,
    then entries whose text is unchanged but that moved or changed lead agencies ("moved").
    Other unchanged entries appear only in the register."""
    groups: dict[str, list[ChangeRow]] = {k: [] for k in SECTIONS}
    for r in rows:
        if r.kind == "unchanged":
            if r.moved or r.has_lead_change:
                groups["moved"].append(r)
        else:
            groups[r.kind].append(r)
    return [(k, groups[k]) for k in SECTIONS]


def plain_lead_changes(change: LeadChange) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The leads added and removed that are not a change of role: the engine counts an agency
    promoted from supporting to lead as a lead ``added`` too, and one demoted to supporting as a
    lead ``removed`` (the JSON keeps that); a reader listing the promoted and demoted ones
    under their own headings names each agency once."""
    promoted, demoted = set(change.promoted), set(change.demoted)
    return (
        tuple(n for n in change.added if n not in promoted),
        tuple(n for n in change.removed if n not in demoted),
    )


def agency_delta(
    change: LeadChange, supporting: Callable[[str], str], role: Callable[[str, str], str]
) -> str:
    """``+A −B`` for leads, then a change of role worded by ``role(kind, names)`` (kind
    ``"promoted"`` or ``"demoted"``), then the supporting agencies' ``+C −D`` worded by
    ``supporting`` (each face in its own language: gettext on the page, the report's language
    in exports). An agency that changed role is named once, under its change: the engine also
    counts it as a lead added or removed (never as a supporting agency added or removed)."""
    added, removed = plain_lead_changes(change)
    parts = [f"+{n}" for n in added] + [f"−{n}" for n in removed]
    for kind, names in (("promoted", change.promoted), ("demoted", change.demoted)):
        if names:
            parts.append(role(kind, LIST_SEP.join(names)))
    support = [f"+{n}" for n in change.support_added] + [f"−{n}" for n in change.support_removed]
    if support:
        parts.append(supporting(" ".join(support)))
    return " ".join(parts)


def lead_summary(row: ChangeRow, lang: str) -> str:
    """One line on lead-agency changes ("" when none)."""
    parts = []
    if row.kind in ("new", "dropped"):
        leads = row.b.leads if row.kind == "new" else row.a.leads
        return f"{label('agencies', lang)}: {LIST_SEP.join(leads)}" if leads else ""
    added, removed = plain_lead_changes(row.agencies)  # a change of role is said as such
    if added:
        parts.append("+ " + LIST_SEP.join(added))
    if removed:
        parts.append("− " + LIST_SEP.join(removed))
    if row.primary_changed:
        parts.append(f"{label('primary_change', lang)}: {row.primary_change}")
    if row.promoted:
        parts.append(f"{label('promoted', lang)}: " + LIST_SEP.join(row.promoted))
    if row.demoted:
        parts.append(f"{label('demoted', lang)}: " + LIST_SEP.join(row.demoted))
    if row.support_added:
        parts.append(f"{label('support_added', lang)}: " + LIST_SEP.join(row.support_added))
    if row.support_removed:
        parts.append(f"{label('support_removed', lang)}: " + LIST_SEP.join(row.support_removed))
    return f"{label('agencies', lang)}: " + "; ".join(parts) if parts else ""


def entry_title(row: ChangeRow) -> str:
    """``number headline`` of the entry's B side (A side for dropped entries)."""
    side = row.a if row.kind == "dropped" else row.b
    if row.kind == "merged" or not side.keys:
        side = row.b if row.b.keys else row.a
    return f"{side.number} {side.headline}".strip()


def entry_meta(row: ChangeRow, lang: str) -> str:
    """Where the entry sits in A and B, its similarity and text change, and whether it moved."""
    parts = []
    if row.a.keys:
        parts.append(f"A {row.a.number}")
    if row.b.keys:
        parts.append(f"B {row.b.number}")
    where = " → ".join(parts)
    extras = []
    if row.similarity is not None:
        extras.append(f"{label('similarity', lang)} {row.similarity:.2f}")
    if row.change_ratio is not None and row.kind != "unchanged":
        extras.append(f"{label('change_ratio', lang)} {row.change_ratio:.0%}")
    if row.moved:
        extras.append(label("moved", lang))
    return " · ".join([where, *extras]) if where else " · ".join(extras)
