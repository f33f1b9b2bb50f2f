from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from simpul.accounts.models import User
from simpul.agencies.models import Agency, Membership, Role
from simpul.core.management.commands.load_demo import DEMO_PASSWORD
from simpul.cycles import items
from simpul.cycles.models import Stage
from simpul.frameworks.models import Framework


def test_the_demo_has_one_account_per_role_and_both_frameworks(db, settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)  # running it twice changes nothing
    natuna = Agency.objects.get(name="Pemerintah Kabupaten Natuna (demo)")
    roles = set(Membership.objects.filter(agency=natuna).values_list("role", flat=True))
    assert roles == set(Role.values)
    assert natuna.units.count() >= 4
    assert set(Framework.objects.values_list("code", flat=True)) >= {
        "spbe-2020",
        "pemdi-2026-draft",
    }
    assert User.objects.filter(username="platform", is_staff=True).exists()
    last, current, pemdi = natuna.cycles.order_by("year")
    assert (last.year, last.stage, current.year, current.previous) == (
        2024,
        Stage.FINAL,
        2025,
        last,
    )
    # 2026 on the Indeks Pemdi, opened from 2025, with a first round of item verdicts.
    assert (pemdi.year, pemdi.framework.code, pemdi.previous) == (2026, "pemdi-2026", current)
    engine = pemdi.framework.engine()
    self_index = items.evaluate_stage(pemdi, items.SELF).result.index
    internal = items.evaluate_stage(pemdi, "internal").result.index
    assert 1.2 <= float(internal) < float(self_index) <= 1.5
    assert engine.display(internal) == "1.29"
    assert last.answers.filter(final_level__isnull=True).count() == 0
    assert current.answers.filter(units__isnull=True).count() == 0
    assert current.answers.filter(pic__username="responden").exists()
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "admin", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert "Natuna (demo)" in client.get(reverse("core:home")).content.decode()


def test_the_demo_refuses_without_debug(db, settings):
    settings.DEBUG = False
    try:
        call_command("load_demo", verbosity=0)
    except SystemExit:
        pass
    except Exception as error:  # CommandError
        assert "DEBUG=1" in str(error)
    assert not User.objects.filter(username="admin").exists()
