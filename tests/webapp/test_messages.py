"""One language at a time: parser warnings, upload refusals, 404s and role names in the chosen
interface language, while the JSON API keeps the English texts and adds stable codes."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from babel.messages.pofile import read_po

from comparison.notices import TEMPLATES
from tests.webapp.conftest import ROOT, instance_app, seed_archive
from tests.webapp.test_upload import csrf, login
from webapp import messages

EN = {"Accept-Language": "en"}
ZH = {"Accept-Language": "zh"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _damaged_docx() -> bytes:
    buf = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("一、总体要求")
    document.save(buf)
    return buf.getvalue()[:1500]  # truncated: the ZIP's central directory is gone


def test_every_code_has_a_translated_message(site):
    app, _token = site
    with (ROOT / "webapp/translations/zh/LC_MESSAGES/messages.po").open("rb") as fh:
        catalog = {m.id: m.string for m in read_po(fh, locale="zh") if m.string}
    assert set(TEMPLATES) <= set(messages.WARNINGS)
    fields = {"lines": 3, "count": 2, "fragments": "x", "moved": "y", "label": "3",
              "previous": "1", "parent": "二", "excerpt": "z", "type": "bytes", "name": "a.docx",
              "size": 9, "limit": 5, "reason": "the document is empty", "series": "s",
              "year": 2020, "version": 2, "rows": 4,
              "date": "2026-12-01 12:00 UTC", "max": 365, "token": 7}  # fmt: skip
    with app.test_request_context(headers=ZH):
        for table in (messages.WARNINGS, messages.ERRORS):
            for code, template in table.items():
                text = template(dict(fields))
                assert CJK.search(text), (code, text)
        assert messages.role_label("admin") == "管理员"
        formulas = "2 formula cells without a computed value: their formulas are shown"
        assert messages.warning_text(formulas) == "2 个公式单元格没有计算结果：显示其公式"
        from archive.ingest import PDF_TABLES

        assert messages.warning_text(PDF_TABLES) == "PDF 中的表格已按文字位置读出"
    with app.test_request_context(headers=EN):
        assert messages.role_label("admin") == "administrator"
        assert messages.warning_text("removed licence/boilerplate footer (4 lines)") == (
            "removed licence/boilerplate footer (4 lines)"
        )
        assert messages.warning_text("not a known warning") == "not a known warning"
    assert catalog  # the catalogue was read


@pytest.fixture
def site(sqlite_template, tmp_path):
    url, _tokens = seed_archive(
        sqlite_template,
        tmp_path / "archive",
        plans=[("cn-national-gwr", 2025)],
        users=[("ed", "editor")],
        tokens=True,
    )
    app = instance_app(url, tmp_path / "archive")
    yield app, _tokens["ed"]
    app.extensions["yearline.engine"].dispose()


def test_parser_warnings_follow_the_interface_language(site):
    app, _token = site
    client = app.test_client()
    api = client.get("/api/v1/series/cn-national-gwr/2025").get_json()
    english = [w for w in api["warnings"] if "footer" in w]
    assert english == [w for w in english if w.startswith("removed licence/boilerplate footer")]
    assert english  # the national reports end with a licence footer
    zh = client.get("/s/cn-national-gwr/2025", headers=ZH).data.decode()
    warnings = zh.split('<details class="warnings">', 1)[1].split("</details>", 1)[0]
    assert "删除了版权/模板页脚" in warnings and "removed" not in warnings
    en = client.get("/s/cn-national-gwr/2025", headers=EN).data.decode()
    assert "removed licence/boilerplate footer" in en  # English: the stored sentence itself


def test_a_damaged_word_file_is_called_that_in_either_language(site):
    app, token = site
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh"
    login(client)
    form = {"csrf_token": csrf(client, "/upload"), "series": "cn-national-gwr", "year": "2024",
            "file": (io.BytesIO(_damaged_docx()), "plan.docx")}  # fmt: skip
    r = client.post("/upload", data=form, content_type="multipart/form-data")
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert "plan.docx：Word 文件（DOCX）已损坏" in html and "binary" not in html
    # the API: the English line, and the code beside it
    r = app.test_client().post(
        "/api/v1/series/cn-national-gwr/2024/versions?filename=plan.docx",
        data=_damaged_docx(),
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 400
    assert r.get_json() == {
        "error": "plan.docx: damaged Word document (DOCX)",
        "code": "damaged_docx",
    }
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(_damaged_docx()))


def test_not_found_pages_speak_the_interface_language(site):
    app, _token = site
    client = app.test_client()
    zh = client.get("/s/no-such-series", headers=ZH)
    assert zh.status_code == 404 and "没有名为 no-such-series 的系列" in zh.data.decode()
    en = client.get("/s/cn-national-gwr/1999", headers=EN)
    assert en.status_code == 404 and "cn-national-gwr has no plan for 1999." in en.data.decode()
    zh_plan = client.get("/s/cn-national-gwr/1999", headers=ZH).data.decode()
    assert "cn-national-gwr 没有 1999 年的计划" in zh_plan
    api = client.get("/api/v1/series/no-such-series", headers=ZH)
    assert api.status_code == 404
    assert api.get_json() == {"error": "no series 'no-such-series'", "code": "no_series"}


def test_role_names_are_translated(site):
    app, _token = site
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "zh"
    login(client)
    html = client.get("/account").data.decode()
    assert "<dd>编辑</dd>" in html and "<dd>editor</dd>" not in html
