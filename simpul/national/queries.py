"""Reading the published results: ranks, averages, distance to the top 10 %, peers.

Everything is computed in Python from one query per year with exact Decimal values, so ranks
and averages never depend on the database's floating point. Ties share a rank.
"""

from collections import defaultdict
from decimal import ROUND_CEILING, Decimal

from simpul.agencies.models import Agency

from .matching import normalise
from .models import DOMAIN_FIELDS, AgencyLink, PublishedResult

PEER_BAND = Decimal("0.10")
TOP_SHARE = Decimal("0.10")
FIELDS = [
    "id",
    "year",
    "category",
    "province",
    "name",
    "key",
    "index",
    "predicate",
    "source",
    "flag",
]
FIELDS += list(DOMAIN_FIELDS.values())


def linked_key(agency: Agency) -> tuple[str, str | None, bool]:
    """(normalised name, category or None, manual?) used to find the agency's published rows."""
    link = AgencyLink.objects.filter(agency=agency).first()
    if link is not None:
        return link.key, link.category, True
    return normalise(agency.name), agency.category or None, False


def rows_of(agency: Agency) -> list[dict]:
    """The agency's published rows, oldest year first."""
    key, category, _manual = linked_key(agency)
    rows = PublishedResult.objects.filter(key=key)
    if category:
        rows = rows.filter(category=category)
    return list(rows.order_by("year").values(*FIELDS))


def domains_of(row: dict) -> dict[str, Decimal]:
    return {code: row[field] for code, field in DOMAIN_FIELDS.items()}


def history_for(agency: Agency) -> list[dict]:
    """[{year, index, predicate, domains {D1..D4: Decimal}, source}] of the published results."""
    return [
        {
            "year": row["year"],
            "index": row["index"],
            "predicate": row["predicate"],
            "domains": domains_of(row),
            "source": row["source"],
        }
        for row in rows_of(agency)
    ]


def rank(value: Decimal, values: list[Decimal]) -> int:
    """1 + how many are strictly better: equal indexes share a rank."""
    return 1 + sum(1 for other in values if other > value)


def mean(values: list[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) / len(values) if values else None


def averages(rows: list[dict]) -> dict[str, Decimal | None]:
    result = {code: mean([r[field] for r in rows]) for code, field in DOMAIN_FIELDS.items()}
    result["index"] = mean([r["index"] for r in rows])
    return result


def top_threshold(values: list[Decimal]) -> Decimal | None:
    """The index of the lowest agency still inside the top 10 % (the 90th percentile)."""
    if not values:
        return None
    ordered = sorted(values, reverse=True)
    position = int((len(ordered) * TOP_SHARE).to_integral_value(rounding=ROUND_CEILING))
    return ordered[max(position, 1) - 1]


def year_rows(year: int) -> list[dict]:
    return list(PublishedResult.objects.filter(year=year).values(*FIELDS))


def peers(row: dict, previous_rows: list[dict], current_rows: list[dict], limit=5) -> list[dict]:
    """Agencies within ±0.10 of this one's index last year, biggest rise first."""
    mine = next((r for r in previous_rows if r["key"] == row["key"]), None)
    if mine is None:
        return []
    now = {(r["category"], r["key"]): r for r in current_rows}
    found = []
    for before in previous_rows:
        if before["key"] == row["key"] or abs(before["index"] - mine["index"]) > PEER_BAND:
            continue
        after = now.get((before["category"], before["key"]))
        if after is not None:
            found.append(
                {**after, "before": before["index"], "change": after["index"] - before["index"]}
            )
    found.sort(key=lambda r: (-r["change"], r["name"]))
    return found[:limit]


def comparison_for(agency: Agency, year: int | None = None) -> dict | None:
    """The agency's standing in `year` (default: its latest published year), or None."""
    own = rows_of(agency)
    if year is not None:
        own = [r for r in own if r["year"] == year]
    if not own:
        return None
    row = own[-1]
    everyone = year_rows(row["year"])
    same_category = [r for r in everyone if r["category"] == row["category"]]
    same_province = [r for r in everyone if row["province"] and r["province"] == row["province"]]
    threshold = top_threshold([r["index"] for r in same_category])
    scopes = {"national": everyone, "category": same_category, "province": same_province}
    return {
        "year": row["year"],
        "row": row,
        "index": row["index"],
        "predicate": row["predicate"],
        "domains": domains_of(row),
        "ranks": {
            scope: {"rank": rank(row["index"], [r["index"] for r in rows]), "of": len(rows)}
            for scope, rows in scopes.items()
            if rows
        },
        "averages": {scope: averages(rows) for scope, rows in scopes.items() if rows},
        "top10": {
            "threshold": threshold,
            "distance": max(threshold - row["index"], Decimal(0))
            if threshold is not None
            else None,
        },
        "peers": peers(row, year_rows(row["year"] - 1), everyone),
    }


def years() -> list[int]:
    return list(PublishedResult.objects.order_by("-year").values_list("year", flat=True).distinct())


def predicate_distribution(year_list: list[int], predicates: list[str]) -> list[dict]:
    """[{year, category (its label), counts: [n per predicate, in `predicates` order]}],
    newest year first, in one query. Plain lists: a template cannot misread them (a
    defaultdict answered `.items` with an empty entry, so the table was always empty)."""
    from django.db.models import Count

    from simpul.agencies.models import AgencyCategory

    counts = (
        PublishedResult.objects.filter(year__in=year_list)
        .values("year", "category", "predicate")
        .annotate(n=Count("id"))
    )
    table: dict[tuple[int, str], dict[str, int]] = {}
    for item in counts:
        table.setdefault((item["year"], item["category"]), {})[item["predicate"]] = item["n"]
    labels = dict(AgencyCategory.choices)
    return [
        {
            "year": year,
            "category": labels.get(category, category),
            "counts": [found.get(name, 0) for name in predicates],
        }
        for (year, category), found in sorted(table.items(), key=lambda kv: (-kv[0][0], kv[0][1]))
    ]


def province_averages(rows: list[dict]) -> list[dict]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if row["province"]:
            grouped[row["province"]].append(row)
    return [
        {"province": name, "count": len(items), **averages(items)}
        for name, items in sorted(grouped.items())
    ]
