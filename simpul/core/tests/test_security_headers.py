"""Every HTML page carries our Content-Security-Policy and every response a Permissions-Policy;
the templates hold nothing that policy would block."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

import simpul

TEMPLATES = Path(simpul.__file__).parent / "templates"
# Rendered to PDF by WeasyPrint, never served as a web page: their <style> is not under the CSP.
PDF_TEMPLATES = {"cycles/berita_acara.html", "meetings/minutes_pdf.html", "reports/report_pdf.html"}


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part
    }


@pytest.mark.parametrize(
    "name",
    ["core:home", "frameworks:list", "dashboard:index", "evidence:list", "forum:index"],
)
def test_a_signed_in_page_gets_a_policy_without_inline_scripts(personas, as_user, name):
    response = as_user(personas.admin).get(reverse(name))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    found = directives(response)
    assert found["script-src"] == ["'self'"]
    assert found["style-src"] == ["'self'"] and found["object-src"] == ["'none'"]
    assert found["frame-ancestors"] == ["'none'"] and found["base-uri"] == ["'none'"]


def test_the_sign_in_page_and_a_missing_page_get_the_policy_too(client, db):
    assert directives(client.get(reverse("accounts:login")))["script-src"] == ["'self'"]
    missing = client.get("/tidak-ada-halaman-ini/")
    assert missing.status_code == 404 and "script-src 'self'" in missing["Content-Security-Policy"]


def test_the_public_page_gets_the_policy_and_its_cached_copy_too(personas, client, db):
    from simpul.dashboard.models import DashboardSettings

    DashboardSettings.objects.create(agency=personas.agency_a, public_page=True)
    url = reverse("public:agency", args=[personas.agency_a.short_code])
    for _fresh_then_cached in range(2):
        assert directives(client.get(url))["script-src"] == ["'self'"]


def test_a_json_answer_gets_no_page_policy_but_the_permissions_policy(client, db):
    response = client.get(reverse("api:openapi"))
    assert response["Content-Type"].startswith("application/json")
    assert "Content-Security-Policy" not in response
    assert response["Permissions-Policy"] == django_settings.PERMISSIONS_POLICY


def test_the_permissions_policy_turns_off_camera_microphone_and_location(personas, as_user):
    policy = as_user(personas.admin).get(reverse("core:home"))["Permissions-Policy"]
    features = dict(item.split("=") for item in policy.split(", "))
    assert {features[name] for name in ("camera", "microphone", "geolocation", "payment")} == {"()"}


def test_no_served_template_has_an_inline_script_a_handler_or_a_style_element():
    offenders = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name in PDF_TEMPLATES or name.startswith("email/") or "/email/" in name:
            continue
        text = path.read_text(encoding="utf-8")
        inline_scripts = [tag for tag in re.findall(r"<script\b[^>]*>", text) if "src=" not in tag]
        handlers = re.findall(r"<[^>]*\son[a-z]+\s*=", text)
        styles = re.findall(r"<style\b", text)
        if inline_scripts or handlers or styles:
            offenders.append(name)
    assert offenders == []
