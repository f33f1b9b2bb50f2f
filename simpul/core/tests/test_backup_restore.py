"""`manage.py backup` and `manage.py restore`: a round trip gives back every row and every file,
and a damaged backup is refused, naming the damaged part, before anything is touched.

Runs on SQLite (the online backup API) and on PostgreSQL (pg_dump/pg_restore) alike.
"""

import hashlib
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from simpul.accounts.models import User
from simpul.core import backup
from simpul.evidence import operations
from simpul.evidence.models import EvidenceRevision
from simpul.evidence.tests import samples

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(personas, settings, tmp_path):
    """Agency A with two uploaded documents (three files, one in a subfolder of its own)."""
    settings.BACKUP_STATE_FILE = tmp_path / "state" / "last-backup.json"
    for title in ("Perbup Arsitektur SPBE", "SK Tim Koordinasi"):
        operations.upload_evidence(
            personas.agency_a,
            samples.upload("dokumen.pdf", samples.pdf_bytes(title)),
            title=title,
            user=personas.admin,
        )
    evidence = operations.upload_evidence(
        personas.agency_a,
        samples.upload("peta.png", samples.png_bytes(3, 3)),
        title="Peta proses bisnis",
        user=personas.admin,
    )
    operations.add_revision(
        evidence, samples.upload("peta.png", samples.png_bytes(4, 4)), user=None
    )
    assert EvidenceRevision.objects.count() == 4
    return personas


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def file_hashes(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def wipe(settings) -> None:
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)


@pytest.mark.parametrize("form", ["folder", "tar"])
def test_a_backup_restores_every_row_and_every_file(site, settings, tmp_path, form):
    dest = tmp_path / ("cadangan.tar" if form == "tar" else "cadangan")
    counts, files = table_counts(), file_hashes(settings.MEDIA_ROOT)
    assert len(files) == 4 and counts[User._meta.db_table] == 10

    call_command("backup", str(dest), stdout=(out := _Buffer()))
    assert "4 berkas" in out.text
    wipe(settings)
    assert table_counts()[User._meta.db_table] == 0
    assert not Path(settings.MEDIA_ROOT).exists()

    call_command("restore", str(dest), yes=True, stdout=(out := _Buffer()))
    assert "Dipulihkan: basis data dan 4 berkas." in out.text
    assert table_counts() == counts
    assert file_hashes(settings.MEDIA_ROOT) == files
    # The restored rows open their restored files.
    revision = EvidenceRevision.objects.order_by("pk").first()
    with revision.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_the_manifest_lists_each_part_with_its_size_and_hash(site, tmp_path):
    dest = tmp_path / "cadangan"
    call_command("backup", str(dest), stdout=_Buffer())
    manifest = json.loads((dest / "manifest.json").read_text())
    assert manifest["format"] == 1
    assert manifest["database_vendor"] == connection.vendor
    assert ["core", "0001_initial"] not in manifest["migrations"]
    assert ["evidence", "0001_initial"] in manifest["migrations"]
    paths = {part["path"] for part in manifest["parts"]}
    assert manifest["database"] in paths
    for part in manifest["parts"]:
        data = (dest / part["path"]).read_bytes()
        assert part["size"] == len(data)
        assert part["sha256"] == hashlib.sha256(data).hexdigest()
    names = EvidenceRevision.objects.values_list("file", flat=True)
    assert paths - {manifest["database"]} == {f"media/{name}" for name in names}


def _flip_byte(path: Path, at: int | None = None) -> None:
    data = bytearray(path.read_bytes())
    at = len(data) // 2 if at is None else at
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def _first_media_part(dest: Path) -> str:
    manifest = json.loads((dest / "manifest.json").read_text())
    return next(p["path"] for p in manifest["parts"] if p["path"].startswith("media/"))


def _database_part(dest: Path) -> str:
    return json.loads((dest / "manifest.json").read_text())["database"]


def _corrupt_manifest_value(dest: Path) -> str:
    path = dest / "manifest.json"
    text = path.read_text()
    # Still valid JSON: the manifest's own checksum must catch it.
    path.write_text(text.replace('"size": ', '"size": 1', 1))
    return "manifest.json"


CORRUPTIONS = {
    "a byte of the database dump": lambda dest: (
        _flip_byte(dest / _database_part(dest)),
        _database_part(dest),
    )[1],
    "a byte of a stored file": lambda dest: (
        _flip_byte(dest / _first_media_part(dest), at=0),
        _first_media_part(dest),
    )[1],
    "a value in the manifest": _corrupt_manifest_value,
    "a byte of the manifest": lambda dest: (
        _flip_byte(dest / "manifest.json", at=0),
        "manifest.json",
    )[1],
    "a missing file": lambda dest: (
        (dest / _first_media_part(dest)).unlink(),
        _first_media_part_was(dest),
    )[1],
    "an extra file": lambda dest: (
        (dest / "media" / "tambahan.pdf").write_bytes(b"%PDF-1.4 asing"),
        "media/tambahan.pdf",
    )[1],
}


def _first_media_part_was(dest: Path) -> str:
    manifest = json.loads((dest / "manifest.json").read_text())
    paths = [p["path"] for p in manifest["parts"] if p["path"].startswith("media/")]
    return next(p for p in paths if not (dest / p).exists())


@pytest.mark.parametrize("damage", CORRUPTIONS)
def test_a_damaged_backup_is_refused_naming_the_part_and_nothing_is_touched(
    site, settings, tmp_path, damage
):
    dest = tmp_path / "cadangan"
    call_command("backup", str(dest), stdout=_Buffer())
    part = CORRUPTIONS[damage](dest)
    # Changes after the backup, which a refused restore must keep.
    User.objects.create(username="setelah-cadangan")
    (Path(settings.MEDIA_ROOT) / "baru.txt").write_text("baru")
    counts, files = table_counts(), file_hashes(settings.MEDIA_ROOT)

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(dest), yes=True, stdout=_Buffer())
    assert part in str(refused.value)
    assert "tidak ada yang diubah" in str(refused.value)
    assert table_counts() == counts
    assert file_hashes(settings.MEDIA_ROOT) == files


