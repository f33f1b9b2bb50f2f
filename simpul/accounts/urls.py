from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .oidc import with_provider_form_action
from .two_factor import views as two_factor

app_name = "accounts"

urlpatterns = [
    path("masuk/", with_provider_form_action(views.SignInView.as_view()), name="login"),
    path("keluar/", views.SignOutView.as_view(), name="logout"),
    path("profil/", views.profile, name="profile"),
    path("kata-sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path("lupa-kata-sandi/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "lupa-kata-sandi/terkirim/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "atur-ulang/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "atur-ulang/selesai/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("undangan/<uidb64>/<token>/", views.InvitationAcceptView.as_view(), name="invitation"),
    # Two-step sign-in (simpul/accounts/two_factor/).
    path("masuk/kode/", two_factor.verify, name="two_factor_verify"),
    path("profil/dua-langkah/", two_factor.manage, name="two_factor"),
    path("profil/dua-langkah/pasang/", two_factor.setup, name="two_factor_setup"),
    path("profil/dua-langkah/kode-baru/", two_factor.new_codes, name="two_factor_new_codes"),
    path("profil/dua-langkah/matikan/", two_factor.turn_off, name="two_factor_turn_off"),
]
