#!/usr/bin/env python3
"""Simpul's two commands, with nothing but Python 3.11 and pip on the machine.

    python3 dev.py demo   # set up, load the demo data, serve http://127.0.0.1:8000 (SQLite)
    python3 dev.py test   # set up, then lint and run the whole test suite

`DATABASE_URL` switches either to PostgreSQL. Standard library only: this file runs before
any dependency is installed.
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
CHROMIUM = "/usr/bin/chromium"


def run(*args: str | Path, env: dict | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=ROOT, env=env, check=True)


def ensure_venv(lock: str) -> None:
    """Create .venv and install the lock file, skipping the install when nothing changed."""
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"Simpul memerlukan Python 3.11 (yang berjalan: {sys.version.split()[0]}).")
    if not PYTHON.exists():
        run(sys.executable, "-m", "venv", VENV)
    lock_path = ROOT / lock
    digest = hashlib.sha256(lock_path.read_bytes()).hexdigest()
    stamp = VENV / f".installed-{lock}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", lock_path)
    stamp.write_text(digest)


def ensure_chromium() -> None:
    """Browser tests drive Debian's Chromium; install it with apt when we are root."""
    if Path(CHROMIUM).exists():
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit(
            "Uji peramban memerlukan Chromium Debian di /usr/bin/chromium. Jalankan sebagai root "
            "atau pasang dulu: apt-get install chromium"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-qq", env=env)
    run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", env=env)


def django_env(debug: bool) -> dict:
    env = dict(os.environ)
    if debug:
        env.setdefault("DEBUG", "1")
    return env


def demo(args: argparse.Namespace) -> None:
    ensure_venv("requirements.lock")
    env = django_env(debug=True)
    run(PYTHON, "manage.py", "migrate", "--noinput", env=env)
    run(PYTHON, "manage.py", "load_demo", env=env)
    print("\nSimpul berjalan di http://127.0.0.1:8000  (akun demo: lihat README.md)\n", flush=True)
    os.chdir(ROOT)
    server = [str(PYTHON), "manage.py", "runserver", f"127.0.0.1:{args.port}"]
    # Replace this process with the server, so Ctrl+C stops it directly.
    os.execve(PYTHON, server, env)  # noqa: S606


def test(args: argparse.Namespace) -> None:
    ensure_venv("requirements-dev.lock")
    ensure_chromium()
    env = django_env(debug=True)
    run(BIN / "ruff", "check", ".", env=env)
    run(BIN / "ruff", "format", "--check", ".", env=env)
    run(PYTHON, "manage.py", "makemigrations", "--check", "--dry-run", env=env)
    result = subprocess.run([str(BIN / "pytest"), *args.pytest_args], cwd=ROOT, env=env)
    sys.exit(result.returncode)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    demo_parser = commands.add_parser("demo", help="jalankan aplikasi dengan data demo")
    demo_parser.add_argument("--port", default="8000")
    demo_parser.set_defaults(func=demo)
    test_parser = commands.add_parser("test", help="jalankan seluruh rangkaian uji")
    test_parser.add_argument("pytest_args", nargs=argparse.REMAINDER)
    test_parser.set_defaults(func=test)
    args = parser.parse_args()
    try:
        args.func(args)
    except subprocess.CalledProcessError as error:
        sys.exit(error.returncode)


if __name__ == "__main__":
    main()
