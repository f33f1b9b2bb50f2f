"""Background sending of the outbox, run by `manage.py db_worker` (django-tasks)."""

from django_tasks import task


@task()
def deliver_message(message_id: int) -> str:
    """Send one outbox message; returns its status afterwards (a failure is recorded)."""
    from . import operations

    return operations.deliver(message_id)
