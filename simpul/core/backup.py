"""Backups that restore: `manage.py backup DEST` and `manage.py restore SRC`.

A backup is a directory (or the same directory packed in a `.tar`) holding:

- `database.sqlite3` (SQLite's online backup API: a consistent copy while the site runs) or
  `database.dump` (`pg_dump --format=custom`);
- `media/...`: every file under MEDIA_ROOT (evidence, forum attachments, meeting photos,
  reports), one file per stored file so a damaged one is named;
- `manifest.json`, written last: format version, time, Simpul version, database vendor, the
  applied migrations and each part's path, size and SHA-256, with a checksum of the manifest
  itself. A backup without a manifest was interrupted and is refused.

`restore` checks everything first (every hash, the manifest's own checksum, the database
vendor, that this code knows every migration of the backup) and refuses naming every bad part
before anything is touched. Files are staged next to MEDIA_ROOT before the database is
replaced, so a failure leaves the site as it was.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
# Never part of a backup: the health check's probe and restore's staging area.
SKIPPED_PREFIXES = (".healthz-", ".restore-")
CHUNK = 1024 * 1024
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


class BackupError(Exception):
    """A backup or restore refused, with a message for the operator (Bahasa Indonesia)."""


@dataclass
class Backup:
    """A verified backup: its directory (extracted when it came as a .tar) and manifest."""

    root: Path
    manifest: dict
    temporary: tempfile.TemporaryDirectory | None = None

    def cleanup(self) -> None:
        if self.temporary is not None:
            self.temporary.cleanup()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def vendor() -> str:
    return connection.vendor


def simpul_version() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    try:
        number = version("simpul")
    except PackageNotFoundError:
        number = ""
    head = settings.PROJECT_DIR / ".git"
    commit = ""
    try:
        result = subprocess.run(
            ["git", "-C", str(settings.PROJECT_DIR), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
        )
        if result.returncode == 0:
            commit = result.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return {"version": number, "commit": commit if head.exists() else ""}


def applied_migrations() -> list[list[str]]:
    recorder = MigrationRecorder(connection)
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _checksum(manifest: dict) -> str:
    body = {key: value for key, value in manifest.items() if key != "checksum"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def media_files(root: Path) -> list[Path]:
    """Every stored file under `root`, relative, without the probe and staging leftovers."""
    if not root.is_dir():
        return []
    found = []
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if relative.parts[0].startswith(SKIPPED_PREFIXES) or not path.is_file():
            continue
        found.append(relative)
    return sorted(found)


# --- writing ---------------------------------------------------------------------------------


def _pg_environment() -> dict:
    """libpq's environment for the configured database; the password never on a command line."""
    db = connection.settings_dict
    env = {**os.environ}
    for key, name in [("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")]:
        if db.get(key):
            env[name] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    # DATABASE_URL's ?sslmode=require and friends, as libpq reads them.
    for option, value in (db.get("OPTIONS") or {}).items():
        if option in LIBPQ_OPTIONS:
            env[LIBPQ_OPTIONS[option]] = str(value)
    env["PGDATABASE"] = str(db["NAME"])
    return env


def _run(args: list[str], what: str) -> None:
    try:
        result = subprocess.run(args, env=_pg_environment(), capture_output=True, text=True)
    except FileNotFoundError as error:
        raise _missing(args[0]) from error
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or [""])[-1]
        raise BackupError(_("%(what)s gagal: %(error)s") % {"what": what, "error": last})


def _dump_database(target_dir: Path) -> str:
    if connection.in_atomic_block:
        # The dump reads committed data only (and SQLite's backup would wait for ever on us).
        raise BackupError(_("Backup tidak dapat berjalan di dalam transaksi basis data."))
    if vendor() == "sqlite":
        target = target_dir / "database.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            # The online backup API: a consistent snapshot while other connections write.
            connection.connection.backup(copy)
            # One self-contained file, no -wal beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
        return target.name
    if vendor() == "postgresql":
        target = target_dir / "database.dump"
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(target)],
            _("pg_dump"),
        )
        return target.name
    raise BackupError(_("Basis data %(vendor)s tidak didukung oleh backup.") % {"vendor": vendor()})


