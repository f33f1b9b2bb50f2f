"""The platform's Django admin lists of evidence stay cheap at platform scale."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from simpul.accounts.models import User

LISTS = [
    "/django-admin/evidence/evidence/",
    "/django-admin/evidence/evidencerevision/",
    "/django-admin/evidence/evidencelink/",
]


def _queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured]


def test_admin_evidence_lists_keep_their_queries_and_never_read_extracted_text(
    client, personas, add_pdf
):
    superuser = User.objects.create_superuser("platform-root", "root@example.org", "x-Simpul-9!")
    client.force_login(superuser)
    add_pdf("Dokumen 0", text="isi teks yang diekstrak " * 200)
    before = {url: len(_queries(client, url)) for url in LISTS}
    for number in range(1, 60):
        add_pdf(f"Dokumen {number}", text=f"teks {number} " * 200)
    for url in LISTS:
        sql = _queries(client, url)
        assert len(sql) == before[url], url
        # No full COUNT(*) on top of the page's own count, and no extracted text loaded.
        if url.endswith("evidencerevision/"):
            listing = [q for q in sql if 'FROM "evidence_evidencerevision"' in q]
            assert listing and all('"evidence_evidencerevision"."text"' not in q for q in listing)
    page = client.get(LISTS[0]).content.decode()
    assert 'href="?p=2"' in page  # 60 documents, 50 a page
