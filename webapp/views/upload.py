"""Upload a new plan version: choose or create a series, give the year, upload the file, see the
parse preview, then confirm (stores the version) or cancel (stores nothing).

Between preview and confirm the file waits outside the archive, in the instance folder
(``pending-uploads/<token>.bin`` + ``.json``), keyed by a random token and checked by its SHA-256
on confirm. Confirm and cancel remove it; anything older than :data:`PENDING_TTL` is swept.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

import archive
from archive.errors import ArchiveError, NotFound, RejectedUpload
from archive.models import User
from comparison import PlanDocument, UnitKind
from comparison.years import MAX_YEAR, MIN_YEAR
from webapp import auth
from webapp.db import get_session, get_store, queue_after_upload
from webapp.messages import error_text
from webapp.security import human_size, size_limit_message

bp = Blueprint("upload", __name__)

PENDING_DIR = "pending-uploads"
PENDING_TTL = 3600  # seconds a previewed upload waits for confirm
NEW_SERIES = "__new__"
SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$")
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
LANGUAGES = (("zh", "Chinese"), ("en", "English"))
OUTLINE_MAX = 400  # above this many units the outline leaves out paragraphs
LARGE_UNITS = 300  # confirming a document this large says it is working (storing takes seconds)
HIDDEN_METADATA = frozenset({"title", "year", "footer", "header_text"})  # shown elsewhere or noise
TYPE_LABELS = {
    "text/plain": "Plain text",
    "text/markdown": "Markdown",
    "text/html": "Web page (HTML)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (DOCX)",
}


@dataclass
class UploadForm:
    """The upload form's fields, as typed, and what is wrong with them."""

    series: str = ""
    new_slug: str = ""
    new_title: str = ""
    new_issuer: str = ""
    new_language: str = "zh"
    year: str = ""
    title: str = ""
    note: str = ""
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_request(cls) -> UploadForm:
        f = request.form if request.method == "POST" else request.args
        return cls(
            series=(f.get("series") or "").strip(),
            new_slug=(f.get("new_slug") or "").strip().lower(),
            new_title=(f.get("new_title") or "").strip(),
            new_issuer=(f.get("new_issuer") or "").strip(),
            new_language=(f.get("new_language") or "zh").strip(),
            year=(f.get("year") or "").strip(),
            title=(f.get("title") or "").strip(),
            note=(f.get("note") or "").strip(),
        )

    @property
    def is_new_series(self) -> bool:
        return self.series == NEW_SERIES

    @property
    def slug(self) -> str:
        return self.new_slug if self.is_new_series else self.series

    def validate(self, known: set[str]) -> None:
        if not self.series:
            self.errors.append(_("Choose a series, or choose “New series” and describe it."))
        elif self.is_new_series:
            if not SLUG_RE.match(self.new_slug):
                self.errors.append(
                    _(
                        "The new series needs a short name of lowercase letters, digits and "
                        "hyphens (for example shenzhen-social-construction)."
                    )
                )
            elif self.new_slug in known:
                self.errors.append(
                    _(
                        "A series named %(slug)s already exists: choose it from the list.",
                        slug=self.new_slug,
                    )
                )
            if not self.new_title:
                self.errors.append(_("The new series needs a title."))
            if self.new_language not in dict(LANGUAGES):
                self.errors.append(_("The language must be Chinese or English."))
        elif self.series not in known:
            self.errors.append(_("There is no series named %(slug)s.", slug=self.series))
        if not re.fullmatch(r"\d{4}", self.year) or not MIN_YEAR <= int(self.year) <= MAX_YEAR:
            self.errors.append(
                _(
                    "Give the plan's year as four digits (%(low)s–%(high)s).",
                    low=MIN_YEAR,
                    high=MAX_YEAR,
                )
            )


# --------------------------------------------------------------------------- pending uploads


def _pending_dir() -> Path:
    path = Path(current_app.instance_path) / PENDING_DIR
    path.mkdir(parents=True, exist_ok=True)
    return path


def _sweep_expired(now: float | None = None) -> None:
    """Remove pending uploads older than PENDING_TTL (called on every upload request)."""
    limit = (now or time.time()) - PENDING_TTL
    for path in _pending_dir().iterdir():  # temp files start with a dot: include them
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:  # another request swept it first
            continue


