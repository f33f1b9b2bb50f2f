"""The answer workflow tells people: assignment, submission, changes requested, acceptance."""

from django.core import mail

from simpul.cycles import operations
from simpul.cycles.models import Answer
from simpul.cycles.tests.conftest import answer_of
from simpul.notifications.models import Delivery, NotificationKind, NotificationPreference
from simpul.notifications.operations import deliver_due


def sent() -> dict[str, list[str]]:
    """Recipient → subjects of the mail delivered so far."""
    deliver_due()
    out: dict[str, list[str]] = {}
    for message in mail.outbox:
        for to in message.to:
            out.setdefault(to, []).append(message.subject)
    return out


def test_the_whole_round_tells_the_right_people(cycle, people, personas):
    answer = answer_of(cycle, "I02")
    operations.assign_answers(cycle, [answer], membership=people.admin, units=[personas.unit_a2])
    assert sent() == {"respondent@contoh.go.id": ["Tugas baru: 2. " + answer.indicator.name
                                                  + " (2025)"]}  # fmt: skip
    mail.outbox.clear()
    answer = Answer.objects.get(pk=answer.pk)
    answer = operations.save_answer(
        answer, membership=people.respondent, version=answer.version, self_level=2, fact="SK",
        analysis="",
    )  # fmt: skip
    operations.submit_answer(answer, membership=people.respondent, version=answer.version)
    # The assessor and the coordinator review; the respondent who submitted is not told.
    assert set(sent()) == {"assessor@contoh.go.id", "admin@contoh.go.id"}
    mail.outbox.clear()
    answer = Answer.objects.get(pk=answer.pk)
    operations.request_changes(
        answer, membership=people.assessor, comment="Lampirkan pasalnya.", version=answer.version
    )
    got = sent()
    assert set(got) == {"respondent@contoh.go.id"}  # the admin's unit is another one
    assert got["respondent@contoh.go.id"][0].startswith("Perlu perbaikan: 2.")
    assert "Catatan asesor: Lampirkan pasalnya." in mail.outbox[0].body
    mail.outbox.clear()
    answer = Answer.objects.get(pk=answer.pk)
    answer = operations.submit_answer(answer, membership=people.respondent, version=answer.version)
    mail.outbox.clear()
    operations.accept_answer(answer, membership=people.assessor, version=answer.version)
    assert sent()["respondent@contoh.go.id"][0].startswith("Jawaban diterima: 2.")


def test_a_preference_turns_workflow_mail_off(cycle, people, personas):
    NotificationPreference.objects.create(
        user=personas.respondent, kind=NotificationKind.REVIEW, delivery=Delivery.OFF
    )
    answer = answer_of(cycle, "I03")
    operations.assign_answers(cycle, [answer], membership=people.admin, units=[personas.unit_a2])
    assert "respondent@contoh.go.id" not in sent()


def test_only_a_change_of_units_or_pic_is_an_assignment(cycle, people, personas):
    from datetime import date

    answer = answer_of(cycle, "I04")
    answer.units.add(personas.unit_a2)
    operations.assign_answers(cycle, [answer], membership=people.admin, due_date=date(2025, 9, 1))
    assert sent() == {}


def test_deadline_notices_go_once_per_due_date(cycle, people, personas):
    from datetime import date, timedelta
    from io import StringIO

    from django.core.management import call_command

    today = date(2025, 8, 1)
    soon, late, done = (answer_of(cycle, code) for code in ("I05", "I06", "I07"))
    for answer, days in ((soon, 3), (late, -1), (done, 2)):
        answer.units.add(personas.unit_a2)
        Answer.objects.filter(pk=answer.pk).update(due_date=today + timedelta(days=days))
    Answer.objects.filter(pk=done.pk).update(status="submitted", self_level=2)
    out = StringIO()
    call_command("send_answer_reminders", "--today", today.isoformat(), stdout=out)
    assert "1 jawaban diingatkan tenggatnya, 1 jawaban lewat tenggat" in out.getvalue()
    subjects = sent()["respondent@contoh.go.id"]
    assert sorted(s.split(":")[0] for s in subjects) == ["Lewat tenggat", "Tenggat 04-08-2025"]
    mail.outbox.clear()
    call_command("send_answer_reminders", "--today", today.isoformat(), stdout=StringIO())
    assert sent() == {}  # a rerun tells nobody twice
    # A moved due date is reminded about again.
    Answer.objects.filter(pk=soon.pk).update(due_date=today + timedelta(days=2))
    call_command("send_answer_reminders", "--today", today.isoformat(), stdout=StringIO())
    assert list(sent()) == ["respondent@contoh.go.id"]


def test_a_bad_reference_date_exits_2_in_indonesian():
    import pytest
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="--today harus tanggal YYYY-MM-DD") as refused:
        call_command("send_answer_reminders", "--today", "besok")
    assert refused.value.returncode == 2


def test_a_bulk_assignment_sends_one_message_per_person(cycle, people, personas):
    answers = [answer_of(cycle, code) for code in ("I10", "I11", "I12")]
    operations.assign_answers(cycle, answers, membership=people.admin, units=[personas.unit_a2])
    got = sent()
    assert got == {"respondent@contoh.go.id": ["Tugas baru: 3 indikator (2025)"]}
    body = mail.outbox[0].body
    assert all(f"- {a.indicator.number}. {a.indicator.name} (2025)" in body for a in answers)
