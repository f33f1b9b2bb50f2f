"""deploy/ stays in step with the code: every timer runs a command that exists, the documented
steps enable every timer, and nginx accepts the largest upload Django accepts."""

import re
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"


def test_every_timer_runs_an_existing_management_command_and_is_documented():
    commands = get_commands()
    timers = sorted((DEPLOY / "systemd").glob("simpul-*.timer"))
    assert len(timers) >= 6
    guide = (ROOT / "docs" / "deploy.md").read_text()
    for timer in timers:
        unit = re.search(r"^Unit=(simpul-[\w-]+)(?:@(\w+))?\.service$", timer.read_text(), re.M)
        assert unit, f"{timer.name} names no Simpul unit"
        if unit.group(2):
            assert unit.group(2) in commands, f"{timer.name}: no command {unit.group(2)}"
        else:
            service = (DEPLOY / "systemd" / f"{unit.group(1)}.service").read_text()
            script = re.search(r"^ExecStart=/opt/simpul/app/(\S+)$", service, re.M)
            assert script and (ROOT / script.group(1)).exists(), f"{unit.group(1)}: no script"
            for command in re.findall(r"manage\.py (\w+)", (ROOT / script.group(1)).read_text()):
                assert command in commands, f"{script.group(1)}: no command {command}"
        assert timer.name in guide, f"docs/deploy.md does not enable {timer.name}"


def test_the_services_start_the_real_server_and_worker():
    web = (DEPLOY / "systemd" / "simpul-web.service").read_text()
    assert "gunicorn -c deploy/gunicorn.conf.py" in web
    worker = (DEPLOY / "systemd" / "simpul-worker.service").read_text()
    assert "manage.py db_worker" in worker and "db_worker" in get_commands()
    assert "%i" in (DEPLOY / "systemd" / "simpul-manage@.service").read_text()


def test_nginx_takes_the_largest_upload_and_buffers_it_and_never_serves_media():
    site = (DEPLOY / "nginx" / "simpul.conf").read_text()
    limit = re.search(r"client_max_body_size (\d+)m;", site)
    assert limit and int(limit.group(1)) * 1024 * 1024 > settings.EVIDENCE_MAX_UPLOAD_SIZE
    assert "proxy_request_buffering on;" in site
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in site
    assert "media" not in re.sub(r"#.*", "", site)