def _save_pending(data: bytes, meta: dict[str, Any]) -> str:
    token = secrets.token_urlsafe(32)
    folder = _pending_dir()
    tmp = folder / f".{token}.tmp"
    tmp.write_bytes(data)
    tmp.rename(folder / f"{token}.bin")
    (folder / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def _load_pending(token: str, user: User) -> tuple[bytes, dict[str, Any]] | None:
    """The pending upload for ``token`` if it exists, is intact, fresh and belongs to ``user``."""
    if not TOKEN_RE.match(token):
        return None
    folder = _pending_dir()
    try:
        meta = json.loads((folder / f"{token}.json").read_text(encoding="utf-8"))
        data = (folder / f"{token}.bin").read_bytes()
    except (FileNotFoundError, ValueError):
        return None
    if meta.get("user_id") != user.id or hashlib.sha256(data).hexdigest() != meta.get("sha256"):
        return None
    if time.time() - float(meta.get("created", 0)) > PENDING_TTL:
        return None
    return data, meta


def _mark_done(token: str, user: User, url: str) -> None:
    """Remember where a confirmed upload went, so a second click on Confirm lands there too."""
    record = {"user_id": user.id, "url": url}
    (_pending_dir() / f"{token}.done").write_text(json.dumps(record), encoding="utf-8")


def _done_url(token: str, user: User) -> str | None:
    if not TOKEN_RE.match(token):
        return None
    try:
        record = json.loads((_pending_dir() / f"{token}.done").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return str(record["url"]) if record.get("user_id") == user.id else None


def _drop_pending(token: str) -> None:
    if not TOKEN_RE.match(token):
        return
    for suffix in (".bin", ".json"):
        (_pending_dir() / f"{token}{suffix}").unlink(missing_ok=True)


# --------------------------------------------------------------------------- views


def _series_choices() -> list[Any]:
    return list(archive.list_series(get_session()))


def _render_form(form: UploadForm, status: int = 200) -> Any:
    return (
        render_template(
            "upload/form.html",
            form=form,
            series=_series_choices(),
            languages=LANGUAGES,
            new_series=NEW_SERIES,
            max_size=human_size(int(current_app.config["MAX_UPLOAD_BYTES"])),
        ),
        status,
    )


@bp.get("/upload/style.css")
def stylesheet() -> Any:
    """The upload and sign-in pages' stylesheet (a file, so the CSP needs no inline style)."""
    response = make_response(render_template("upload/style.css"))
    response.mimetype = "text/css"
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


@bp.get("/upload")
@auth.login_required("editor")
def upload() -> Any:
    _sweep_expired()
    return _render_form(UploadForm.from_request())


@bp.post("/upload")
@auth.login_required("editor")
def preview() -> Any:
    """Parse the uploaded file without storing it and show what would be archived."""
    _sweep_expired()
    form = UploadForm.from_request()
    known = {s.slug for s in _series_choices()}
    form.validate(known)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        form.errors.append(_("Choose the file to upload."))
    if form.errors:
        return _render_form(form, 400)
    assert upload is not None
    max_bytes = int(current_app.config["MAX_UPLOAD_BYTES"])
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        form.errors.append(size_limit_message())
        return _render_form(form, 413)
    filename = Path(upload.filename or "upload").name or "upload"
    try:
        # parsed without the form's year, so that the preview shows the year the document
        # itself gives (title, delivery date, headings); confirm stores it under the form's year
        result = archive.preview_upload(
            data,
            filename=filename,
            max_bytes=max_bytes,
            year=None,
            title=form.title or None,
        )
    except RejectedUpload as exc:
        form.errors.append(error_text(exc))
        return _render_form(form, 400)
    fit = (
        archive.SeriesFit(())
        if form.is_new_series
        else archive.series_fit(
            get_session(), series=form.slug, year=int(form.year), doc=result.document
        )
    )

    user = auth.current_user()
    assert user is not None
    sha256 = hashlib.sha256(data).hexdigest()
    meta = {
        "user_id": user.id,
        "sha256": sha256,
        "filename": filename,
        "size": len(data),
        "created": time.time(),
        "form": {k: v for k, v in form.__dict__.items() if k != "errors"},
    }
    token = _save_pending(data, meta)
    existing = _existing_versions(form.slug, int(form.year))
    duplicate = next((v for v in existing if v.sha256 == sha256), None)
    return render_template(
        "upload/preview.html",
        form=form,
        token=token,
        meta=meta,
        preview=result,
        type_label=_(TYPE_LABELS.get(result.media_type, result.media_type)),
        size=human_size(result.size),
        metadata=[(k, v) for k, v in result.document.metadata.items() if k not in HIDDEN_METADATA],
        **summarise(result.document),
        existing=existing,
        duplicate=duplicate,
        next_version=max((v.number for v in existing), default=0) + 1,
        fit=fit,
        year_differs=result.document.year is not None and str(result.document.year) != form.year,
        large=result.units > LARGE_UNITS,
    )


@bp.post("/upload/confirm")
@auth.login_required("editor")
def confirm() -> Any:
    user = auth.current_user()
    assert user is not None
    token = request.form.get("token") or ""
    pending = _load_pending(token, user)
    if pending is None:
        _drop_pending(token)
        done = _done_url(token, user)
        if done is not None:  # a second click on Confirm: the first one stored it
            flash(_("This upload was already stored."), "info")
            return redirect(done)
        flash(
            _("That upload has expired or was already handled; please upload the file again."),
            "error",
        )
        return redirect(url_for("upload.upload"))
    data, meta = pending
    form = UploadForm(**meta["form"])
    session = get_session()
    try:
        if form.is_new_series:
            archive.ensure_series(
                session,
                slug=form.new_slug,
                title=form.new_title,
                issuer=form.new_issuer,
                language=form.new_language,
            )
        result = archive.import_version(
            session,
            get_store(),
            series=form.slug,
            year=int(form.year),
            data=data,
            filename=meta["filename"],
            title=form.title or None,
            note=form.note or None,
            user=user.name,
            max_bytes=int(current_app.config["MAX_UPLOAD_BYTES"]),
        )
        session.commit()
    except ArchiveError as exc:
        session.rollback()
        _drop_pending(token)
        form.errors.append(error_text(exc))
        return _render_form(form, 400)
    _drop_pending(token)
    target = plan_url(form.slug, int(form.year))
    if result.created:
        # the comparisons with every other year run on the queue; the plan page shows progress
        job_id = queue_after_upload(form.slug, int(form.year))
        if job_id is not None:
            target = url_for("site.plan", series=form.slug, year=int(form.year), job=job_id)
    _mark_done(token, user, target)
    if result.created:
        flash(
            _(
                "Stored %(series)s %(year)s as version %(version)s.",
                series=form.slug,
                year=form.year,
                version=result.version,
            ),
            "success",
        )
    else:
        flash(
            _(
                "Nothing new stored: this file is identical to version %(version)s "
                "of %(series)s %(year)s.",
                version=result.version,
                series=form.slug,
                year=form.year,
            ),
            "info",
        )
    return redirect(target)


@bp.post("/upload/cancel")
@auth.login_required("editor")
def cancel() -> Any:
    token = request.form.get("token") or ""
    if not TOKEN_RE.match(token):
        abort(400, description=_("Unknown upload."))
    _drop_pending(token)
    flash(_("Upload cancelled: nothing was stored."), "info")
    return redirect(url_for("upload.upload"))


def summarise(doc: PlanDocument) -> dict[str, Any]:
    """What the preview shows of a parsed document: counts by kind, lead agencies, an outline."""
    kinds = Counter(u.kind.value for u in doc.units)
    kind_counts = [
        (k.value, kinds[k.value]) for k in UnitKind if kinds[k.value] or k.value == "item"
    ]
    led: Counter[str] = Counter()
    primary: Counter[str] = Counter()
    for unit in doc.units:
        led.update(dict.fromkeys(unit.lead_units, 1))
        if unit.lead_units:
            primary[unit.lead_units[0]] += 1
    agencies = sorted(((n, led[n], primary[n]) for n in led), key=lambda r: (-r[1], -r[2], r[0]))
    outline = list(doc.units)
    if len(outline) > OUTLINE_MAX:
        outline = [u for u in doc.units if u.kind is not UnitKind.PARAGRAPH][:OUTLINE_MAX]
    return {
        "kind_counts": kind_counts,
        "agencies": agencies,
        "outline": outline,
        "hidden_units": len(doc.units) - len(outline),
    }


def _existing_versions(slug: str, year: int) -> list[Any]:
    try:
        return list(archive.list_versions(get_session(), series=slug, year=year))
    except NotFound:
        return []


def plan_url(slug: str, year: int) -> str:
    """The plan page of the site (``/s/<series>/<year>``)."""
    return url_for("site.plan", series=slug, year=year)
