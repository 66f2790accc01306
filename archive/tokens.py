"""API tokens: minted for editors and administrators only, each with an expiry, listed without
their secret, revocable at once.

A token is returned once, when it is made, and stored only as its SHA-256. It works until its
``expires_at`` (chosen at creation: :data:`DEFAULT_TOKEN_DAYS` unless asked otherwise, at most
:data:`MAX_TOKEN_DAYS`) or until it is revoked; either way the row stays, so the owner's list
shows what happened to it. Every face (the account page, the CLI, the API) goes through these
functions, so the role rule holds for all of them.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from archive import models as m
from archive.db import begin_write
from archive.errors import InvalidInput, InvalidToken, NotFound, PermissionDenied
from archive.users import get_user, record_audit, user_name

TOKEN_PREFIX = "yl_"
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)  # last_used_at is updated at most this often
DEFAULT_TOKEN_DAYS = 90
MAX_TOKEN_DAYS = 365
MAX_LABEL = 100  # characters (the column's size)
MINT_ROLE = "editor"  # a token outlives the session that made it: editors and above only


@dataclass(frozen=True)
class TokenInfo:
    """One token as its owner and the operator see it: never the secret."""

    id: int
    user: str
    label: str
    created: datetime
    last_used: datetime | None
    expires: datetime
    revoked: datetime | None
    status: str  # active | expired | revoked

    def as_dict(self) -> dict[str, Any]:
        def iso(at: datetime | None) -> str | None:
            return at.isoformat(timespec="seconds") if at is not None else None

        return {
            "id": self.id,
            "user": self.user,
            "label": self.label,
            "created": iso(self.created),
            "last_used": iso(self.last_used),
            "expires": iso(self.expires),
            "revoked": iso(self.revoked),
            "status": self.status,
        }


def token_status(row: m.ApiToken, now: datetime | None = None) -> str:
    """``revoked``, ``expired`` or ``active``."""
    if row.revoked_at is not None:
        return "revoked"
    return "expired" if row.expires_at <= (now or datetime.now(UTC)) else "active"


def issue_api_token(
    session: Session,
    *,
    user: m.User,
    days: int | None = None,
    label: str = "",
    by: m.User | str | None = None,
) -> tuple[TokenInfo, str]:
    """A new token for ``user`` (editor or above) lasting ``days``: its listing and its secret.

    Raises PermissionDenied for a viewer, InvalidInput for a bad ``days`` or ``label``.
    """
    if not user.can(MINT_ROLE):
        raise PermissionDenied(
            f"API tokens are for editors and administrators; {user.name} is a {user.role}",
            code="token_role",
            name=user.name,
            role=user.role,
        )
    days = DEFAULT_TOKEN_DAYS if days is None else days
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_TOKEN_DAYS:
        raise InvalidInput(
            f"a token lasts from 1 to {MAX_TOKEN_DAYS} days, not {days}",
            code="token_days",
            days=days,
            max=MAX_TOKEN_DAYS,
        )
    label = clean_label(label)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    begin_write(session)
    row = m.ApiToken(
        user_id=user.id,
        token_hash=_token_hash(secret),
        created_at=now,
        label=label,
        expires_at=now + timedelta(days=days),
    )
    session.add(row)
    session.flush()
    detail = {"token": row.id, "days": days, "label": label}
    actor = by if by is not None else user
    record_audit(session, action="token.create", user=actor, target=user.name, detail=detail)
    return _info(row, user.name, now), secret


def create_api_token(
    session: Session,
    *,
    user: m.User,
    days: int | None = None,
    label: str = "",
    by: m.User | str | None = None,
) -> str:
    """A new API token for ``user``: returned once, stored only as its SHA-256."""
    return issue_api_token(session, user=user, days=days, label=label, by=by)[1]


def clean_label(label: str | None) -> str:
    """A token's label: one line of at most :data:`MAX_LABEL` characters (InvalidInput else)."""
    text = " ".join((label or "").split())
    if len(text) > MAX_LABEL or any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text):
        raise InvalidInput(
            f"a token label is one line of at most {MAX_LABEL} characters",
            code="token_label",
            max=MAX_LABEL,
        )
    return text


def authenticate_token(session: Session, token: str) -> m.User:
    """The user of a working ``token`` (its last use is noted, at most every minute).

    Raises InvalidToken (code ``token_unknown``, ``token_expired`` or ``token_revoked``).
    """
    row = None
    if token and token.startswith(TOKEN_PREFIX):
        row = session.scalars(
            sa.select(m.ApiToken).where(m.ApiToken.token_hash == _token_hash(token))
        ).one_or_none()
    if row is None:
        raise InvalidToken("unknown API token", code="token_unknown")
    now = datetime.now(UTC)
    status = token_status(row, now)
    if status == "revoked":
        assert row.revoked_at is not None
        raise InvalidToken(
            f"this API token was revoked on {_day(row.revoked_at)}",
            code="token_revoked",
            date=_day(row.revoked_at),
        )
    if status == "expired":
        raise InvalidToken(
            f"this API token expired on {_day(row.expires_at)}",
            code="token_expired",
            date=_day(row.expires_at),
        )
    if row.last_used_at is None or now - row.last_used_at > TOKEN_TOUCH_INTERVAL:
        try:
            with session.begin_nested():  # best effort: never refuse a request over this
                row.last_used_at = now
        except OperationalError:  # SQLite: another writer got there first
            pass
    return row.user


def user_for_token(session: Session, token: str) -> m.User | None:
    """The user of a working ``token``, or None if it is unknown, expired or revoked."""
    try:
        return authenticate_token(session, token)
    except InvalidToken:
        return None


def list_api_tokens(session: Session, *, user: str | None = None) -> list[TokenInfo]:
    """Every token (of ``user`` when given), oldest first, with its status; never a secret."""
    query = sa.select(m.ApiToken, m.User.name).join(m.User, m.ApiToken.user_id == m.User.id)
    if user is not None:
        query = query.where(m.ApiToken.user_id == get_user(session, name=user).id)
    now = datetime.now(UTC)
    rows = session.execute(query.order_by(m.ApiToken.created_at, m.ApiToken.id)).all()
    return [_info(row, name, now) for row, name in rows]


def revoke_api_token(
    session: Session,
    *,
    token_id: int,
    by: m.User | str | None,
    owner: m.User | None = None,
) -> tuple[TokenInfo, bool]:
    """Revoke token ``token_id`` (only among ``owner``'s when given): it stops working at once.

    Returns its listing and whether this call revoked it (False: it was revoked already).
    Raises NotFound for an unknown id or another user's token.
    """
    begin_write(session)
    row = session.get(m.ApiToken, token_id)
    if row is None or (owner is not None and row.user_id != owner.id):
        raise NotFound(f"no API token {token_id}", code="no_token", token=token_id)
    changed = row.revoked_at is None
    now = datetime.now(UTC)
    if changed:
        row.revoked_at = now
        session.flush()
        record_audit(session, action="token.revoke", user=by, target=row.user.name,
                     detail={"token": row.id, "by": user_name(by)})  # fmt: skip
    return _info(row, row.user.name, now), changed


def _info(row: m.ApiToken, owner: str, now: datetime) -> TokenInfo:
    return TokenInfo(
        id=row.id,
        user=owner,
        label=row.label or "",
        created=row.created_at,
        last_used=row.last_used_at,
        expires=row.expires_at,
        revoked=row.revoked_at,
        status=token_status(row, now),
    )


def _day(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
