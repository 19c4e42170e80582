"""Sign-in, personal API tokens and user management pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.accounts import forms
from sinergi.accounts.models import ApiToken, User
from sinergi.accounts.services import create_token, revoke_token
from sinergi.core import views as generic
from sinergi.core.views import actor_for


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = forms.TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = create_token(
            actor_for(request), request.user, form.cleaned_data["name"],
            form.cleaned_data.get("expires_at"),
        )
        form = forms.TokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    return render(
        request, "accounts/token_list.html", {"form": form, "tokens": tokens, "new_key": new_key}
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke_token(actor_for(request), token)
    messages.success(request, _("The token %(name)s was revoked.") % {"name": token.name})
    return redirect("accounts:token_list")


class UserListView(generic.ObjectListView):
    model = User
    queryset = User.objects.prefetch_related("scope_units")
    template_name = "accounts/user_list.html"
