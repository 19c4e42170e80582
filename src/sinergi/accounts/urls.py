from django.contrib.auth import views as auth_views
from django.urls import path

from sinergi.accounts import forms, views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("password/", views.password_change, name="password_change"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/add/", views.UserCreateView.as_view(), name="user_add"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/edit/", views.UserUpdateView.as_view(), name="user_edit"),
    path("users/<int:pk>/password/", views.UserSetPasswordView.as_view(), name="user_password"),
    path("users/<int:pk>/deactivate/", views.UserActiveView.as_view(active=False), name="user_deactivate"),
    path("users/<int:pk>/activate/", views.UserActiveView.as_view(active=True), name="user_activate"),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]

# Sign-in and sign-out keep Django's names ("login", "logout") at the project level.
auth_urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # "Lupa kata sandi": a one-time link by email (Django's tokens: valid for
    # PASSWORD_RESET_TIMEOUT, void once the password changes).
    path("password-reset/", auth_views.PasswordResetView.as_view(
        form_class=forms.PasswordResetForm, email_template_name="registration/password_reset_email.txt",
        subject_template_name="registration/password_reset_subject.txt"), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        form_class=forms.ResetPasswordForm), name="password_reset_confirm"),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
]
