"""Users and the audit log (API tokens: archive/tokens.py).

Passwords are hashed with the standard library's scrypt and a random salt.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from archive import models as m
from archive.db import begin_write
from archive.errors import InvalidInput, NotFound
from archive.records import ROLES

_N, _R, _P = 2**14, 8, 1


def user_name(user: m.User | str | None) -> str | None:
    return user.name if isinstance(user, m.User) else user


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def check_password(stored: str, password: str) -> bool:
    try:
        algo, n, r, p, salt, digest = stored.split("$")
        if algo != "scrypt":
            return False
        got = hashlib.scrypt(
            password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except ValueError:
        return False
    return hmac.compare_digest(got.hex(), digest)


def create_user(session: Session, *, name: str, password: str, role: str) -> m.User:
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise InvalidInput("a user name is required (at most 200 characters)")
    if role not in ROLES:
        raise InvalidInput(f"invalid role {role!r}: use one of {', '.join(ROLES)}")
    if len(password) < 8:
        raise InvalidInput("the password must have at least 8 characters")
    begin_write(session)
    if session.scalar(sa.select(m.User.id).where(m.User.name == name)) is not None:
        raise InvalidInput(f"user {name!r} already exists")
    user = m.User(name=name, password_hash=hash_password(password), role=role)
    session.add(user)
    session.flush()
    record_audit(session, action="user.create", user=None, target=name, detail={"role": role})
    return user


def get_user(session: Session, *, name: str) -> m.User:
    user = session.scalars(sa.select(m.User).where(m.User.name == name)).one_or_none()
    if user is None:
        raise NotFound(f"no user {name!r}")
    return user


def authenticate(session: Session, *, name: str, password: str) -> m.User | None:
    """The user if the password is right, else None (and the same work is done either way)."""
    user = session.scalars(sa.select(m.User).where(m.User.name == name)).one_or_none()
    if user is None:
        check_password(_dummy_hash(), password)
        return None
    return user if check_password(user.password_hash, password) else None


def record_audit(
    session: Session,
    *,
    action: str,
    user: m.User | str | None = None,
    target: str = "",
    detail: dict[str, Any] | None = None,
) -> None:
    """Append an audit event (upload, withdraw, export, login, ...)."""
    begin_write(session)
    session.add(
        m.AuditEvent(
            at=datetime.now(UTC),
            user=user_name(user),
            action=action,
            target=target[:500],
            detail=detail or {},
        )
    )
    session.flush()


def list_audit(session: Session, *, limit: int = 100) -> list[m.AuditEvent]:
    return list(
        session.scalars(
            sa.select(m.AuditEvent)
            .order_by(m.AuditEvent.at.desc(), m.AuditEvent.id.desc())
            .limit(limit)
        )
    )


@cache
def _dummy_hash() -> str:
    return hash_password("timing-equaliser")
