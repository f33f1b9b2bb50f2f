"""A real OpenID Connect provider on loopback for the sign-in tests.

`oidc_server` starts `node provider.js` (the certified `oidc-provider` npm package, pinned in
oidc_provider/package-lock.json) on a free port of 127.0.0.1, with two clients (two Simpul
providers, `sso-prov` and `sso-kedua`) and the test people below; `npm ci` installs it first
when node_modules is missing, so `python3 dev.py test` works on a fresh machine with Node.js.
`oidc_providers` points Simpul's OIDC_PROVIDERS at it for one test.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from simpul.accounts.oidc_settings import providers_from_env

PROVIDER_DIR = Path(__file__).resolve().parent / "oidc_provider"
PROVIDER_IDS = ("sso-prov", "sso-kedua")
CLIENT_SECRET = "rahasia-klien-uji"

# The people the provider knows, by the login typed on its sign-in page (their `sub`).
ACCOUNTS = {
    # The Simpul persona "respondent" (make_user: <username>@contoh.go.id), verified.
    "respondent": {"email": "respondent@contoh.go.id", "email_verified": True, "name": "Rina"},
    # The persona "admin", but the provider has not verified the address.
    "admin-belum": {"email": "admin@contoh.go.id", "email_verified": False, "name": "Adi"},
    # Nobody in Simpul; the domain is the one agency A may list for new accounts.
    "baru": {"email": "baru.staf@natunakab.go.id", "email_verified": True, "name": "Budi Baru"},
    # The persona "assessor" (deactivated by the test that uses it).
    "assessor": {"email": "assessor@contoh.go.id", "email_verified": True, "name": "Asa"},
    # The persona "partner".
    "partner": {"email": "partner@contoh.go.id", "email_verified": True, "name": "Mitra"},
}


def ensure_node_modules() -> None:
    if (PROVIDER_DIR / "node_modules" / "oidc-provider" / "package.json").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("Uji OIDC memerlukan Node.js dan npm (apt-get install nodejs npm).")
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=PROVIDER_DIR,
        check=True,
        timeout=600,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_server(live_server):
    node = shutil.which("node")
    if node is None:
        pytest.fail("Uji OIDC memerlukan Node.js (apt-get install nodejs).")
    ensure_node_modules()
    port = free_port()
    clients = [
        {
            "client_id": f"simpul-{provider_id}",
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [f"{live_server.url}/akun/oidc/{provider_id}/kembali/"],
            "post_logout_redirect_uris": [f"{live_server.url}/akun/masuk/"],
        }
        for provider_id in PROVIDER_IDS
    ]
    env = {
        **os.environ,
        "PORT": str(port),
        "OIDC_CLIENTS": json.dumps(clients),
        "OIDC_ACCOUNTS": json.dumps(ACCOUNTS),
    }
    process = subprocess.Popen(
        [node, "provider.js"],
        cwd=PROVIDER_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    ready = threading.Event()
    lines: list[str] = []

    def read() -> None:
        for line in process.stdout:
            lines.append(line)
            if line.startswith("ready "):
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        if not ready.wait(30):
            pytest.fail(f"Penyedia OIDC uji tidak siap dalam 30 detik: {''.join(lines)!r}")
        yield SimpleNamespace(issuer=f"http://127.0.0.1:{port}", port=port)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def provider_env(issuer: str, **extra: str) -> dict[str, str]:
    env = {}
    for provider_id, label in zip(PROVIDER_IDS, ("SSO Provinsi", "SSO Kedua"), strict=True):
        start = f"OIDC_{provider_id.upper().replace('-', '_')}_"
        env |= {
            start + "ISSUER": issuer,
            start + "CLIENT_ID": f"simpul-{provider_id}",
            start + "CLIENT_SECRET": CLIENT_SECRET,
            start + "LABEL": label,
        }
    return env | extra


@pytest.fixture
def oidc_providers(settings, oidc_server):
    """Simpul configured with both providers of the loopback server; `.set(**env)` changes
    the configuration (e.g. OIDC_SSO_PROV_ENABLED="0") as a restart with new variables would."""

    def configure(**extra: str) -> None:
        settings.OIDC_PROVIDERS = providers_from_env(
            ",".join(PROVIDER_IDS), provider_env(oidc_server.issuer, **extra)
        )

    configure()
    return SimpleNamespace(server=oidc_server, set=configure)
