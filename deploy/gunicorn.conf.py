"""gunicorn settings for Simpul in production: `gunicorn -c deploy/gunicorn.conf.py`.

Every value can be overridden by the environment (the systemd unit reads /etc/simpul/simpul.env).

Why threads: a request that reads a slow upload or waits on the database holds one thread,
not a whole process, so two people uploading 5 MB over a 400 kbit/s island link (100 s each)
leave the other threads free (bench/slow_uploads.py measures it). gunicorn's default `sync`
worker with its 30 s timeout killed such uploads with a 500 and queued everyone behind them.
In front of gunicorn, nginx buffers whole request bodies (deploy/nginx/simpul.conf), so in
production the slow part of an upload never reaches Python at all; the threads are the second
line for deployments without that proxy.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(f"{name} harus bilangan bulat positif, bukan {value!r}.")
    return int(value)


wsgi_app = "simpul.wsgi:application"
bind = os.environ.get("SIMPUL_BIND", "127.0.0.1:8000")
worker_class = "gthread"
# Processes share nothing but the database; threads share a process's memory (about 120 MB
# with the frameworks loaded). Two per core keeps the CPUs busy while threads wait on I/O.
workers = _int("WEB_WORKERS", min(2 * multiprocessing.cpu_count(), 8))
threads = _int("WEB_THREADS", 8)
# A thread may take this long before gunicorn restarts its process (a report PDF is built by
# the task worker, not here; the slowest page is far below this).
timeout = _int("WEB_TIMEOUT_SECONDS", 120)
graceful_timeout = 30
keepalive = 5
# Restart each process now and then, staggered, so a slow leak never grows unbounded.
max_requests = 2000
max_requests_jitter = 200
# The proxy on this machine sets X-Forwarded-For/-Proto; nobody else may.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Request lines and headers as Django accepts them; bodies are limited by nginx and Django.
limit_request_line = 8190
accesslog = os.environ.get("WEB_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("WEB_LOG_LEVEL", "info")
# Workers' heartbeat files in memory, not on a slow disk (gunicorn's advice for containers and
# small VMs); /dev/shm is per machine and written only by gunicorn itself.
worker_tmp_dir = os.environ.get("WEB_TMP_DIR") or (
    "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
)
