"""One access table (issue 14 §1): `CAPABILITIES` in simpul/agencies/capabilities.py is read by
`Membership.can`, `capability_required`, the `can` template filter, the API and docs/access.md;
role lists written anywhere else are refused."""

import ast
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.template import Context, Template
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate

from simpul.agencies.access import capability_required, membership_required
from simpul.agencies.capabilities import CAPABILITIES, markdown_table, ordered_roles, roles_with
from simpul.agencies.models import OIDC_NEW_MEMBER_ROLES, Membership, Role, Unit
from simpul.agencies.templatetags.capabilities import can
from simpul.api.data_views import AgencyReadView
from simpul.core.querysets import AgencyScopedQuerySet

SIMPUL = Path(__file__).resolve().parents[2]
ROOT = SIMPUL.parent

ALL_BUT_PARTNER = {"admin", "respondent", "internal_assessor", "external_assessor", "leader"}
# The roles every page allowed before the table existed: a change here is a change of access.
EXPECTED = {
    "agency.admin": {"admin"},
    "cycle.read": ALL_BUT_PARTNER,
    "cycle.read_all": {"admin", "internal_assessor", "external_assessor", "leader"},
    "cycle.answer": {"admin", "respondent"},
    "cycle.edit_all": {"admin"},
    "cycle.manage": {"admin"},
    "cycle.review": {"admin", "internal_assessor"},
    "cycle.stage_level": {"admin", "external_assessor"},
    "evidence.read": ALL_BUT_PARTNER,
    "evidence.write": {"admin", "respondent"},
    "evidence.edit_all": {"admin"},
    "report.read": {"admin", "leader", "internal_assessor", "external_assessor"},
    "dashboard.read": ALL_BUT_PARTNER,
    "dashboard.leader": {"admin", "internal_assessor", "leader"},
    "national.read": ALL_BUT_PARTNER,
    "plan.read": {"admin", "internal_assessor", "leader"},
    "plan.edit": {"admin", "internal_assessor"},
    "plan.edit_efforts": {"admin"},
    "action.read": {"admin", "internal_assessor", "leader", "respondent"},
    "action.read_all": {"admin", "internal_assessor", "leader"},
    "action.progress": {"admin", "respondent"},
    "action.manage": {"admin"},
    "forum.moderate": {"admin"},
    "forum.post_directly": ALL_BUT_PARTNER,
    "meeting.read_all": ALL_BUT_PARTNER,
    "meeting.manage": {"admin"},
    "oidc.new_member": {"respondent", "internal_assessor", "leader"},
}


def test_the_table_holds_exactly_the_expected_rows():
    assert {name: {str(role) for role in roles} for name, roles in CAPABILITIES.items()} == (
        EXPECTED
    )


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("name", list(EXPECTED))
def test_membership_can_follows_the_table(name, role):
    assert Membership(role=role).can(name) is (role in EXPECTED[name])


@pytest.mark.parametrize("typo", ["cycle.reviw", "", "CYCLE.READ", "cycle"])
def test_an_unknown_capability_fails_loudly(typo):
    with pytest.raises(KeyError, match="Unknown capability"):
        Membership(role=Role.ADMIN).can(typo)
    with pytest.raises(KeyError):
        capability_required(typo)
    with pytest.raises(KeyError):
        can(None, typo)


def test_roles_and_capability_together_are_refused():
    with pytest.raises(ValueError, match="not both"):
        membership_required(roles=[Role.ADMIN], capability="agency.admin")


def test_oidc_choices_keep_the_role_order():
    assert ordered_roles("oidc.new_member") == OIDC_NEW_MEMBER_ROLES
    assert list(OIDC_NEW_MEMBER_ROLES) == [Role.RESPONDENT, Role.INTERNAL_ASSESSOR, Role.LEADER]


@pytest.mark.parametrize(
    ("persona", "url", "status"),
    [
        ("respondent", "/dasbor/pimpinan/", 403),
        ("external", "/dasbor/pimpinan/", 403),
        ("leader", "/dasbor/pimpinan/", 200),
        ("partner", "/nasional/", 403),
        ("respondent", "/nasional/", 200),
        ("leader", "/data-dukung/unggah/", 403),
        ("respondent", "/data-dukung/unggah/", 200),
        ("admin_b", "/data-dukung/unggah/", 200),
    ],
)
def test_capability_required_refuses_with_403_as_before(personas, as_user, persona, url, status):
    assert as_user(getattr(personas, persona)).get(url).status_code == status


