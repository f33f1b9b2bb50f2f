"""Every button that deletes, discards, unlinks or hides asks first.

simpul.js shows the form's ``data-confirm`` question and stops the submission unless the person
agrees (the browser journeys of test_items_browser.py answer such a dialog). This test finds
every form in the templates that posts to one of the destructive routes and fails when one of
them carries no question.
"""

import re
from pathlib import Path

from django.conf import settings

DESTRUCTIVE = {
    "plans:action_delete": "deleting an action",
    "plans:scenario_delete": "discarding a scenario",
    "cycles:unlink_evidence": "unlinking evidence from an answer",
    "cycles:item_unlink": "unlinking evidence from an item",
    "evidence:unlink": "unlinking evidence from the library",
    "forum:moderate": "hiding a post",
}
FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.DOTALL | re.IGNORECASE)
QUESTION = re.compile(r'data-confirm="[^"{]*\S[^"]*"')


def templates() -> list[Path]:
    root = Path(settings.BASE_DIR) / "templates"
    return sorted(root.rglob("*.html"))


def test_every_destructive_form_asks_a_question_first():
    found = {name: 0 for name in DESTRUCTIVE}
    silent = []
    for path in templates():
        for form in FORM.findall(path.read_text()):
            opening = form[: form.index(">") + 1]
            for name in DESTRUCTIVE:
                if f"{{% url '{name}'" not in opening:
                    continue
                found[name] += 1
                buttons = re.findall(r"<button\b[^>]*>", form)
                if not QUESTION.search(opening) and not all(QUESTION.search(b) for b in buttons):
                    silent.append(f"{path.name}: {DESTRUCTIVE[name]}")
    assert all(found.values()), f"no form found for: {[n for n, c in found.items() if not c]}"
    assert silent == []


def test_the_question_stops_the_submission_unless_agreed():
    script = (Path(settings.BASE_DIR) / "static/simpul/simpul.js").read_text()
    assert 'closest("[data-confirm]")' in script
    assert 'if (asking && !window.confirm(asking.getAttribute("data-confirm"))) ' in script
    assert "event.preventDefault()" in script
