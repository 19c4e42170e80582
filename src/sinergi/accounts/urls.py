from django.contrib.auth import views as auth_views
from django.urls import path

from sinergi.accounts import views

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
]