def test_capability_required_sends_a_person_without_agency_home(personas, as_user):
    response = as_user(personas.nobody).get("/dasbor/pimpinan/")
    assert response.status_code == 302
    assert response.url == "/"


@pytest.mark.parametrize("role", Role.values)
def test_the_template_filter_reads_the_table(role):
    template = Template(
        '{% load capabilities %}{% if membership|can:"cycle.review" %}tinjau{% endif %}'
        '{% if membership|can:"dashboard.leader" %}pimpinan{% endif %}'
    )
    shown = template.render(Context({"membership": Membership(role=role)}))
    assert ("tinjau" in shown) is (role in EXPECTED["cycle.review"])
    assert ("pimpinan" in shown) is (role in EXPECTED["dashboard.leader"])


def test_the_template_filter_without_membership_is_false():
    template = Template('{% load capabilities %}{% if membership|can:"cycle.read" %}ya{% endif %}')
    assert template.render(Context({})) == ""
    assert template.render(Context({"membership": None})) == ""


class _PartnersOnly(AgencyReadView):
    """A subclass written before the table: it sets `roles`, which must still be obeyed."""

    roles = (Role.PARTNER,)

    def get(self, request):
        return Response({"ok": True})


class _Reviewers(AgencyReadView):
    capability = "cycle.review"

    def get(self, request):
        return Response({"ok": True})


def _api_status(view_class, membership) -> int:
    request = APIRequestFactory().get("/api/v1/uji")
    force_authenticate(request, user=membership.user)
    request.membership = membership
    return view_class.as_view()(request).status_code


@pytest.mark.parametrize(
    ("view_class", "persona", "status"),
    [
        (_PartnersOnly, "partner", 200),
        (_PartnersOnly, "admin", 403),
        (_Reviewers, "assessor", 200),
        (_Reviewers, "leader", 403),
    ],
)
def test_the_api_checks_capability_or_a_subclass_roles(personas, view_class, persona, status):
    membership = getattr(personas, f"{persona}_membership")
    assert _api_status(view_class, membership) == status


def test_the_api_base_refuses_a_partner(personas):
    """The base class reads cycle.read, which partners do not hold."""

    class Plain(AgencyReadView):
        def get(self, request):
            return Response({"ok": True})

    assert _api_status(Plain, personas.partner_membership) == 403
    assert _api_status(Plain, personas.respondent_membership) == 200


def _docs_table() -> str:
    text = (ROOT / "docs" / "access.md").read_text()
    start = text.index("<!-- capabilities:start -->\n") + len("<!-- capabilities:start -->\n")
    return text[start : text.index("<!-- capabilities:end -->")]


def test_the_docs_page_is_the_command_output():
    out = io.StringIO()
    call_command("capabilities", stdout=out)
    assert out.getvalue() == markdown_table()
    assert _docs_table() == out.getvalue()


def test_the_docs_page_lists_every_capability_with_its_roles():
    rows = [line for line in _docs_table().splitlines() if line.startswith("| `")]
    header = [cell.strip() for cell in _docs_table().splitlines()[0].strip("|").split("|")]
    labels = {str(role.label): role.value for role in Role}
    listed = {}
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        listed[cells[0].strip("`")] = {
            labels[header[i]] for i, cell in enumerate(cells) if cell == "✓"
        }
    assert listed == EXPECTED


def _role_attributes(node: ast.AST) -> list[ast.Attribute]:
    return [
        element
        for element in getattr(node, "elts", [])
        if isinstance(element, ast.Attribute)
        and isinstance(element.value, ast.Name)
        and element.value.id == "Role"
    ]


def _role_lists(tree: ast.AST) -> list[int]:
    """Lines of a tuple, list or set of `Role.X` only, or a comprehension over `Role`."""
    found = []
    for node in ast.walk(tree):
        is_collection = isinstance(node, ast.Tuple | ast.List | ast.Set) and node.elts
        if is_collection and len(_role_attributes(node)) == len(node.elts):
            found.append(node.lineno)
        if isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp):
            for generator in node.generators:
                source = generator.iter
                if isinstance(source, ast.Attribute):
                    source = source.value
                if isinstance(source, ast.Name) and source.id == "Role":
                    found.append(node.lineno)
    return found


ALLOWED = {"agencies/capabilities.py", "agencies/roles.py", "conftest.py"}


def _source_files():
    for path in sorted(SIMPUL.rglob("*.py")):
        relative = path.relative_to(SIMPUL).as_posix()
        if "/tests/" in relative or "/migrations/" in relative or relative in ALLOWED:
            continue
        yield relative, path


