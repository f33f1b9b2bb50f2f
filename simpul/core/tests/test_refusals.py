"""One refusal type: every domain's refusal is a `Refusal`, and views show it through one of
three shared helpers instead of their own try/except blocks."""

import ast
import importlib
import json
from pathlib import Path

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import ResolverMatch

from simpul.core.decorators import refusal_into, refusal_message, refusals_redirect
from simpul.core.errors import Refusal

SIMPUL = Path(__file__).resolve().parents[2]
DOMAIN_REFUSALS = [
    ("simpul.agencies.operations", "ActionError"),
    ("simpul.cycles.operations", "ActionError"),
    ("simpul.cycles.operations", "AnswerConflict"),
    ("simpul.cycles.results", "OfficialResultsError"),
    ("simpul.cycles.item_import", "ItemImportError"),
    ("simpul.evidence.operations", "EvidenceError"),
    ("simpul.evidence.operations", "DuplicateEvidenceError"),
    ("simpul.forum.operations", "ForumError"),
    ("simpul.meetings.operations", "MeetingError"),
    ("simpul.meetings.operations", "MinutesConflict"),
    ("simpul.national.operations", "ImportRefused"),
    ("simpul.notifications.operations", "OutboxError"),
    ("simpul.plans.operations", "PlansError"),
    ("simpul.reports.operations", "ReportError"),
]


@pytest.mark.parametrize(("module", "name"), DOMAIN_REFUSALS)
def test_every_domain_refusal_is_a_refusal(module, name):
    assert issubclass(getattr(importlib.import_module(module), name), Refusal)


def test_no_other_exception_class_in_an_actions_module_stands_alone():
    """A new `class XError(Exception)` in an operations.py would be a seventh copy."""
    found = []
    for path in SIMPUL.glob("*/operations.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(base, ast.Name) and base.id == "Exception" for base in node.bases
            ):
                found.append(f"{path.relative_to(SIMPUL)}: {node.name}")
    assert found == []


def _shows_only_the_refusal(handler: ast.ExceptHandler) -> bool:
    """`except X as e: messages.error(request, e.message)` or `form.add_error(None, str(e))`:
    the one-line handler that `refusal_message` / `refusal_into` replace."""
    if handler.name is None or len(handler.body) != 1:
        return False
    statement = handler.body[0]
    if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)):
        return False
    call = statement.value
    if not (isinstance(call.func, ast.Attribute) and call.func.attr in {"error", "add_error"}):
        return False
    shown = ast.unparse(call.args[-1]) if call.args else ""
    return shown in {f"{handler.name}.message", f"str({handler.name})"}


def test_views_do_not_translate_refusals_by_hand():
    offenders = []
    for path in SIMPUL.glob("*/views.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Try)
                and len(node.handlers) == 1
                and _shows_only_the_refusal(node.handlers[0])
            ):
                offenders.append(f"{path.relative_to(SIMPUL)}:{node.lineno}")
    assert offenders == [], "use refusal_message / refusal_into / refusals_redirect"


def _request(method="post", accept="text/html", pk=None):
    request = getattr(RequestFactory(), method)("/x/", HTTP_ACCEPT=accept)
    request.session = {}
    from django.contrib.messages.storage.fallback import FallbackStorage

    request._messages = FallbackStorage(request)
    request.resolver_match = ResolverMatch(lambda r: None, (), {"pk": pk} if pk else {})
    return request


@refusals_redirect("meetings:detail")
def _refusing_view(request, pk):
    raise Refusal("Rapat ini sudah selesai.", field="starts_at")


def test_refusals_redirect_shows_the_message_and_goes_back_to_the_object():
    request = _request(pk=7)
    response = _refusing_view(request, pk=7)
    assert response.status_code == 302
    assert response["Location"] == "/rapat/7/"
    assert [m.message for m in get_messages(request)] == ["Rapat ini sudah selesai."]


def test_refusals_redirect_answers_a_json_request_with_the_field():
    response = _refusing_view(_request(accept="application/json", pk=7), pk=7)
    assert response.status_code == 400
    assert json.loads(response.content) == {
        "error": {"field": "starts_at", "message": "Rapat ini sudah selesai."}
    }


def test_refusal_message_skips_the_rest_of_the_block_only():
    request, reached = _request(), []
    with refusal_message(request):
        raise Refusal("Tahap ini sudah dikunci.")
        reached.append("sesudah")  # noqa: B018 - unreachable on purpose
    reached.append("lanjut")
    assert reached == ["lanjut"]
    assert [m.message for m in get_messages(request)] == ["Tahap ini sudah dikunci."]


def test_other_errors_are_not_swallowed():
    with pytest.raises(ValueError), refusal_message(_request()):
        raise ValueError("bug")


class _Form(forms.Form):
    name = forms.CharField()


def test_refusal_into_puts_the_message_on_the_form_and_keeps_what_was_typed():
    form = _Form({"name": "Skenario A"})
    assert form.is_valid()
    with refusal_into(form, "name"):
        raise Refusal("Nama itu sudah dipakai.")
    assert form.errors == {"name": ["Nama itu sudah dipakai."]}
    assert form.data["name"] == "Skenario A"
    whole = _Form({"name": "x"})
    whole.is_valid()
    with refusal_into(whole):
        raise Refusal("Tidak boleh.")
    assert whole.non_field_errors() == ["Tidak boleh."]


def test_a_successful_block_runs_to_its_end():
    form, done = _Form({"name": "x"}), []
    form.is_valid()
    with refusal_into(form):
        done.append(1)
    assert done == [1] and not form.errors
    assert isinstance(HttpResponse(), HttpResponse)


def test_the_api_answers_a_refusal_with_its_message_field_and_status():
    from simpul.api.errors import exception_handler
    from simpul.cycles.operations import ActionError, AnswerConflict

    response = exception_handler(ActionError("Periode ini sudah dikunci.", field="level"), {})
    assert response.status_code == 400
    assert response.data == {"error": {"field": "level", "message": "Periode ini sudah dikunci."}}
    assert AnswerConflict.status_code == 409