class _Hashing:
    """A file object that hashes what is read through it (tarfile reads each file once)."""

    def __init__(self, handle):
        self.handle, self.digest, self.size = handle, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        block = self.handle.read(size)
        self.digest.update(block)
        self.size += len(block)
        return block


class _FolderWriter:
    def __init__(self, root: Path):
        self.root = root

    def add(self, name: str, source: Path, move: bool = False) -> dict:
        destination = self.root / Path(*PurePosixPath(name).parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        if move:
            os.replace(source, destination)
            return {
                "path": name,
                "size": destination.stat().st_size,
                "sha256": sha256_of(destination),
            }
        with source.open("rb") as handle, destination.open("wb") as copy:
            reader = _Hashing(handle)
            while block := reader.read(CHUNK):
                copy.write(block)
        return {"path": name, "size": reader.size, "sha256": reader.digest.hexdigest()}

    def add_manifest(self, text: str) -> None:
        (self.root / MANIFEST).write_text(text, encoding="utf-8")


class _TarWriter:
    def __init__(self, archive: tarfile.TarFile):
        self.archive = archive

    def add(self, name: str, source: Path, move: bool = False) -> dict:
        with source.open("rb") as handle:
            info = tarfile.TarInfo(name)
            info.size = os.fstat(handle.fileno()).st_size
            info.mtime = int(time.time())
            info.mode = 0o640
            reader = _Hashing(handle)
            self.archive.addfile(info, reader)
        return {"path": name, "size": reader.size, "sha256": reader.digest.hexdigest()}

    def add_manifest(self, text: str) -> None:
        data = text.encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(data), int(time.time()), 0o640
        self.archive.addfile(info, io.BytesIO(data))


def _copy_media(writer) -> list[dict]:
    root = media_root()
    parts = []
    for relative in media_files(root):
        name = str(PurePosixPath(MEDIA, *relative.parts))
        try:
            parts.append(writer.add(name, root / relative))
        except FileNotFoundError:
            # Deleted (with its row) while we copied: the database dump predates it.
            continue
    return parts


def _check_destination(dest: Path) -> None:
    if dest.suffix == ".tar":
        if dest.exists():
            raise BackupError(_("%(dest)s sudah ada; pilih nama lain.") % {"dest": dest})
        if not dest.parent.is_dir():
            raise BackupError(_("Folder %(dir)s tidak ada.") % {"dir": dest.parent})
    elif dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupError(
            _("%(dest)s sudah ada dan tidak kosong; pilih folder baru.") % {"dest": dest}
        )


def create_backup(dest: Path) -> dict:
    """Write a backup to `dest` (a new directory, or a file ending in .tar); its manifest."""
    dest = Path(dest)
    _check_destination(dest)
    if dest.suffix == ".tar":
        partial = dest.with_name(dest.name + ".partial")
        try:
            with tarfile.open(partial, "w") as archive:
                manifest = _write_parts(_TarWriter(archive), dest.parent)
            partial.replace(dest)
        finally:
            partial.unlink(missing_ok=True)
        size = dest.stat().st_size
    else:
        dest.mkdir(parents=True, exist_ok=True)
        manifest = _write_parts(_FolderWriter(dest), dest)
        size = sum(part["size"] for part in manifest["parts"])
    record_last_backup(dest, manifest["created_at"], size)
    return manifest


def _write_parts(writer, work_dir: Path) -> dict:
    created = timezone.now()
    # Database first: a file uploaded while the media are copied is at worst an orphan.
    with tempfile.TemporaryDirectory(dir=work_dir, prefix=".simpul-backup-") as work:
        database = _dump_database(Path(work))
        database_part = writer.add(database, Path(work) / database, move=True)
    parts = [database_part, *_copy_media(writer)]
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": created.isoformat(),
        "simpul": simpul_version(),
        "database_vendor": vendor(),
        "database": database,
        "evidence_storage": settings.EVIDENCE_STORAGE,
        "migrations": applied_migrations(),
        "parts": parts,
    }
    manifest["checksum"] = _checksum(manifest)
    # Last: a backup cut short has no manifest, and restore refuses it.
    writer.add_manifest(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


# --- last backup -----------------------------------------------------------------------------


def record_last_backup(dest: Path, created_at: str, size: int) -> None:
    state = Path(settings.BACKUP_STATE_FILE)
    state.parent.mkdir(parents=True, exist_ok=True)
    partial = state.with_name(state.name + ".partial")
    partial.write_text(
        json.dumps({"at": created_at, "size": size, "path": str(Path(dest).resolve())}),
        encoding="utf-8",
    )
    partial.replace(state)


def last_backup() -> dict | None:
    """{"at": datetime, "age_seconds", "size", "path"} of the last backup, None if none."""
    try:
        data = json.loads(Path(settings.BACKUP_STATE_FILE).read_text(encoding="utf-8"))
        at = datetime.datetime.fromisoformat(data["at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    age = (timezone.now() - at).total_seconds()
    return {"at": at, "age_seconds": int(age), "size": data.get("size"), "path": data.get("path")}


# --- verifying -------------------------------------------------------------------------------


def _open(src: Path) -> Backup:
    src = Path(src)
    if src.is_dir():
        return Backup(src, {})
    if src.is_file() and tarfile.is_tarfile(src):
        temporary = tempfile.TemporaryDirectory(prefix="simpul-restore-")
        try:
            with tarfile.open(src) as archive:
                # "data": no absolute paths, no links out, no devices.
                archive.extractall(temporary.name, filter="data")
        except (tarfile.TarError, OSError) as error:
            temporary.cleanup()
            raise BackupError(
                _("Arsip %(src)s rusak: %(error)s") % {"src": src, "error": error}
            ) from error
        return Backup(Path(temporary.name), {}, temporary)
    if src.is_file():
        raise BackupError(_("%(src)s bukan folder cadangan atau arsip .tar.") % {"src": src})
    raise BackupError(_("Cadangan %(src)s tidak ditemukan.") % {"src": src})


def _read_manifest(root: Path) -> dict:
    path = root / MANIFEST
    if not path.is_file():
        raise BackupError(
            _("%(part)s tidak ada: cadangan ini tidak lengkap (terputus saat dibuat?).")
            % {"part": MANIFEST}
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise BackupError(
            _("%(part)s rusak: bukan JSON yang sah (%(error)s).")
            % {"part": MANIFEST, "error": error}
        ) from error
    if not isinstance(manifest, dict) or manifest.get("checksum") != _checksum(manifest):
        raise BackupError(
            _("%(part)s rusak: checksum isinya tidak cocok (berkas diubah setelah dibuat).")
            % {"part": MANIFEST}
        )
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(
            _("%(part)s berformat %(found)s; versi Simpul ini membaca format %(known)s.")
            % {"part": MANIFEST, "found": manifest.get("format"), "known": FORMAT_VERSION}
        )
    return manifest


def _safe_part(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts


def _part_problems(root: Path, manifest: dict) -> list[str]:
    problems = []
    listed = set()
    for part in manifest.get("parts", []):
        name = part.get("path", "")
        if not _safe_part(name):
            problems.append(_("%(part)s: jalur tidak sah.") % {"part": name})
            continue
        listed.add(name)
        path = root / Path(*PurePosixPath(name).parts)
        if not path.is_file():
            problems.append(_("%(part)s: hilang dari cadangan.") % {"part": name})
        elif path.stat().st_size != part.get("size"):
            problems.append(
                _("%(part)s: ukurannya %(found)s bita, seharusnya %(expected)s.")
                % {"part": name, "found": path.stat().st_size, "expected": part.get("size")}
            )
        elif sha256_of(path) != part.get("sha256"):
            problems.append(_("%(part)s: SHA-256 tidak cocok (isinya rusak).") % {"part": name})
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.is_file() and name != MANIFEST and name not in listed:
            problems.append(_("%(part)s: tidak tercatat di manifest.") % {"part": name})
    if manifest.get("database") not in listed:
        problems.append(_("Basis data tidak ada di daftar bagian manifest."))
    return problems


def _compatibility_problems(manifest: dict) -> list[str]:
    problems = []
    if manifest.get("database_vendor") != vendor():
        problems.append(
            _("Cadangan ini dari basis data %(backup)s; basis data sekarang %(current)s.")
            % {"backup": manifest.get("database_vendor"), "current": vendor()}
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(
        f"{app}.{name}" for app, name in manifest.get("migrations", []) if (app, name) not in known
    )
    if unknown:
        problems.append(
            _(
                "Cadangan ini dibuat oleh versi Simpul yang lebih baru: migrasi %(names)s tidak "
                "dikenal kode ini. Pasang versi itu dulu."
            )
            % {"names": ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")}
        )
    return problems


def verify_backup(src: Path) -> Backup:
    """The backup at `src`, every part checked; BackupError naming every bad part otherwise."""
    backup = _open(src)
    try:
        backup.manifest = _read_manifest(backup.root)
    except BackupError as error:
        problems = [str(error)]
    else:
        problems = _part_problems(backup.root, backup.manifest)
        problems += _compatibility_problems(backup.manifest)
    if problems:
        backup.cleanup()
        listing = "\n".join(f"- {problem}" for problem in problems)
        raise BackupError(_("Cadangan ditolak, tidak ada yang diubah:") + "\n" + listing)
    return backup


# --- restoring -------------------------------------------------------------------------------


def _restore_database(path: Path) -> None:
    if vendor() == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    connection.close()
    # The database becomes exactly the backup's, in one transaction: the schema is dropped and
    # rebuilt from the dump, so tables that newer migrations added are gone too and
    # `migrate` can bring an older backup forward. (`pg_restore --clean` drops only the
    # dump's own objects.) pg_restore writes SQL, psql runs it with the drop, all or nothing.
    with tempfile.TemporaryFile() as dump_errors:  # a file: a chatty pg_restore never blocks
        dump = _start(
            ["pg_restore", "--no-owner", "--file", "-", str(path)],
            stdout=subprocess.PIPE,
            stderr=dump_errors,
        )
        try:
            load = _start(
                [
                    "psql",
                    "--no-psqlrc",
                    "--quiet",
                    "--single-transaction",
                    "--set",
                    "ON_ERROR_STOP=1",
                    "--command",
                    "DROP SCHEMA public CASCADE",
                    "--command",
                    "CREATE SCHEMA public",
                    "--file",
                    "-",
                ],
                stdin=dump.stdout,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except BackupError:
            dump.kill()
            raise
        finally:
            dump.stdout.close()
        _output, load_error = load.communicate()
        status = dump.wait()
        dump_errors.seek(0)
        dump_error = dump_errors.read()
    for program, code, error in [
        ("pg_restore", status, dump_error),
        ("psql", load.returncode, load_error),
    ]:
        if code != 0:
            last = (error.decode(errors="replace").strip().splitlines() or [""])[-1]
            raise BackupError(_("%(what)s gagal: %(error)s") % {"what": program, "error": last})


def _start(args: list[str], **streams) -> subprocess.Popen:
    try:
        return subprocess.Popen(args, env=_pg_environment(), **streams)
    except FileNotFoundError as error:
        raise _missing(args[0]) from error


def _missing(program: str) -> BackupError:
    return BackupError(
        _("%(program)s tidak ditemukan: pasang postgresql-client (versi utama server).")
        % {"program": program}
    )


def restore_backup(backup: Backup) -> dict:
    """Replace the database and the media files with a verified backup's; counts restored."""
    root = media_root()
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=root, prefix=".restore-"))
    try:
        files = [p for p in backup.manifest["parts"] if p["path"] != backup.manifest["database"]]
        # Copy first (the slow step that can fail on a full disk), nothing live touched yet.
        for part in files:
            relative = PurePosixPath(part["path"]).relative_to(MEDIA)
            target = staging / Path(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(backup.root / Path(*PurePosixPath(part["path"]).parts), target)
        _restore_database(backup.root / backup.manifest["database"])
        for part in files:
            relative = Path(*PurePosixPath(part["path"]).relative_to(MEDIA).parts)
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / relative, root / relative)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {"files": len(files), "migrations": len(backup.manifest["migrations"])}


def unapplied_after_restore() -> int:
    """Migrations the code has and the restored database lacks (run `migrate`)."""
    applied = set(MigrationRecorder(connection).applied_migrations())
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return len([node for node in graph.nodes if node not in applied])
