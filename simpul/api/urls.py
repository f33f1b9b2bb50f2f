from django.urls import path

from simpul.api import (
    answer_writes,
    assessment_views,
    collab_views,
    data_views,
    import_views,
    views,
    write_views,
)

app_name = "api"
urlpatterns = [
    path("score", views.ScoreView.as_view(), name="score"),
    path("plan", views.PlanView.as_view(), name="plan"),
    path("openapi.json", views.SchemaView.as_view(), name="openapi"),
    path("docs/", views.DocsView.as_view(), name="docs"),
    path("frameworks", data_views.FrameworkList.as_view(), name="frameworks"),
    path("cycles", data_views.CycleList.as_view(), name="cycles"),
    path("cycles/<int:pk>", data_views.CycleDetail.as_view(), name="cycle"),
    path("cycles/<int:pk>/answers", assessment_views.CycleAnswers.as_view(), name="answers"),
    path(
        "cycles/<int:pk>/answers/<int:indicator>",
        answer_writes.CycleAnswer.as_view(),
        name="answer",
    ),
    path(
        "cycles/<int:pk>/answers/<int:indicator>/submit",
        answer_writes.AnswerSubmit.as_view(),
        name="answer_submit",
    ),
    path(
        "cycles/<int:pk>/answers/<int:indicator>/items",
        answer_writes.AnswerItems.as_view(),
        name="answer_items",
    ),
    path(
        "cycles/<int:pk>/answers/<int:indicator>/items/<str:code>/verdict",
        answer_writes.ItemVerdictCreate.as_view(),
        name="item_verdict",
    ),
    path(
        "cycles/<int:pk>/official-results",
        import_views.OfficialResultsImport.as_view(),
        name="official_import",
    ),
    path(
        "cycles/<int:pk>/item-verdicts",
        import_views.ItemVerdictsImport.as_view(),
        name="item_verdict_import",
    ),
    path("cycles/<int:pk>/evidence", assessment_views.CycleEvidence.as_view(), name="evidence"),
    path("cycles/<int:pk>/figures", assessment_views.CycleFigures.as_view(), name="figures"),
    path(
        "evidence/<int:pk>/download",
        assessment_views.EvidenceDownload.as_view(),
        name="evidence_download",
    ),
    path("national/results", assessment_views.NationalResults.as_view(), name="national"),
    path("evidence", write_views.EvidenceUpload.as_view(), name="evidence_upload"),
    path("evidence/<int:pk>/links", write_views.EvidenceLinkCreate.as_view(), name="evidence_link"),
    path("actions", write_views.ActionList.as_view(), name="actions"),
    path("actions/<int:pk>", write_views.ActionDetail.as_view(), name="action"),
    path("meetings", collab_views.MeetingList.as_view(), name="meetings"),
    path("meetings/<int:pk>", collab_views.MeetingDetail.as_view(), name="meeting"),
    path("forum/threads", collab_views.ThreadList.as_view(), name="forum_threads"),
    path("forum/threads/<int:pk>", collab_views.ThreadDetail.as_view(), name="forum_thread"),
]
