"""The schema is generated from the URL configuration and the views: every route under
/api/v1/ is in it, with the security each view really has."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db


def api_routes() -> set[str]:
    """Every route under api/v1/, as the schema writes it (relative to the /api/v1 server)."""
    found = set()

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and route.startswith("api/v1/"):
                # <int:pk> is written {id} (drf-spectacular names a model's pk by its name).
                path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.removeprefix("api/v1/"))
                found.add("/" + path.replace("{pk}", "{id}"))

    walk(get_resolver().url_patterns, "")
    return found


@pytest.fixture
def document() -> dict:
    return Client().get(reverse("api:openapi")).json()


def test_every_route_under_api_v1_is_in_the_schema(document) -> None:
    routes = api_routes()
    assert {"/score", "/plan", "/openapi.json", "/docs/"} <= routes
    assert set(document["paths"]) == routes


def test_the_security_of_each_operation_is_the_view_s(document) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {**schemes["bearerAuth"], "type": "http", "scheme": "bearer"}
    plan = document["paths"]["/plan"]["post"]
    assert plan["security"] == [{"bearerAuth": []}, {"cookieAuth": []}]
    assert {"401", "403", "429"} <= set(plan["responses"])
    score = document["paths"]["/score"]["post"]
    assert {} in score["security"] and "429" in score["responses"]


def test_the_docs_page_is_swagger_ui_from_our_own_static_files() -> None:
    page = Client().get(reverse("api:docs"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui-bundle.js" in html and "/static/drf_spectacular_sidecar/" in html
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
    script = Client().get(reverse("api:docs") + "?script=")
    assert script.status_code == 200
    assert reverse("api:openapi") in script.content.decode()


# (method, path) → is If-Match required; and the statuses whose response carries the ETag.
IF_MATCH = {
    ("patch", "/actions/{id}"): True,
    ("patch", "/cycles/{id}/answers/{indicator}"): True,
    ("post", "/cycles/{id}/answers/{indicator}/submit"): True,
    ("patch", "/cycles/{id}/answers/{indicator}/items"): True,
    ("post", "/cycles/{id}/answers/{indicator}/items/{code}/verdict"): True,
    ("post", "/evidence/{id}/links"): False,
}
ETAG = {
    ("get", "/actions/{id}"): "200",
    ("patch", "/actions/{id}"): "200",
    ("post", "/actions"): "201",
    ("get", "/cycles/{id}/answers/{indicator}"): "200",
    ("patch", "/cycles/{id}/answers/{indicator}"): "200",
    ("post", "/cycles/{id}/answers/{indicator}/submit"): "200",
    ("patch", "/cycles/{id}/answers/{indicator}/items"): "200",
    ("post", "/cycles/{id}/answers/{indicator}/items/{code}/verdict"): "201",
}


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield method, path, operation


def test_if_match_is_described_where_the_server_reads_it(document) -> None:
    found = {}
    for method, path, operation in operations(document):
        for parameter in operation.get("parameters", []):
            if parameter["name"] == "If-Match":
                assert parameter["in"] == "header" and parameter["description"]
                found[(method, path)] = parameter.get("required", False)
    assert found == IF_MATCH
    # Every PATCH of an existing object needs it: a new one cannot escape the precondition.
    patches = {(m, p) for m, p, _ in operations(document) if m == "patch"}
    assert patches <= {key for key, required in found.items() if required}
    # The precondition's refusals are documented beside it.
    for (method, path), required in IF_MATCH.items():
        responses = document["paths"][path][method]["responses"]
        assert "412" in responses, (method, path)
        assert ("428" in responses) == required, (method, path)


def test_the_etag_response_header_is_described_where_the_server_sends_it(document) -> None:
    found = {}
    for method, path, operation in operations(document):
        for status, response in operation["responses"].items():
            header = response.get("headers", {}).get("ETag")
            if header is not None:
                assert header["schema"] == {"type": "string"} and header["description"]
                found[(method, path)] = status
    assert found == ETAG
    created = document["paths"]["/actions"]["post"]["responses"]["201"]["headers"]
    assert "Location" in created
