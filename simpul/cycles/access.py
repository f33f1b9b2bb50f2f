"""Who may see and change what in a cycle: the access chokepoint of the cycles app.

Views fetch cycles and answers only through `get_cycle` and `get_answer`, which filter by
the current agency (and, for respondents, by assignment) first: anything else is a 404.
The `can_*` predicates decide which actions a membership may take; the actions check
them too, so a view that forgets one still cannot write.
"""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from simpul.agencies.capabilities import CAPABILITIES
from simpul.agencies.models import Membership

from .models import Answer, Cycle

# Old names of two rows of the capability table, kept for one release: name the capability.
REVIEW_ROLES = CAPABILITIES["cycle.review"]
STAGE_LEVEL_ROLES = CAPABILITIES["cycle.stage_level"]


def cycles_for(request: HttpRequest) -> QuerySet[Cycle]:
    return Cycle.objects.for_agency(request.membership.agency)


def get_cycle(request: HttpRequest, pk: int) -> Cycle:
    return get_object_or_404(
        cycles_for(request).select_related("framework", "agency").defer("framework__document"),
        pk=pk,
    )


def get_answer(request: HttpRequest, pk: int, *, write: bool = False) -> Answer:
    """An answer the current membership may read (or, with write, edit); else 404."""
    answers = Answer.objects.for_membership(request.membership).select_related(
        "cycle__framework", "cycle__agency", "indicator", "pic", "updated_by"
    )
    answer = get_object_or_404(answers.defer("cycle__framework__document"), pk=pk)
    if write and not can_edit(request.membership, answer):
        raise Http404
    return answer


def can_edit(membership: Membership, answer: Answer) -> bool:
    """Admins edit every answer; respondents only those assigned to them."""
    if membership.can("cycle.edit_all"):
        return True
    return membership.can("cycle.answer") and answer.is_assigned_to(membership)


def can_review(membership: Membership) -> bool:
    return membership.can("cycle.review")


def can_set_stage_level(membership: Membership) -> bool:
    return membership.can("cycle.stage_level")
