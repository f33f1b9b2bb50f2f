"""Benchmark: `manage.py backup` and `manage.py restore` against a plain copy of the same bytes.

    .venv/bin/python bench/backup_restore.py [--size-mb 200] [--files 400] [--demo]

Sets Django up on a throw-away SQLite database (migrated; with --demo also the demo data) and a
media directory of --files random files totalling --size-mb. Measured in the same run:

- floor: copying the database file and the media directory with shutil (no hashing, no
  manifest), what `cp -r` does;
- `backup DEST` (folder) and `backup DEST.tar`;
- `restore SRC --yes` from the folder (verification of every hash, then database and files).

Prints seconds and MB/s for each, and the ratio to the floor. Target: backup and restore each
within 4x the plain copy (they read every byte once more to hash it). Exits 1 above it.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
TARGET_RATIO = 4.0


def setup_django(workdir: Path, demo: bool) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DEBUG"] = "1"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["BACKUP_STATE_FILE"] = str(workdir / "last-backup.json")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "simpul.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    if demo:
        call_command("load_demo", verbosity=0)


def make_media(root: Path, size_mb: int, count: int) -> int:
    each = max(1, size_mb * MB // count)
    for number in range(count):
        folder = root / "evidence" / f"{number % 20:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"dokumen-{number:05d}.pdf").write_bytes(os.urandom(each))
    return each * count


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--files", type=int, default=400)
    parser.add_argument("--demo", action="store_true", help="load the demo data first")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="simpul-bench-backup-") as work:
        workdir = Path(work)
        setup_django(workdir, args.demo)
        from django.core.management import call_command
        from django.db import connection

        media_bytes = make_media(workdir / "media", args.size_mb, args.files)
        database = workdir / "bench.sqlite3"
        connection.close()
        total = media_bytes + database.stat().st_size

        def plain_copy() -> None:
            target = workdir / "floor"
            target.mkdir()
            shutil.copyfile(database, target / "database.sqlite3")
            shutil.copytree(workdir / "media", target / "media")

        quiet = open(os.devnull, "w")  # noqa: SIM115 - kept for the three commands
        results = {
            "plain copy (floor)": timed(plain_copy),
            "backup DEST (folder)": timed(
                lambda: call_command("backup", str(workdir / "b"), stdout=quiet)
            ),
            "backup DEST.tar": timed(
                lambda: call_command("backup", str(workdir / "b.tar"), stdout=quiet)
            ),
            "restore SRC --yes": timed(
                lambda: call_command("restore", str(workdir / "b"), yes=True, stdout=quiet)
            ),
        }
        quiet.close()
    floor = results["plain copy (floor)"]
    print(
        f"{args.files} files, {media_bytes / MB:.0f} MB of media + "
        f"{(total - media_bytes) / MB:.1f} MB database"
    )
    worst = 0.0
    for name, seconds in results.items():
        ratio = seconds / floor
        worst = max(worst, ratio)
        print(f"{name:24s} {seconds:7.2f} s  {total / MB / seconds:7.1f} MB/s  {ratio:4.1f}x floor")
    print(f"target: within {TARGET_RATIO:.0f}x the plain copy; worst {worst:.1f}x")
    return 0 if worst <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
