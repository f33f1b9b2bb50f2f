from decimal import Decimal

from django.core.management import call_command

from simpul.national.models import PublishedResult


def test_the_shipped_results_load_with_615_agencies_in_2024(national_loaded):
    assert PublishedResult.objects.filter(year=2024).count() == 615
    assert PublishedResult.objects.filter(year=2023).count() == 621
    natuna = PublishedResult.objects.get(year=2024, name="Pemerintah Kab. Natuna")
    assert (natuna.index, natuna.predicate) == (Decimal("3.61"), "Sangat Baik")
    assert natuna.source == "LAP2024 Tabel 20"


def test_banyuasins_d4_below_the_scale_is_kept_and_flagged(national_loaded):
    row = PublishedResult.objects.get(year=2023, name="Pemerintah Kab. Banyuasin")
    assert row.d4 == Decimal("0.30")
    assert "d4_layanan" in row.flag
    assert PublishedResult.objects.exclude(flag="").count() == 1


def test_the_command_without_a_file_reloads_the_shipped_data_idempotently(db):
    call_command("import_national_results")
    call_command("import_national_results")
    assert PublishedResult.objects.count() == 615 + 621