def test_a_damaged_tar_is_refused_naming_the_part(site, tmp_path):
    folder = tmp_path / "cadangan"
    call_command("backup", str(folder), stdout=_Buffer())
    part = _database_part(folder)
    _flip_byte(folder / part)
    archive = tmp_path / "rusak.tar"
    with tarfile.open(archive, "w") as tar:
        for entry in folder.iterdir():
            tar.add(entry, arcname=entry.name)
    with pytest.raises(CommandError, match=part):
        call_command("restore", str(archive), yes=True, stdout=_Buffer())


def test_a_backup_interrupted_before_its_manifest_is_refused(site, tmp_path):
    dest = tmp_path / "cadangan"
    call_command("backup", str(dest), stdout=_Buffer())
    (dest / "manifest.json").unlink()
    with pytest.raises(CommandError, match="(?s)tidak ada yang diubah.*manifest.json tidak ada"):
        call_command("restore", str(dest), yes=True, stdout=_Buffer())


def test_a_backup_from_a_newer_simpul_is_refused_naming_its_migration(site, tmp_path):
    dest = tmp_path / "cadangan"
    call_command("backup", str(dest), stdout=_Buffer())
    path = dest / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["migrations"].append(["evidence", "9999_dari_masa_depan"])
    manifest["checksum"] = backup._checksum(manifest)
    path.write_text(json.dumps(manifest))
    User.objects.create(username="setelah-cadangan")
    with pytest.raises(CommandError, match="evidence.9999_dari_masa_depan"):
        call_command("restore", str(dest), yes=True, stdout=_Buffer())
    assert User.objects.filter(username="setelah-cadangan").exists()


def test_an_older_backup_restores_over_a_newer_schema_and_migrates_forward(site, tmp_path):
    """A backup taken before a migration (here: before core's cache table existed) restores
    over today's schema, and `migrate` brings it forward. On PostgreSQL a restore that kept
    tables the backup does not know would make that `migrate` fail ("already exists")."""
    cache_table = "simpul_cache"
    call_command("migrate", "core", "zero", verbosity=0)
    try:
        assert cache_table not in connection.introspection.table_names()
        dest = tmp_path / "cadangan-lama"
        call_command("backup", str(dest), stdout=_Buffer())
    finally:
        call_command("migrate", "core", verbosity=0)
    assert cache_table in connection.introspection.table_names()
    User.objects.create(username="setelah-cadangan")

    call_command("restore", str(dest), yes=True, stdout=(out := _Buffer()))
    assert "jalankan `manage.py migrate` (1)" in out.text
    assert cache_table not in connection.introspection.table_names()
    assert not User.objects.filter(username="setelah-cadangan").exists()
    assert User.objects.filter(username=site.admin.username).exists()

    call_command("migrate", verbosity=0)
    assert cache_table in connection.introspection.table_names()
    assert backup.unapplied_after_restore() == 0


def test_restore_without_yes_and_without_a_terminal_changes_nothing(site, tmp_path):
    dest = tmp_path / "cadangan"
    call_command("backup", str(dest), stdout=_Buffer())
    User.objects.create(username="setelah-cadangan")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(dest), stdout=_Buffer())
    assert User.objects.filter(username="setelah-cadangan").exists()


class _Terminal:
    """A stdin that is a terminal, for the typed confirmation."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("typed", "restored"), [("pulihkan", True), ("ya", False)])
def test_restore_asks_for_the_word_to_be_typed(site, tmp_path, monkeypatch, typed, restored):
    dest = tmp_path / "cadangan"
    call_command("backup", str(dest), stdout=_Buffer())
    User.objects.create(username="setelah-cadangan")
    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setattr("builtins.input", lambda prompt: typed)
    if restored:
        call_command("restore", str(dest), stdout=_Buffer())
    else:
        with pytest.raises(CommandError, match="Dibatalkan"):
            call_command("restore", str(dest), stdout=_Buffer())
    assert User.objects.filter(username="setelah-cadangan").exists() is not restored


def test_backup_refuses_a_folder_that_is_not_empty(site, tmp_path):
    dest = tmp_path / "isi"
    dest.mkdir()
    (dest / "lain.txt").write_text("jangan ditimpa")
    with pytest.raises(CommandError, match="tidak kosong"):
        call_command("backup", str(dest), stdout=_Buffer())
    assert sorted(p.name for p in dest.iterdir()) == ["lain.txt"]


def test_restore_names_a_source_that_does_not_exist(db, tmp_path):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("restore", str(tmp_path / "tidak-ada"), yes=True)


def test_the_last_backup_is_recorded_for_status(site, tmp_path):
    dest = tmp_path / "cadangan.tar"
    call_command("backup", str(dest), stdout=_Buffer())
    last = backup.last_backup()
    assert last["size"] == dest.stat().st_size
    assert last["path"] == str(dest.resolve())


class _Buffer:
    """A stdout for call_command that keeps what was written."""

    def __init__(self):
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["backup"], "argumen wajib belum diisi: dest"),
        (["restore"], "argumen wajib belum diisi: src"),
        (["restore", "x.tar", "--ya"], "argumen tidak dikenal: --ya"),
        (["status", "--jsn"], "argumen tidak dikenal: --jsn"),
    ],
)
def test_bad_arguments_are_named_in_bahasa(capsys, argv, message):
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as stopped:
        ManagementUtility(["manage.py", *argv]).execute()
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err
