"""Counts as scalar subqueries, so that a page needing several counts asks the database once."""

from django.db.models import F, Func, IntegerField, QuerySet, Subquery


def count_of(queryset: QuerySet) -> Subquery:
    """COUNT(*) of `queryset` as a scalar subquery (0 when it matches nothing): annotate a
    one-row queryset with several of them to read several counts in one query."""
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"),
        output_field=IntegerField(),
    )
