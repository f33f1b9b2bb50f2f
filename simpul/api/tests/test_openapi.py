"""GET /api/v1/openapi.json: a valid-looking OpenAPI 3.1 document that real responses match."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

JSON_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
}


@pytest.fixture
def document() -> dict:
    response = Client().get(reverse("api:openapi"))
    assert response.status_code == 200
    return response.json()


def resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        path = schema["$ref"].removeprefix("#/").split("/")
        schema = document
        for part in path:
            schema = schema[part]
    return schema


def conforms(document: dict, schema: dict, value: object, where: str = "$") -> list[str]:
    """The JSON Schema keywords the document uses: type, required, properties, items, enum,
    oneOf."""
    schema = resolve(document, schema)
    problems = []
    if "oneOf" in schema:
        matching = [branch for branch in schema["oneOf"] if not conforms(document, branch, value)]
        if len(matching) != 1:
            return [f"{where}: matches {len(matching)} of the oneOf schemas"]
    types = schema.get("type")
    if types is not None:
        allowed = [types] if isinstance(types, str) else types
        ok = any(
            isinstance(value, JSON_TYPES[name])
            and not (name == "integer" and isinstance(value, bool))
            for name in allowed
        )
        if not ok:
            return [f"{where}: {value!r} is not {allowed}"]
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} not in {schema['enum']}")
    if isinstance(value, dict):
        problems += [
            f"{where}.{key}: required" for key in schema.get("required", []) if key not in value
        ]
        for key, item in value.items():
            if key in schema.get("properties", {}):
                problems += conforms(document, schema["properties"][key], item, f"{where}.{key}")
            elif isinstance(schema.get("additionalProperties"), dict):
                problems += conforms(
                    document, schema["additionalProperties"], item, f"{where}.{key}"
                )
            elif schema.get("additionalProperties") is False:
                problems.append(f"{where}.{key}: not allowed")
    if isinstance(value, list) and "items" in schema:
        for position, item in enumerate(value):
            problems += conforms(document, schema["items"], item, f"{where}[{position}]")
    return problems


def refs(node: object) -> list[str]:
    """Every "$ref" anywhere in the document."""
    if isinstance(node, list):
        return [ref for value in node for ref in refs(value)]
    if not isinstance(node, dict):
        return []
    own = [node["$ref"]] if "$ref" in node else []
    return own + [ref for value in node.values() for ref in refs(value)]


def example_of(content: dict) -> object:
    """The (first) documented example of a request body."""
    return next(iter(content["examples"].values()))["value"]


def operation_schema(document: dict, status: str, path: str = "/score") -> dict:
    response = document["paths"][path]["post"]["responses"][status]
    return response["content"]["application/json"]["schema"]


def test_it_is_an_openapi_3_1_document_describing_the_score_endpoint(document: dict) -> None:
    assert document["openapi"].startswith("3.1.")
    assert document["info"]["title"] and document["info"]["version"]
    assert document["servers"] == [{"url": "/api/v1"}]
    post = document["paths"]["/score"]["post"]
    assert post["requestBody"]["required"] is True
    assert set(post["responses"]) >= {"200", "400", "405"}
    assert "get" in document["paths"]["/openapi.json"]
    assert "#/components/schemas/ScoreResult" in refs(document)
    for ref in refs(document):
        assert resolve(document, {"$ref": ref}), ref


def test_the_documented_request_example_matches_the_request_schema(document: dict) -> None:
    body = document["paths"]["/score"]["post"]["requestBody"]["content"]["application/json"]
    assert conforms(document, body["schema"], example_of(body)) == []
    assert conforms(document, body["schema"], {"levels": {}}) == [
        "$: matches 0 of the oneOf schemas"
    ]
    pemdi = {"framework": "pemdi-2026", "items": {"I1-L1-01": "accepted"}, "values": {"I3": "1.2"}}
    assert conforms(document, body["schema"], pemdi) == []
    assert conforms(document, body["schema"], {**pemdi, "items": {"I1-L1-01": "ok"}}) == [
        "$: matches 0 of the oneOf schemas"
    ]


@pytest.mark.parametrize(
    "levels", [{"1": 3}, {str(n): 5 for n in range(1, 48)}, {}], ids=["partial", "complete", "none"]
)
def test_real_success_responses_match_the_documented_schema(
    document: dict, post_score: Callable, levels: dict
) -> None:
    body = post_score({"framework": "spbe-2020", "levels": levels}).json()
    assert conforms(document, operation_schema(document, "200"), body) == []


def test_real_pemdi_responses_match_the_documented_schema(
    document: dict, post_score: Callable
) -> None:
    response = post_score(
        {
            "framework": "pemdi-2026",
            "items": {"I1-L1-01": "accepted", "I1-L2-01": "revision"},
            "external": {"I5": "25"},
            "values": {"I1": "1.8"},
        }
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body["indicators"]) == {f"I{n}" for n in range(1, 21)}
    assert conforms(document, operation_schema(document, "200"), body) == []
    body["indicators"]["I5"]["source"] = "tebakan"
    assert conforms(document, operation_schema(document, "200"), body) == [
        "$.indicators.I5.source: 'tebakan' not in ['items', 'external', 'value']"
    ]


def test_real_error_responses_match_the_documented_schema(
    document: dict, post_score: Callable
) -> None:
    body = post_score({"framework": "spbe-2020", "levels": {"I99": 1}}).json()
    assert conforms(document, operation_schema(document, "400"), body) == []


def test_the_schema_checker_notices_a_missing_key(document: dict, post_score: Callable) -> None:
    body = post_score({"framework": "spbe-2020", "levels": {"1": 3}}).json()
    del body["groups"][0]["index_exact"]
    body["complete"] = "ya"
    assert conforms(document, operation_schema(document, "200"), body) == [
        "$.complete: 'ya' is not ['boolean']",
        "$.groups[0].index_exact: required",
    ]


PLAN_LEVELS = {str(n): 2 for n in range(1, 48)}


def test_it_describes_the_plan_endpoint_and_its_example_request(document: dict) -> None:
    post = document["paths"]["/plan"]["post"]
    assert set(post["responses"]) >= {"200", "400", "405"}
    body = post["requestBody"]["content"]["application/json"]
    assert conforms(document, body["schema"], example_of(body)) == []
    assert conforms(document, body["schema"], {"framework": "spbe-2020", "lock": []}) == [
        "$: matches 0 of the oneOf schemas"
    ]
    level_request = resolve(document, {"$ref": "#/components/schemas/LevelPlanRequest"})
    bad = {"framework": "spbe-2020", "lock": [], "target": "3"}
    assert conforms(document, level_request, bad) == ["$.levels: required", "$.lock: not allowed"]
    items = {"framework": "pemdi-2026", "items": {"I1-L1-01": "accepted"}, "target": "2.5"}
    assert conforms(document, body["schema"], items) == []


def test_real_item_plan_responses_match_the_documented_schema(
    document: dict, post_plan: Callable
) -> None:
    for target in ("2.5", "4.9"):
        response = post_plan({"framework": "pemdi-2026", "target": target})
        assert response.status_code == 200
        body = response.json()
        assert conforms(document, operation_schema(document, "200", "/plan"), body) == []
    roadmap = post_plan({"framework": "pemdi-2026", "years": ["1.8", "2.5"]}).json()
    assert len(roadmap["years"]) == 2
    assert conforms(document, operation_schema(document, "200", "/plan"), roadmap) == []
    del body["items"]
    assert conforms(document, operation_schema(document, "200", "/plan"), body) == [
        "$: matches 0 of the oneOf schemas"
    ]


@pytest.mark.parametrize(
    "extra",
    [
        {"target": "Sangat Baik", "suggested_rules": True, "max_steps": 2},
        {"target": "4.9", "locks": ["1", "2"], "max_steps": 1},
        {"years": ["2.6", "3.2"], "max_steps": 1},
    ],
    ids=["feasible", "infeasible", "roadmap"],
)
def test_real_plan_responses_match_the_documented_schema(
    document: dict, post_plan: Callable, extra: dict
) -> None:
    response = post_plan({"framework": "spbe-2020", "levels": PLAN_LEVELS, **extra})
    assert response.status_code == 200
    body = response.json()
    assert body["steps"] and body["leverage"]
    assert conforms(document, operation_schema(document, "200", "/plan"), body) == []


def test_real_plan_errors_match_the_documented_schema(document: dict, post_plan: Callable) -> None:
    body = post_plan({"framework": "spbe-2020", "levels": PLAN_LEVELS, "target": 9}).json()
    assert conforms(document, operation_schema(document, "400", "/plan"), body) == []


def schema_errors(document: dict, name: str, value: object) -> list[str]:
    """What a full JSON Schema 2020-12 validator says of `value` against a component."""
    from jsonschema import Draft202012Validator

    wrapper = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    return [error.message for error in Draft202012Validator(wrapper).iter_errors(value)]


@pytest.mark.parametrize(
    "body",
    [
        {"framework": "spbe-2020", "levels": {"1": 3}, "target": "3", "years": []},
        {"framework": "spbe-2020", "levels": {"1": 3}, "years": []},
        {"framework": "spbe-2020", "levels": {"1": 3}},
        {"framework": "spbe-2020", "levels": {"tingkat satu": 3}, "target": "3"},
        {"framework": "spbe-2020", "levels": {"1": 3}, "years": ["3"] * 11},
    ],
    ids=["target and empty years", "empty years", "no goal", "bad level key", "11 years"],
)
def test_the_schema_refuses_what_the_server_refuses(
    document: dict, post_plan: Callable, body: dict
) -> None:
    assert schema_errors(document, "LevelPlanRequest", body)
    assert post_plan(body).status_code == 400


def test_the_schema_accepts_both_goals_on_their_own(document: dict) -> None:
    base = {"framework": "spbe-2020", "levels": {"1": 3, "I02": 4}}
    assert schema_errors(document, "LevelPlanRequest", {**base, "target": "3"}) == []
    assert schema_errors(document, "LevelPlanRequest", {**base, "years": ["3", "3.5"]}) == []
    items = {"framework": "pemdi-2026", "years": ["1.5"]}
    assert schema_errors(document, "ItemPlanRequest", items) == []
    assert schema_errors(document, "ItemPlanRequest", {**items, "target": "2"})
