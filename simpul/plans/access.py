"""Who may see and change what in planning: the access chokepoint of the plans app.

Views fetch scenarios and actions only through `get_scenario` and `get_action`, which filter
by the current agency first (and, for respondents, by their unit or charge): anything else is
a 404. Cycles come through `simpul.cycles.access.get_cycle`. The `can_*` predicates decide
which writes a membership may make; the write functions in `operations` check them again.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from simpul.agencies.models import Membership
from simpul.core.params import positive_id

from .models import Action, Scenario


def scenarios_for(request: HttpRequest) -> QuerySet[Scenario]:
    return (
        Scenario.objects.for_agency(request.membership.agency)
        .select_related("cycle__framework", "created_by")
        .defer("cycle__framework__document", "cycle__self_assessment_snapshot")
    )


def get_scenario(request: HttpRequest, pk: int | str) -> Scenario:
    if not positive_id(pk):
        raise Http404
    return get_object_or_404(scenarios_for(request), pk=positive_id(pk))


def actions_for(request: HttpRequest) -> QuerySet[Action]:
    """The actions the current membership may see, with what every list shows."""
    return (
        Action.objects.for_membership(request.membership)
        .select_related("indicator__framework", "unit", "pic", "cycle")
        .defer(
            "indicator__framework__document",
            "indicator__question",
            "indicator__description",
            "indicator__assessment_rule",
            "indicator__example_evidence",
            "indicator__notes",
            "cycle__self_assessment_snapshot",
        )
    )


def get_action(request: HttpRequest, pk: int, *, write: bool = False) -> Action:
    """An action the membership may see (with write: may update); else 404 or 403."""
    action = get_object_or_404(actions_for(request), pk=pk)
    if write and not can_update_progress(request.membership, action):
        raise PermissionDenied
    return action


def can_keep_scenarios(membership: Membership) -> bool:
    return membership.can("plan.edit")


def can_manage_actions(membership: Membership) -> bool:
    """Create, edit every field, delete, turn plans into actions: the admin (koordinator)."""
    return membership.can("action.manage")


def can_update_progress(membership: Membership, action: Action) -> bool:
    """Status, progress, notes and evidence: the admin, or a respondent who owns the action."""
    if membership.agency_id != action.agency_id:
        return False
    if membership.can("action.manage"):
        return True
    return membership.can("action.progress") and action.is_owned_by(membership)


def can_edit_efforts(membership: Membership) -> bool:
    return membership.can("plan.edit_efforts")