def test_no_role_list_outside_the_capability_table():
    found = [
        f"{relative}:{line}"
        for relative, path in _source_files()
        for line in _role_lists(ast.parse(path.read_text()))
    ]
    assert found == [], "name a capability of simpul/agencies/capabilities.py instead"


# Data rules, not access: a partner needs a helix; an agency keeps one active coordinator.
ROLE_COMPARISONS_ALLOWED = {"agencies/operations.py"}


def _role_comparisons(tree: ast.AST) -> list[int]:
    """Lines comparing something's `.role` with one `Role.X`: an access decision that names a
    role instead of a capability."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        sides = [node.left, *node.comparators]
        names_role = any(isinstance(s, ast.Attribute) and s.attr == "role" for s in sides) or any(
            isinstance(s, ast.Name) and s.id == "role" for s in sides
        )
        if names_role and any(
            isinstance(s, ast.Attribute)
            and isinstance(s.value, ast.Name)
            and s.value.id == "Role"
            and s.attr.isupper()  # a member, not Role.values
            for s in sides
        ):
            found.append(node.lineno)
    return found


def test_no_access_decision_compares_a_role():
    found = [
        f"{relative}:{line}"
        for relative, path in _source_files()
        if relative not in ROLE_COMPARISONS_ALLOWED
        for line in _role_comparisons(ast.parse(path.read_text()))
    ]
    assert found == [], "name a capability of simpul/agencies/capabilities.py instead"


def test_the_guard_sees_a_role_comparison():
    assert _role_comparisons(ast.parse("ok = membership.role == Role.RESPONDENT")) == [1]
    assert _role_comparisons(ast.parse("if role != Role.ADMIN:\n    pass")) == [1]
    assert _role_comparisons(ast.parse('ok = membership.role == "admin"')) == []
    assert _role_comparisons(ast.parse("ok = role in Role.values")) == []
    assert _role_comparisons(ast.parse('ok = membership.can("cycle.read")')) == []


def test_the_guard_sees_a_role_list():
    assert _role_lists(ast.parse("X = (Role.ADMIN, Role.LEADER)")) == [1]
    assert _role_lists(ast.parse("f(role__in=[Role.ADMIN])")) == [1]
    assert _role_lists(ast.parse("M = [r for r in Role.values if r != Role.PARTNER]")) == [1]
    assert _role_lists(ast.parse('ROWS = [("admin", Role.ADMIN)]')) == []


def test_no_template_compares_a_role_with_a_list_of_roles():
    """`membership.role == "admin" or membership.role == "leader"` is a role list in disguise."""
    found = []
    for path in sorted((SIMPUL / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if line.count(".role ==") + line.count(".role !=") > 1 or ".role in " in line:
                found.append(f"{path.relative_to(SIMPUL)}:{number}")
    assert found == []


def test_every_for_agency_queryset_is_agency_scoped(personas):
    """One `for_agency`: every model's queryset that has one inherits it, and its path works."""
    scoped = []
    for model in apps.get_models():
        queryset = model._default_manager.all()
        if not hasattr(queryset, "for_agency"):
            continue
        assert isinstance(queryset, AgencyScopedQuerySet), model
        assert "for_agency" not in type(queryset).__dict__, model
        # The lookup path resolves: building the query raises FieldError on a wrong path.
        str(queryset.for_agency(personas.agency_a).query)
        scoped.append(model.__name__)
    assert {"Cycle", "Answer", "Membership", "Unit", "Post", "EvidenceRevision"} <= set(scoped)


def test_for_agency_filters_on_the_configured_path(personas):
    assert set(Unit.objects.for_agency(personas.agency_a)) == {personas.unit_a, personas.unit_a2}
    assert set(Unit.objects.for_agency(personas.agency_b.pk)) == {personas.unit_b}
    assert set(Membership.objects.for_agency(personas.agency_b)) == set(
        Membership.objects.filter(agency=personas.agency_b)
    )
    assert roles_with("agency.admin") == {Role.ADMIN}


def _calls_with_roles(tree: ast.AST) -> list[int]:
    """Lines of `membership_required(roles=...)`: the older spelling of capability_required."""
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None)) == "membership_required"
        and any(keyword.arg == "roles" for keyword in node.keywords)
    ]


def test_no_view_names_roles_instead_of_a_capability():
    found = [
        f"{relative}:{line}"
        for relative, path in _source_files()
        for line in _calls_with_roles(ast.parse(path.read_text()))
    ]
    assert found == [], "use @capability_required(...)"
    assert _calls_with_roles(ast.parse("@membership_required(roles=X)\ndef f(): pass")) == [1]
