"""Analysts' decisions on the compare page, and withdrawing a version from the plan page.

Plain HTML forms (CSRF-protected like every form; they work without JavaScript) post here;
each write needs a signed-in editor — anyone else gets 403 — and redirects back to the page with
its filters. Decisions are recorded through ``archive.record_decision`` (audited, append-only).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _

import archive
from comparison.result import Comparison
from webapp import auth
from webapp.db import get_session
from webapp.views.site import _caption, bp

ROW_ACTIONS = ("confirm", "reject", "link", "boilerplate_a", "boilerplate_b", "undo")
BULK_ACTIONS = ("confirm", "reject", "boilerplate")


def _editor() -> archive.User:
    user = auth.current_user()
    if not auth.has_role(user, "editor"):
        abort(403, description=_("Only editors can record decisions or withdraw versions."))
    assert user is not None
    return user


def _keys(name: str) -> tuple[str, ...]:
    return archive.decisions.parse_keys(request.form.get(name, ""))


def _version(name: str) -> int | None:
    raw = request.form.get(name) or ""
    return int(raw) if raw.isdigit() else None


def _back(default: str) -> str:
    """The compare page the form came from (same path, its filters kept); never another site."""
    target = request.form.get("back") or ""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith(default.split("?")[0]):
        return default
    return target


def _proposals(a: int, b: int, note: str) -> list[archive.Proposal]:
    form = request.form
    action = form.get("action") or ""
    if form.get("bulk"):
        bulk = form.get("bulk_action") or ""
        if bulk not in BULK_ACTIONS:
            abort(400, description=_("Choose what to do with the selected rows."))
        out = []
        for sel in form.getlist("sel"):
            ka, _sep, kb = sel.partition("|")
            keys_a = archive.decisions.parse_keys(ka)
            keys_b = archive.decisions.parse_keys(kb)
            if bulk == "boilerplate":
                if keys_a:
                    out.append(archive.Proposal(a, b, "boilerplate", keys_a, (), note))
                if keys_b:
                    out.append(archive.Proposal(a, b, "boilerplate", (), keys_b, note))
            elif keys_a and keys_b:  # confirm/reject apply to matched rows only
                out.append(archive.Proposal(a, b, bulk, keys_a, keys_b, note))
        if not out:
            abort(400, description=_("Select at least one matched row first."))
        return out
    if action not in ROW_ACTIONS:
        abort(400, description=_("Unknown review action."))
    keys_a, keys_b = _keys("a"), _keys("b")
    if action == "link":
        keys_a = (*keys_a, *_keys("add_a"))
        keys_b = (*keys_b, *_keys("add_b"))
    if action == "boilerplate_a":
        return [archive.Proposal(a, b, "boilerplate", keys_a, (), note)]
    if action == "boilerplate_b":
        return [archive.Proposal(a, b, "boilerplate", (), keys_b, note)]
    return [archive.Proposal(a, b, action, keys_a, keys_b, note)]


@bp.post("/s/<series>/compare/<int:a>..<int:b>/review")
def review(series: str, a: int, b: int) -> Any:
    user = _editor()
    page = url_for("site.compare", series=series, a=a, b=b)
    note = (request.form.get("note") or "").strip()
    session = get_session()
    try:
        if request.form.get("action") == "undo":
            undo = request.form.get("undo") or ""
            if not undo.isdigit():
                abort(400, description=_("Which decision should be undone?"))
            archive.undo_decision(
                session, series=series, decision_id=int(undo), user=user, note=note
            )
            made = 1
        else:
            proposals = _proposals(a, b, note)
            for p in proposals:
                archive.record_decision(
                    session,
                    series=series,
                    proposal=p,
                    user=user,
                    version_a=_version("va"),
                    version_b=_version("vb"),
                )
            made = len(proposals)
        session.commit()
    except archive.PermissionDenied as exc:
        session.rollback()
        abort(403, description=str(exc))
    except archive.NotFound:
        session.rollback()
        raise
    except archive.ArchiveError as exc:
        session.rollback()
        flash(_("Decision not recorded: %(why)s", why=str(exc)), "warning")
        return redirect(_back(page), code=303)
    g.pop("yearline_decisions_rev", None)
    flash(_("%(n)d decision(s) recorded.", n=made), "info")
    return redirect(_back(page), code=303)


@bp.post("/s/<series>/<int:year>/versions/<int:version>/withdraw")
def withdraw(series: str, year: int, version: int) -> Any:
    user = _editor()
    reason = (request.form.get("reason") or "").strip()
    page = url_for("site.plan", series=series, year=year)
    session = get_session()
    try:
        archive.withdraw_version(
            session, series=series, year=year, version=version, user=user, reason=reason
        )
        session.commit()
    except archive.NotFound:
        session.rollback()
        raise
    except archive.ArchiveError as exc:
        session.rollback()
        flash(_("Not withdrawn: %(why)s", why=str(exc)), "warning")
        return redirect(page, code=303)
    flash(_("Version %(v)d withdrawn.", v=version), "info")
    return redirect(page, code=303)


# --------------------------------------------------------------------------- compare page


def unit_choices(comp: Comparison) -> dict[str, list[tuple[str, str]]]:
    """(key, caption) of every unit of each side, for the "link to" inputs' datalists."""
    return {
        side: [(u.key, _caption(u, 40)) for u in doc.units]
        for side, doc in (("a", comp.doc_a), ("b", comp.doc_b))
    }


def review_context(series: str, a: int, b: int, comp: Comparison) -> dict[str, Any]:
    """What the compare template needs for decisions: the pair's decisions (with their status),
    and, for editors, the units to link to."""
    decisions = archive.list_decisions(get_session(), series=series, years=(a, b))
    editor = auth.has_role(auth.current_user(), "editor")
    swapped = a > b
    return {
        "decisions": [_oriented(d, swapped) for d in decisions],
        "n_stale": sum(1 for d in decisions if d.stale),
        "can_review": editor,
        "choices": unit_choices(comp) if editor else {"a": [], "b": []},
        "review_url": url_for("site.review", series=series, a=a, b=b),
        "back_url": request.full_path if request.query_string else request.path,
        "decided_word": {
            "confirmed": _("confirmed by an analyst"),
            "linked": _("linked by an analyst"),
        },
    }


def _oriented(d: archive.DecisionInfo, swapped: bool) -> dict[str, Any]:
    """A decision as the page shows it: sides in the page's order (A is the page's left)."""
    row = d.as_dict()
    if swapped:
        row["a"], row["b"] = row["b"], row["a"]
        row["side"] = {"a": "b", "b": "a"}.get(row["side"] or "")
    row["status_word"] = STATUS_WORDS.get(d.status, d.status)
    row["action_word"] = ACTION_WORDS.get(d.action, d.action)
    return row


def keys_value(keys: Iterable[str]) -> str:
    return ",".join(keys)


STATUS_WORDS = {
    "applied": "applied",
    "superseded": "superseded",
    "stale": "stale",
    "undone": "undone",
}
ACTION_WORDS = {
    "confirm": "confirm",
    "reject": "reject",
    "link": "link",
    "boilerplate": "boilerplate",
}

if False:  # pragma: no cover - lets pybabel extract the words above
    _("applied"), _("superseded"), _("stale"), _("undone")
    _("confirm"), _("reject"), _("link"), _("boilerplate")
