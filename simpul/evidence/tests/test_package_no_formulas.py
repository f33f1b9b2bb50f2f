"""The package's listing (daftar-data-dukung.xlsx) holds typed explanations as text, never a
formula that runs."""

import io

from openpyxl import load_workbook

from simpul.cycles.models import Answer

from .test_package import download, filled  # noqa: F401 - a fixture


def test_an_explanation_typed_as_a_formula_is_listed_as_text(
    as_user,
    personas,
    cycle,
    answers,
    filled,  # noqa: F811
):
    Answer.objects.filter(pk=answers.i01.pk).update(
        fact='=HYPERLINK("https://contoh.invalid","Klik")', analysis="@SUM(1+1)"
    )
    archive = download(as_user(personas.admin), cycle)
    sheet = load_workbook(io.BytesIO(archive.read("daftar-data-dukung.xlsx"))).active
    row = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "I01")
    assert [cell.data_type for cell in row[4:6]] == ["s", "s"]
    assert row[4].value == '\'=HYPERLINK("https://contoh.invalid","Klik")'
    assert row[5].value == "'@SUM(1+1)"
    assert row[2].value == 2 and row[2].data_type == "n"  # the level stays a number
