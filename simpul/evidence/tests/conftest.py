"""Fixtures for the evidence library: a private MEDIA_ROOT per test, a cycle with answers, and
a way to run the queued background tasks for real."""

from pathlib import Path
from types import SimpleNamespace

import pytest

from simpul.cycles.models import Answer, Cycle
from simpul.evidence import operations
from simpul.frameworks.models import Framework, Indicator
from simpul.frameworks.tests.conftest import frameworks_loaded  # noqa: F401 - a fixture

from . import samples


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    """Every test stores its evidence files in its own directory, never in var/media."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


@pytest.fixture
def cycle(personas, frameworks_loaded) -> Cycle:  # noqa: F811
    framework = Framework.objects.get(code="spbe-2020")
    return Cycle.objects.create(agency=personas.agency_a, year=2025, framework=framework)


def make_answer(cycle: Cycle, code: str, *units) -> Answer:
    indicator = Indicator.objects.get(framework=cycle.framework, code=code)
    answer = Answer.objects.create(cycle=cycle, indicator=indicator)
    answer.units.set(units)
    return answer


@pytest.fixture
def answers(personas, cycle) -> SimpleNamespace:
    """I01 assigned to the respondent's unit (Bappeda), I02 to the admin's (Diskominfo)."""
    return SimpleNamespace(
        i01=make_answer(cycle, "I01", personas.unit_a2),
        i02=make_answer(cycle, "I02", personas.unit_a),
        i03=make_answer(cycle, "I03"),
    )


@pytest.fixture
def add_pdf(personas):
    """`add_pdf(title, text)` puts a real PDF into agency A's library (or `agency=`).

    The PDF says `text` (the title by default), so different titles make different files."""

    def add(title: str = "Perbup Arsitektur SPBE", text: str | None = None, **extra):
        agency = extra.pop("agency", personas.agency_a)
        name = extra.pop("name", "perbup.pdf")
        return operations.upload_evidence(
            agency,
            samples.upload(name, samples.pdf_bytes(text or title)),
            title=title,
            user=extra.pop("user", personas.admin),
            **extra,
        )

    return add
