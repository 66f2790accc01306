"""PlanDocument <-> unit rows: storing a parsed document's units, agencies (lead and
supporting) and due dates, and rebuilding exactly the same PlanDocument from them."""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from archive import models as m
from archive.sqlutil import insert_ignore
from comparison import PlanDocument, Unit, UnitKind


def store_units(session: Session, version: m.PlanVersion, doc: PlanDocument) -> None:
    names: dict[str, str] = {}
    for u in doc.units:
        for n in (*u.lead_units, *u.support_units):
            names.setdefault(agency_key(n), n)  # display name: as first printed
    agency_ids: dict[str, int] = {}
    if names:
        # sorted: concurrent imports then take the unique-key locks in one order (no deadlock)
        rows = [{"name": k, "display_name": names[k]} for k in sorted(names)]
        insert_ignore(session, m.Agency, rows, ["name"])
        found = session.execute(
            sa.select(m.Agency.name, m.Agency.id).where(m.Agency.name.in_(list(names)))
        )
        agency_ids = {name: aid for name, aid in found.all()}  # noqa: C416
    unit_rows = [
        {
            "version_id": version.id,
            "key": u.key,
            "parent_key": u.parent,
            "level": u.level,
            "kind": u.kind.value,
            "label": u.label,
            "title": u.title,
            "text": u.text,
            "position": i,
            "due": u.due,
        }
        for i, u in enumerate(doc.units)
    ]
    ids = session.scalars(
        sa.insert(m.Unit).returning(m.Unit.id, sort_by_parameter_order=True), unit_rows
    ).all()
    links = [
        {
            "unit_id": uid,
            "position": p,
            "agency_id": agency_ids[agency_key(n)],
            "printed": n,
            "role": "lead" if p < len(u.lead_units) else "support",
        }
        for uid, u in zip(ids, doc.units, strict=True)
        for p, n in enumerate((*u.lead_units, *u.support_units))
    ]
    if links:
        session.execute(sa.insert(m.UnitAgency), links)


_WIDTH = str.maketrans({"（": "(", "）": ")", "〔": "[", "〕": "]", "【": "[", "】": "]"})


def agency_key(name: str) -> str:
    """Normalised agency name: half-width brackets, no spaces."""
    return re.sub(r"\s+", "", name.translate(_WIDTH))


def unit_counts(session: Session, version_id: int) -> tuple[int, int]:
    kinds = session.scalars(sa.select(m.Unit.kind).where(m.Unit.version_id == version_id)).all()
    return len(kinds), sum(1 for k in kinds if k == UnitKind.ITEM.value)


def load_document(session: Session, version: m.PlanVersion) -> PlanDocument:
    """Rebuild the PlanDocument the parser produced, from the version's unit rows."""
    rows = session.scalars(
        sa.select(m.Unit)
        .where(m.Unit.version_id == version.id)
        .order_by(m.Unit.position)
        .options(selectinload(m.Unit.agencies))
    ).all()
    units = tuple(
        Unit(
            key=r.key,
            parent=r.parent_key,
            level=r.level,
            kind=UnitKind(r.kind),
            label=r.label,
            title=r.title,
            text=r.text,
            lead_units=tuple(a.printed for a in r.agencies if a.role != "support"),
            support_units=tuple(a.printed for a in r.agencies if a.role == "support"),
            due=r.due or "",
        )
        for r in rows
    )
    return PlanDocument(
        title=version.title,
        year=version.document_year,
        language=version.language,
        metadata=dict(version.metadata_),
        units=units,
        warnings=tuple(version.warnings),
    )
