"""The OpenAPI document: a valid OpenAPI 3.1 document, in step with the app's URL map, and truthful:
real responses of every documented route validate against the documented schemas."""

from __future__ import annotations

import io
import re

import pytest
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.webapp.conftest import DEMO, instance_app, seed_archive
from webapp import openapi


@pytest.fixture(scope="module")
def env(sqlite_template, tmp_path_factory):
    root = tmp_path_factory.mktemp("openapi")
    url, tokens = seed_archive(
        sqlite_template,
        root,
        plans=[
            ("hailar-district-gwr", 2018),
            ("hailar-district-gwr", 2019),
            ("shenzhen-social-construction", 2014),
        ],
        users=[("ed", "editor")],
        tokens=True,
    )
    app = instance_app(url, root, SECRET_KEY="s")
    yield {"app": app, "token": tokens["ed"]}
    app.extensions["yearline.engine"].dispose()


@pytest.fixture(scope="module")
def document(env):
    r = env["app"].test_client().get("/api/openapi.json")
    assert r.status_code == 200
    assert r.mimetype == "application/json"
    return r.get_json()


def test_is_a_valid_openapi_31_document(document):
    assert document["openapi"].startswith("3.1")
    validate_spec(document)  # raises on any violation of the OpenAPI 3.1 schema
    assert document == openapi.build_document()


def _template(rule: str) -> str:
    """Flask's ``/s/<int:year>`` -> OpenAPI's ``/s/{year}``."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def test_documented_paths_and_the_url_map_agree(env, document):
    rules = {}
    for rule in env["app"].url_map.iter_rules():
        if rule.rule.startswith("/api/") and rule.endpoint != "api.unknown":
            methods = {m.lower() for m in rule.methods} - {"head", "options"}
            rules.setdefault(_template(rule.rule), set()).update(methods)
    documented = {path: set(ops) for path, ops in document["paths"].items()}
    assert documented == rules


def test_every_path_parameter_is_declared(document):
    for path, ops in document["paths"].items():
        in_path = set(re.findall(r"{(\w+)}", path))
        for op in ops.values():
            declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert declared == in_path, path


def _absolute(schema):
    """Point the schema's local ``#/components/...`` references at the registered document."""
    if isinstance(schema, dict):
        return {
            k: ("urn:yearline" + v if k == "$ref" and v.startswith("#") else _absolute(v))
            for k, v in schema.items()
        }
    if isinstance(schema, list):
        return [_absolute(v) for v in schema]
    return schema


def _validator(document, schema):
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    registry = Registry().with_resource("urn:yearline", resource)
    return OAS31Validator(_absolute(schema), registry=registry)


def _response_schema(document, path: str, method: str, status: int):
    responses = document["paths"][path][method]["responses"]
    assert str(status) in responses, f"{method.upper()} {path} -> {status} is not documented"
    return responses[str(status)]["content"]["application/json"]["schema"]


CALLS = [
    ("/api/v1/series", "/api/v1/series", 200),
    ("/api/v1/series/{slug}", "/api/v1/series/shenzhen-social-construction", 200),
    ("/api/v1/series/{slug}", "/api/v1/series/nope", 404),
    ("/api/v1/series/{slug}/{year}", "/api/v1/series/shenzhen-social-construction/2014", 200),
    ("/api/v1/series/{slug}/{year}", "/api/v1/series/hailar-district-gwr/2018?version=1", 200),
    ("/api/v1/series/{slug}/{year}", "/api/v1/series/hailar-district-gwr/2018?version=x", 400),
    ("/api/v1/series/{slug}/{year}", "/api/v1/series/hailar-district-gwr/1990", 404),
    (
        "/api/v1/series/{slug}/compare/{a}..{b}",
        "/api/v1/series/hailar-district-gwr/compare/2018..2019",
        200,
    ),
    (
        "/api/v1/series/{slug}/compare/{a}..{b}",
        "/api/v1/series/hailar-district-gwr/compare/2018..2001",
        404,
    ),
    ("/api/v1/series/{slug}/timeline", "/api/v1/series/hailar-district-gwr/timeline", 200),
    ("/api/v1/series/{slug}/timeline", "/api/v1/series/nope/timeline", 404),
    ("/api/v1/series/{slug}/targets", "/api/v1/series/hailar-district-gwr/targets", 200),
    ("/api/v1/series/{slug}/targets", "/api/v1/series/nope/targets", 404),
    ("/api/v1/search", "/api/v1/search?q=%E7%A4%BE%E4%BC%9A", 200),
    ("/api/v1/search", "/api/v1/search", 400),
    ("/api/v1/series/{slug}/{year}/blame", "/api/v1/series/hailar-district-gwr/2019/blame", 200),
    ("/api/v1/series/{slug}/{year}/blame", "/api/v1/series/hailar-district-gwr/1990/blame", 404),
    ("/api/v1/series/{slug}/terms", "/api/v1/series/hailar-district-gwr/terms?term=%E6%A3%9A", 200),
    ("/api/v1/series/{slug}/terms", "/api/v1/series/hailar-district-gwr/terms", 200),
    ("/api/v1/series/{slug}/terms", "/api/v1/series/hailar-district-gwr/terms?term=", 400),
    ("/api/v1/series/{slug}/terms", "/api/v1/series/nope/terms", 404),
    ("/api/v1/series/{slug}/programmes", "/api/v1/series/hailar-district-gwr/programmes", 200),
    ("/api/v1/series/{slug}/promises", "/api/v1/series/hailar-district-gwr/promises", 200),
]


@pytest.mark.parametrize(("template", "url", "status"), CALLS, ids=[c[1] for c in CALLS])
def test_real_responses_match_the_documented_schemas(env, document, template, url, status):
    r = env["app"].test_client().get(url)
    assert r.status_code == status
    schema = _response_schema(document, template, "get", status)
    _validator(document, schema).validate(r.get_json())


def test_upload_responses_match_the_documented_schemas(env, document):
    client = env["app"].test_client()
    path = "/api/v1/series/{slug}/{year}/versions"
    headers = {"Authorization": f"Bearer {env['token']}"}
    data = (DEMO / "hailar-district-gwr" / "2016.txt").read_bytes()
    cases = [
        (headers, data, 201),
        (headers, data, 200),
        (headers, b"", 400),
        ({}, data, 401),
    ]
    for hdrs, body, status in cases:
        r = client.post(
            "/api/v1/series/openapi-upload/2016/versions",
            data={"file": (io.BytesIO(body), "2016.txt")},
            headers=hdrs,
            content_type="multipart/form-data",
        )
        assert r.status_code == status, r.get_json()
        _validator(document, _response_schema(document, path, "post", status)).validate(
            r.get_json()
        )


def test_schemas_reject_what_the_contract_forbids(document):
    """The schemas have teeth: a Comparison without its summary, or a bad redline op, fails."""
    comparison = _validator(document, {"$ref": "#/components/schemas/Comparison"})
    assert not comparison.is_valid({"a": {}, "b": {}, "matches": [], "new": [], "dropped": []})
    match = _validator(document, {"$ref": "#/components/schemas/Match"})
    good = {
        "a": ["s1"],
        "b": ["s1"],
        "kind": "changed",
        "moved": False,
        "score": 0.9,
        "lead_units": {"added": [], "removed": [], "primary_changed": False},
        "redline": [["=", "推进"], ["+", "深化"]],
    }
    assert match.is_valid(good)
    assert not match.is_valid({**good, "redline": [["~", "x"]]})
    assert not match.is_valid({**good, "kind": "renamed"})
