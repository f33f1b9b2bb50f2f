"""The one access table: which roles may do what, by a dotted capability name.

Views (`capability_required`), templates (`{% if membership|can:"cycle.review" %}`), the API
(`AgencyReadView.capability`) and docs/access.md all read `CAPABILITIES`. A role list written
anywhere else is refused by `simpul/agencies/tests/test_capabilities.py`. An unknown name is a
`KeyError`, so a typo fails at import or on the first request, never as a silent "no".

`manage.py capabilities` prints the table in Markdown; docs/access.md holds that output.
"""

from django.utils.translation import gettext_lazy as _

from .roles import Role

A = Role.ADMIN
R = Role.RESPONDENT
IA = Role.INTERNAL_ASSESSOR
EA = Role.EXTERNAL_ASSESSOR
L = Role.LEADER
P = Role.PARTNER

# name: (roles, description). Keep the order: the docs page and `manage.py capabilities` follow it.
_TABLE = {
    "agency.admin": (
        {A},
        _("Mengelola instansi: orang dan peran, pengaturan, pesan keluar yang belum terkirim"),
    ),
    "cycle.read": (
        {A, R, IA, EA, L},
        _("Membuka periode evaluasi dan jawaban (responden hanya jawaban yang ditugaskan)"),
    ),
    "cycle.read_all": (
        {A, IA, EA, L},
        _("Membaca semua jawaban instansi, perbandingan dan Berita Acara"),
    ),
    "cycle.answer": (
        {A, R},
        _("Menjawab indikator dan butir (responden: yang ditugaskan kepadanya)"),
    ),
    "cycle.edit_all": ({A}, _("Menyunting setiap jawaban, siapa pun penanggung jawabnya")),
    "cycle.manage": (
        {A},
        _("Tindakan koordinator atas periode: tahap, impor hasil resmi dan verdik butir"),
    ),
    "cycle.review": ({A, IA}, _("Meninjau jawaban mandiri: menerima atau mengembalikan")),
    "cycle.stage_level": ({A, EA}, _("Mengisi tingkat hasil tahap penilaian eksternal")),
    "evidence.read": ({A, R, IA, EA, L}, _("Membaca pustaka data dukung")),
    "evidence.write": (
        {A, R},
        _("Mengunggah, menautkan, mengubah data dukung (responden: unggahannya, terbitan unitnya)"),
    ),
    "evidence.edit_all": ({A}, _("Mengubah setiap dokumen, siapa pun pengunggah atau penerbitnya")),
    "report.read": ({A, IA, EA, L}, _("Membuat dan mengunduh laporan periode")),
    "dashboard.read": ({A, R, IA, EA, L}, _("Membuka dasbor instansi")),
    "dashboard.leader": ({A, IA, L}, _("Membuka ringkasan pimpinan")),
    "national.read": ({A, R, IA, EA, L}, _("Membandingkan dengan hasil nasional")),
    "plan.read": ({A, IA, L}, _("Membuka simulasi, perencana target dan skenario")),
    "plan.edit": ({A, IA}, _("Menyimpan dan mengubah skenario")),
    "plan.edit_efforts": ({A}, _("Mengubah profil upaya instansi")),
    "action.read": ({A, R, IA, L}, _("Membuka rencana aksi (responden hanya aksi miliknya)")),
    "action.read_all": ({A, IA, L}, _("Membaca semua rencana aksi instansi")),
    "action.progress": (
        {A, R},
        _("Memperbarui status, kemajuan, catatan dan data dukung aksi (responden: aksi miliknya)"),
    ),
    "action.manage": (
        {A},
        _("Membuat, menyunting dan menghapus aksi, menjadikan rencana aksi"),
    ),
    "forum.moderate": ({A}, _("Memoderasi forum dan mengelola mitra")),
    "forum.post_directly": (
        {A, R, IA, EA, L},
        _("Tulisan forum tayang langsung meski moderasi pra-tayang aktif (tulisan mitra menunggu)"),
    ),
    "meeting.read_all": (
        {A, R, IA, EA, L},
        _("Membuka semua rapat dan notulennya (mitra: rapat yang mengundangnya, notulen terbit)"),
    ),
    "meeting.manage": ({A}, _("Membuat dan mengelola rapat, notulen dan daftar hadir")),
    "oidc.new_member": (
        {R, IA, L},
        _("Peran yang boleh diberikan kepada orang baru pada masuk OpenID Connect pertamanya"),
    ),
}

CAPABILITIES: dict[str, frozenset[Role]] = {
    name: frozenset(roles) for name, (roles, _description) in _TABLE.items()
}
DESCRIPTIONS = {name: description for name, (_roles, description) in _TABLE.items()}


def roles_with(name: str) -> frozenset[Role]:
    """The roles holding capability `name`; KeyError for a name not in the table."""
    try:
        return CAPABILITIES[name]
    except KeyError:
        raise KeyError(
            f"Unknown capability {name!r}; see simpul/agencies/capabilities.py"
        ) from None


def ordered_roles(name: str) -> tuple[Role, ...]:
    """The roles of `name` in the order of `Role` (for choices and display)."""
    allowed = roles_with(name)
    return tuple(role for role in Role if role in allowed)


def role_can(role: str, name: str) -> bool:
    return role in roles_with(name)


def markdown_table() -> str:
    """The table as docs/access.md shows it, one row per capability."""
    roles = list(Role)
    header = "| " + " | ".join(["Kapabilitas", *(str(r.label) for r in roles), "Keterangan"]) + " |"
    rule = "|" + "|".join(["---"] * (len(roles) + 2)) + "|"
    lines = [header, rule]
    for name, allowed in CAPABILITIES.items():
        marks = ["✓" if role in allowed else "" for role in roles]
        lines.append("| " + " | ".join([f"`{name}`", *marks, str(DESCRIPTIONS[name])]) + " |")
    return "\n".join(lines) + "\n"
