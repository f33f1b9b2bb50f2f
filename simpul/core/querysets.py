"""The agency-scoped queryset base: one `for_agency(agency)` for every model of an agency."""

from django.db import models


class AgencyScopedQuerySet(models.QuerySet):
    """`for_agency(agency)` filters on `agency_field`, the lookup path to the owning agency.

    A subclass names the path once (`agency_field = "cycle__agency"`); the default is a
    model with its own `agency` foreign key. `agency` may be an Agency or its id.
    """

    agency_field = "agency"

    def for_agency(self, agency):
        return self.filter(**{self.agency_field: agency})
