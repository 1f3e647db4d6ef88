from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from engagements.views import access as access_views
from offices import views as offices_views
from spcp.i18n import set_language

urlpatterns = [
    # Our own switch (spcp/i18n.py): Django's cannot switch away from a prefixed language.
    path("i18n/setlang/", set_language, name="set_language"),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/login/", offices_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # A facilitator's or council member's personal sign-in link (engagements.SignInLink).
    path("accounts/link/<int:link_pk>/", access_views.sign_in_link, name="sign_in_link"),
    path(
        "accounts/password-reset/",
        offices_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        offices_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/changed/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/", include("offices.urls")),
    path("facilitator/", include("facilitator_portal.urls")),
    path("council/", include("council_portal.urls")),
    path("", include("engagements.urls")),
    prefix_default_language=False,
)
