"""API tokens in the service layer (issue 15): minted for editors and above only, with an expiry
chosen at creation, listed without their secret, revocable; a revoked or expired token stops
working at once. Every test runs on SQLite and on the suite's PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

import archive
from archive import models as m
from archive.tokens import DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS


@pytest.fixture
def people(session):
    made = {
        role: archive.create_user(session, name=role, password="long enough", role=role)
        for role in archive.ROLES
    }
    session.commit()
    return made


def _count(session) -> int:
    return int(session.scalar(sa.select(sa.func.count()).select_from(m.ApiToken)) or 0)


def test_viewers_get_no_token_whoever_asks(session, people) -> None:
    with pytest.raises(archive.PermissionDenied, match="editors and administrators") as caught:
        archive.create_api_token(session, user=people["viewer"], by="cli:root")
    assert caught.value.code == "token_role"
    session.rollback()
    assert _count(session) == 0
    for role in ("editor", "admin"):
        assert archive.create_api_token(session, user=people[role]).startswith("yl_")
    session.commit()
    assert _count(session) == 2


def test_expiry_is_chosen_at_creation_within_bounds(session, people) -> None:
    before = datetime.now(UTC)
    default, _ = archive.issue_api_token(session, user=people["editor"])
    week, _ = archive.issue_api_token(session, user=people["editor"], days=7, label=" CI  job ")
    longest, _ = archive.issue_api_token(session, user=people["admin"], days=MAX_TOKEN_DAYS)
    session.commit()
    after = datetime.now(UTC)
    for info, days in ((default, DEFAULT_TOKEN_DAYS), (week, 7), (longest, MAX_TOKEN_DAYS)):
        assert before + timedelta(days=days) <= info.expires <= after + timedelta(days=days)
        assert info.status == "active"
    assert week.label == "CI job"  # one line, spaces collapsed
    stored = {t.id: t for t in archive.list_api_tokens(session)}
    assert stored[week.id].expires == week.expires  # the expiry survives the round trip
    for bad in (0, -1, MAX_TOKEN_DAYS + 1, True):
        with pytest.raises(archive.InvalidInput, match="from 1 to 365 days") as caught:
            archive.issue_api_token(session, user=people["editor"], days=bad)
        assert caught.value.code == "token_days"
    for label in ("x" * 101, "two\u202elines", "nul\x00"):
        with pytest.raises(archive.InvalidInput, match="token label") as caught:
            archive.issue_api_token(session, user=people["editor"], label=label)
        assert caught.value.code == "token_label"
    session.rollback()
    assert _count(session) == 3


def test_listing_shows_everything_but_the_secret(session, people) -> None:
    one, secret_one = archive.issue_api_token(session, user=people["editor"], label="import")
    _, secret_two = archive.issue_api_token(session, user=people["admin"])
    session.commit()
    listed = [t.as_dict() for t in archive.list_api_tokens(session)]
    assert [t["user"] for t in listed] == ["editor", "admin"]
    assert set(listed[0]) == {
        "id", "user", "label", "created", "last_used", "expires", "revoked", "status"
    }  # fmt: skip
    assert listed[0]["label"] == "import" and listed[0]["last_used"] is None
    text = repr(listed)
    for secret in (secret_one, secret_two):
        assert secret not in text and secret[3:] not in text
    hashes = session.scalars(sa.select(m.ApiToken.token_hash)).all()
    assert not any(h in text for h in hashes)
    assert [t.id for t in archive.list_api_tokens(session, user="editor")] == [one.id]
    assert archive.list_api_tokens(session, user="viewer") == []
    with pytest.raises(archive.NotFound):
        archive.list_api_tokens(session, user="nobody")


def test_a_revoked_token_stops_working_at_once(session, people) -> None:
    info, secret = archive.issue_api_token(session, user=people["editor"])
    session.commit()
    assert archive.authenticate_token(session, secret) is people["editor"]
    session.commit()
    with pytest.raises(archive.NotFound) as caught:  # not the admin's own token
        archive.revoke_api_token(session, token_id=info.id, by=people["admin"],
                                 owner=people["admin"])  # fmt: skip
    assert caught.value.code == "no_token"
    assert archive.user_for_token(session, secret) is people["editor"]
    revoked, changed = archive.revoke_api_token(session, token_id=info.id, by="cli:root")
    session.commit()
    assert changed and revoked.status == "revoked" and revoked.revoked is not None
    with pytest.raises(archive.InvalidToken, match="was revoked on") as refused:
        archive.authenticate_token(session, secret)
    assert refused.value.code == "token_revoked"
    assert archive.user_for_token(session, secret) is None
    again, changed = archive.revoke_api_token(session, token_id=info.id, by="cli:root")
    assert not changed and again.revoked == revoked.revoked
    with pytest.raises(archive.NotFound):
        archive.revoke_api_token(session, token_id=info.id + 100, by="cli:root")
    actions = [(e.action, e.user) for e in archive.list_audit(session) if "token" in e.action]
    assert actions == [("token.revoke", "cli:root"), ("token.create", "editor")]


def test_an_expired_token_is_refused_with_its_date(session, people) -> None:
    info, secret = archive.issue_api_token(session, user=people["admin"], days=1)
    session.commit()
    assert archive.user_for_token(session, secret) is people["admin"]
    row = session.get(m.ApiToken, info.id)
    row.expires_at = datetime.now(UTC) - timedelta(seconds=1)  # a day has passed
    session.commit()
    with pytest.raises(archive.InvalidToken, match="expired on") as refused:
        archive.authenticate_token(session, secret)
    assert refused.value.code == "token_expired"
    assert refused.value.params["date"] == row.expires_at.strftime("%Y-%m-%d %H:%M UTC")
    assert archive.list_api_tokens(session)[0].status == "expired"
    for forged in ("", "yl_", "yl_" + "a" * 43, secret + "x", "Bearer " + secret):
        with pytest.raises(archive.InvalidToken) as unknown:
            archive.authenticate_token(session, forged)
        assert unknown.value.code == "token_unknown"
