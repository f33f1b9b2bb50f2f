"""Every command refuses bad arguments in Bahasa Indonesia with exit code 2."""

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError


def run(capsys, *argv: str) -> tuple[int, str]:
    """The command as the shell runs it: `manage.py <argv>`, its exit code and stderr."""
    with pytest.raises(SystemExit) as stopped:
        ManagementUtility(["manage.py", *argv]).execute()
    return stopped.value.code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["import_official_results", "abc", "hasil.csv"],
            "argumen cycle_id: 'abc' bukan bilangan bulat yang sah",
        ),
        (["import_official_results"], "argumen wajib belum diisi: cycle_id, file"),
        (
            ["import_item_verdicts", "1", "salah", "x.csv"],
            "argumen stage: pilihan 'salah' tidak dikenal; pilih salah satu dari",
        ),
        (["score", "--framework"], "argumen --framework: perlu tepat satu nilai"),
        (["load_frameworks", "--tidak-ada"], "argumen tidak dikenal: --tidak-ada"),
        (["send_digest", "ekstra"], "argumen tidak dikenal: ekstra"),
    ],
)
def test_bad_arguments_are_refused_in_bahasa_with_exit_code_2(capsys, argv, message):
    code, err = run(capsys, *argv)
    assert code == 2
    assert message in err
    assert "cara pakai:" in err and ": galat: " in err
    assert "invalid" not in err and "usage:" not in err and "error:" not in err


def test_a_command_called_from_code_raises_the_same_refusal():
    with pytest.raises(CommandError, match="'abc' bukan bilangan bulat yang sah") as refused:
        call_command("import_official_results", "abc", "hasil.csv")
    assert refused.value.returncode == 2


def test_the_help_is_in_bahasa(capsys):
    with pytest.raises(SystemExit):
        ManagementUtility(["manage.py", "import_official_results", "--help"]).execute()
    out = capsys.readouterr().out
    assert "cara pakai:" in out and "argumen posisi:" in out and "opsi:" in out


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["send_action_reminders", "--today=9999-12-31"], "--today"),
        (["send_action_reminders", "--today=0001-01-01"], "--today"),
        (["send_meeting_reminders", "--date=9999-12-31"], "--date"),
    ],
)
def test_a_reference_date_near_year_9999_is_refused(db, argv, option):
    with pytest.raises(CommandError, match=f"{option} harus tanggal antara tahun 2000 dan 2100"):
        call_command(*argv)
