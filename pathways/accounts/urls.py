from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", views.home, name="home"),
    path("accounts/settings/", views.account_settings, name="settings"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("accounts/tokens/", views.token_list, name="token-list"),
    path("accounts/tokens/<uuid:token>/revoke/", views.token_revoke, name="token-revoke"),
    path("invitations/", views.invitation_list, name="invitation-list"),
    path("invitations/new/", views.invitation_create, name="invitation-create"),
    path("invitations/<uuid:invitation>/print/", views.invitation_print, name="invitation-print"),
    path("invitations/<uuid:invitation>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join_code, name="join-code"),
]
