from django.urls import reverse


def test_the_interface_is_indonesian_by_default(client, db):
    body = client.get(reverse("accounts:login")).content.decode()
    assert "Masuk ke Simpul" in body and 'lang="id"' in body


def test_english_is_available_as_a_second_language(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="en"' in body
    assert "Sign in to Simpul" in body
    assert "Email or username" in body


def test_form_errors_follow_the_language(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert "password" in response.content.decode().lower()
    assert "kata sandi salah" not in response.content.decode()


def test_a_browser_set_to_english_still_gets_indonesian(client, db):
    body = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content
    assert "Masuk ke Simpul" in body.decode()


# Django REST framework and django-allauth bring their own Indonesian for some of Django's
# messages, and an installed app's catalog outranks Django's: simpul/locale/id keeps one wording.
DJANGO_WORDING = {
    "This field is required.": "Bidang ini tidak boleh kosong.",
    "Enter a valid email address.": "Masukkan alamat email yang valid.",
    "Enter a valid URL.": "Masukkan URL yang valid.",
    "No file was submitted.": "Tidak ada berkas yang dikirimkan.",
    "The submitted file is empty.": "Berkas yang dikirimkan kosong.",
    "Email address": "Alamat email",
}


def test_the_forms_keep_one_indonesian_wording_whatever_apps_are_installed():
    from django.utils import translation

    with translation.override("id"):
        assert {msgid: translation.gettext(msgid) for msgid in DJANGO_WORDING} == DJANGO_WORDING
