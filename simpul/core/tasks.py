"""The worker's heartbeat: a no-op task queued by `manage.py worker_heartbeat` (cron).

Its only effect is a finished row in the queue; a heartbeat left waiting shows a dead worker
in /healthz and `manage.py status`.
"""

from django_tasks import task


@task()
def heartbeat() -> str:
    return "ok"
