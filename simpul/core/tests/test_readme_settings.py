"""Every environment variable the settings read is explained in the README's table."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
READS = re.compile(
    r"""(?:os\.environ\.get|os\.environ\[|env_bool|env_list|env_int)\(?\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def test_every_variable_read_by_the_settings_is_in_the_readme():
    settings = (ROOT / "simpul" / "settings.py").read_text()
    names = set(READS.findall(settings))
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DB_CONN_MAX_AGE"} <= names
    readme = (ROOT / "README.md").read_text()
    table = "\n".join(line for line in readme.splitlines() if line.startswith("| `"))
    missing = sorted(name for name in names if f"`{name}`" not in table)
    assert not missing, f"README lacks a row for {missing}"
