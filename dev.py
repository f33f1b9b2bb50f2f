#!/usr/bin/env python3
"""Simpul's two commands, with nothing but Python 3.11 and pip on the machine.

    python3 dev.py demo   # set up, load the demo data, serve http://127.0.0.1:8000 (SQLite)
                          # with the background task worker beside the server
    python3 dev.py test   # set up, then lint and run the whole test suite

`DATABASE_URL` switches either to PostgreSQL. Standard library only: this file runs before
any dependency is installed.
"""

import argparse
import hashlib
import os
import shutil
import signal
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


LIBREOFFICE = "/usr/bin/soffice"


def ensure_libreoffice() -> None:
    """The Excel export is checked by converting it with LibreOffice; install it with apt."""
    if Path(LIBREOFFICE).exists():
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit(
            "Uji ekspor Excel memerlukan LibreOffice di /usr/bin/soffice. Jalankan sebagai root "
            "atau pasang dulu: apt-get install libreoffice-calc-nogui"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-qq", env=env)
    run(
        "apt-get",
        "install",
        "-y",
        "-qq",
        "--no-install-recommends",
        "libreoffice-calc-nogui",
        env=env,
    )


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
    print(
        f"\nSimpul berjalan di http://127.0.0.1:{args.port}  (akun demo: lihat README.md)\n",
        flush=True,
    )
    # The background worker (text extraction of uploaded evidence) runs beside the server, in
    # its own session so that Ctrl+C reaches the server only; we stop the worker ourselves.
    worker = subprocess.Popen(
        [str(PYTHON), "manage.py", "db_worker", "--interval", "1"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    server = subprocess.Popen(
        [str(PYTHON), "manage.py", "runserver", f"127.0.0.1:{args.port}"], cwd=ROOT, env=env
    )
    # A plain `kill` of this script must also stop both children: turn it into an exit.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        # A second Ctrl+C must not cut the clean-up short and leave the worker behind.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        stop(server, "server", group=False)
        stop(worker, "pekerja latar belakang", group=True)


def stop(process: subprocess.Popen, name: str, *, group: bool, grace: float = 10) -> None:
    """Ask a process (with its reloader child, for a group) to finish, then insist."""
    try:
        process.wait(timeout=0.5)
        return
    except subprocess.TimeoutExpired:
        pass
    print(f"Menghentikan {name}…", flush=True)
    send(process, group=group, force=False)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        send(process, group=group, force=True)
        process.wait()


def send(process: subprocess.Popen, *, group: bool, force: bool) -> None:
    try:
        if group and os.name != "nt":
            os.killpg(process.pid, signal.SIGKILL if force else signal.SIGTERM)
        elif force:
            process.kill()
        else:
            process.terminate()
    except ProcessLookupError:
        pass


def test(args: argparse.Namespace) -> None:
    ensure_venv("requirements-dev.lock")
    ensure_chromium()
    ensure_libreoffice()
    env = django_env(debug=True)
    run(BIN / "ruff", "check", ".", env=env)
    run(BIN / "ruff", "format", "--check", ".", env=env)
    run(PYTHON, "manage.py", "makemigrations", "--check", "--dry-run", env=env)
    # One pytest worker per core (pytest-xdist); a later `-n 0` runs everything in one process.
    result = subprocess.run(
        [str(BIN / "pytest"), "-n", "auto", *args.pytest_args], cwd=ROOT, env=env
    )
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
