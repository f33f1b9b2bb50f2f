"""The demo never shows two different official results for one year."""

from decimal import Decimal

from simpul.agencies.models import Agency
from simpul.dashboard.queries import cycle_scores
from simpul.national.queries import history_for
from simpul.testing.demo import load_demo


def test_the_demo_official_2024_index_is_the_published_one(db, settings):
    settings.DEBUG = True
    load_demo()
    natuna = Agency.objects.get(short_code="natuna-demo")
    published = {row["year"]: row for row in history_for(natuna)}
    assert published[2024]["index"] == Decimal("3.61")  # the demo agency is linked
    score = next(s for s in cycle_scores(natuna) if s.cycle.year == 2024)
    engine = score.engine
    # The exact engine's index and domains, rounded as published.
    assert score.official.index == Decimal("3.6125")
    assert Decimal(engine.display(score.official.index)) == published[2024]["index"]
    domains = {
        g.code: Decimal(engine.display(g.index)) for g in score.official.groups if g.depth == 0
    }
    assert domains == published[2024]["domains"]
    assert score.official.predicate == published[2024]["predicate"]
    # The self-assessment stays the agency's own (and differs), so both kinds show.
    assert score.own.index != score.official.index
