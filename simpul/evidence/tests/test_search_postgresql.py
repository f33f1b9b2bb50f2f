"""PostgreSQL full-text search with Indonesian stems, in every test pass.

test_search.py runs on the database of the pass: SQLite (FTS5) in the first, PostgreSQL in
the second. Production is PostgreSQL, so this test searches PostgreSQL in the SQLite pass
too: a database of its own on 127.0.0.1:5432 (as test_production_server.py does), migrated by
`manage.py migrate`, documents added and searched by the real actions in a `manage.py shell`
process. It skips only when no PostgreSQL answers there, and says so.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[3]
ADMIN_URL = os.environ.get("PRODUCTION_CHECK_DATABASE", "postgresql://postgres@127.0.0.1:5432/test")

SCRIPT = """
import json
from django.db import connection
from simpul.agencies.models import Agency, Unit
from simpul.evidence import operations
from simpul.evidence.models import Evidence, EvidenceSearch

a = Agency.objects.create(name="Pemerintah Kabupaten Natuna", short_code="natuna")
b = Agency.objects.create(name="Pemerintah Kabupaten Bintan", short_code="bintan")
bappeda = Unit.objects.create(agency=a, name="Bappeda Natuna", short_name="Bappeda")
add = lambda agency, title, **extra: operations.register_link(
    agency, url="https://jdih.contoh.go.id/" + str(Evidence.objects.count()), title=title,
    user=None, **extra)
add(a, "Kebijakannya tentang Manajemen Data")
add(a, "Peraturan Bupati tentang Arsitektur SPBE")
add(a, "Pengaturan Peta Rencana SPBE", issuing_unit=bappeda)
add(a, "Laporan Bappeda 2024")
add(b, "Kebijakan Manajemen Data Bintan")
found = lambda agency, query: [e.title for e in Evidence.objects.for_agency(agency).search(query)]
print(json.dumps({
    "vendor": connection.vendor,
    "entries": EvidenceSearch.objects.count(),
    "queries": {
        query: found(a, query)
        for query in ["berkebijakan", "KEBIJAKANNYA", "peraturan", "pengaturan spbe",
                      "bappeda", "arsitektur data"]
    },
    "bintan": found(b, "kebijakan"),
}))
"""


@pytest.fixture
def postgresql_database():
    """The DATABASE_URL of a fresh PostgreSQL database, dropped afterwards."""
    try:
        admin = psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL answers at {ADMIN_URL}: {error}")
    name = f"simpul_search_{os.getpid()}_{secrets.token_hex(3)}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(database_url: str, *args: str) -> str:
    env = {
        **{key: value for key, value in os.environ.items() if key != "DATABASE_URL"},
        "DEBUG": "1",
        "DATABASE_URL": database_url,
    }
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def test_postgresql_finds_every_form_of_a_word_in_its_own_agency(postgresql_database):
    manage(postgresql_database, "migrate", "--verbosity", "0")
    result = json.loads(manage(postgresql_database, "shell", "--verbosity", "0", "-c", SCRIPT))
    assert result["vendor"] == "postgresql"
    assert result["entries"] == 5  # one tsvector row per document
    queries = result["queries"]
    # Sastrawi stems: "berkebijakan" and "kebijakannya" are "bijak".
    assert queries["berkebijakan"] == ["Kebijakannya tentang Manajemen Data"]
    assert queries["KEBIJAKANNYA"] == ["Kebijakannya tentang Manajemen Data"]
    # "peraturan" and "pengaturan" are both "atur"; every word must match.
    assert sorted(queries["peraturan"]) == [
        "Pengaturan Peta Rencana SPBE",
        "Peraturan Bupati tentang Arsitektur SPBE",
    ]
    assert sorted(queries["pengaturan spbe"]) == sorted(queries["peraturan"])
    assert queries["arsitektur data"] == []
    # A word in the title (weight A) ranks above the issuing unit (weight B).
    assert queries["bappeda"] == ["Laporan Bappeda 2024", "Pengaturan Peta Rencana SPBE"]
    assert result["bintan"] == ["Kebijakan Manajemen Data Bintan"]
