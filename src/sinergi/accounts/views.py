"""Personal API tokens and user management pages.

Who may do what is decided by accounts.rules; the writes go through accounts.services (audited,
version checked). Accounts a manager may not see are 404; seen but not manageable is 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View, generic
from django.views.decorators.http import require_POST

from sinergi.accounts import forms, rules, services
from sinergi.accounts.models import ApiToken, User
from sinergi.accounts.services import create_token, revoke_token
from sinergi.core.forms import add_validation_error
from sinergi.core.params import read_optional_version
from sinergi.core.views import actor_for, history_for
from sinergi.regions.models import Unit


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


# ---------------------------------------------------------------------------- users


class _UserManagerMixin(LoginRequiredMixin):
    """Only administrators and coordinators reach these pages (403 for other roles)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not rules.can_manage_users(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class _TargetMixin(_UserManagerMixin):
    """Pages about one account the user manages: 404 when not visible, 403 when not manageable."""

    def get_target(self) -> User:
        target = get_object_or_404(services.visible_users(self.request.user), pk=self.kwargs["pk"])
        if not rules.can_manage_user(self.request.user, target, services.user_governments(target)):
            raise PermissionDenied
        return target


def _refused(view, form, exc: ValidationError | PermissionDenied, **context) -> HttpResponse:
    """Render the form again with why the save was refused (403 rules, 409 stale, 200 invalid)."""
    if isinstance(exc, PermissionDenied):
        detail = services.validation_error_for(exc)
        if detail is not None:
            add_validation_error(form, detail)
        else:
            form.add_error(None, _("You may not save this record with these values."))
        status = 403
    else:
        status = add_validation_error(form, exc)
    return render(view.request, view.template_name, {"form": form, **context}, status=status)


class UserListView(_UserManagerMixin, generic.ListView):
    template_name = "accounts/user_list.html"
    paginate_by = 25

    def get_queryset(self):
        units = Prefetch("scope_units", queryset=Unit.objects.select_related("government"))
        queryset = services.visible_users(
            self.request.user, User.objects.prefetch_related(units)
        ).order_by("username")
        self.filterset = forms.UserFilterSet(
            self.request.GET or None, queryset=queryset, request=self.request
        )
        if not self.filterset.is_bound:
            return queryset
        return self.filterset.qs if self.filterset.is_valid() else queryset.none()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        context["can_add"] = True
        return context


class UserDetailView(LoginRequiredMixin, generic.DetailView):
    """Every signed-in user sees their own profile; managers see the accounts they manage."""

    template_name = "accounts/user_detail.html"
    context_object_name = "account"

    def get_queryset(self):
        units = Prefetch("scope_units", queryset=Unit.objects.select_related("government"))
        return services.visible_users(self.request.user, User.objects.prefetch_related(units))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        account, viewer = self.object, self.request.user
        context["can_manage"] = rules.can_manage_user(
            viewer, account, services.user_governments(account)
        )
        context["is_self"] = account.pk == viewer.pk
        context["history"] = history_for(account)
        context["n_tokens"] = account.api_tokens.usable().count()
        return context


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return redirect("accounts:user_detail", pk=request.user.pk)


class UserCreateView(_UserManagerMixin, View):
    template_name = "accounts/user_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": forms.UserCreateForm(user=request.user)})

    def post(self, request):
        form = forms.UserCreateForm(request.POST, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        account = form.save(commit=False)
        try:
            account = services.create_user(
                actor_for(request), account, scope_units=form.scope_units(),
                password=form.cleaned_data["password1"],
            )
        except (ValidationError, PermissionDenied) as exc:
            return _refused(self, form, exc)
        messages.success(request, _("%(object)s was created.") % {"object": account})
        return HttpResponseRedirect(account.get_absolute_url())


class UserUpdateView(_TargetMixin, View):
    template_name = "accounts/user_form.html"

    def get(self, request, pk):
        account = self.get_target()
        form = forms.UserForm(instance=account, user=request.user)
        return render(request, self.template_name, {"form": form, "account": account})

    def post(self, request, pk):
        account = self.get_target()
        form = forms.UserForm(request.POST, instance=account, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "account": account})
        try:
            account = services.update_user(
                actor_for(request), User.objects.get(pk=pk), form.model_changes(),
                expected_version=form.expected_version(), scope_units=form.scope_units(),
            )
        except (ValidationError, PermissionDenied) as exc:
            return _refused(self, form, exc, account=User.objects.get(pk=pk))
        messages.success(request, _("%(object)s was saved.") % {"object": account})
        return HttpResponseRedirect(account.get_absolute_url())


class UserSetPasswordView(_TargetMixin, View):
    template_name = "accounts/user_password_form.html"

    def get(self, request, pk):
        account = self.get_target()
        form = forms.SetPasswordForm(target=account, editor=request.user)
        return render(request, self.template_name, {"form": form, "account": account})

    def post(self, request, pk):
        account = self.get_target()
        form = forms.SetPasswordForm(request.POST, target=account, editor=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "account": account})
        try:
            account = services.set_password(
                actor_for(request), account, form.cleaned_data["password1"],
                revoke_tokens=form.revoke_tokens(),
            )
        except (ValidationError, PermissionDenied) as exc:
            return _refused(self, form, exc, account=account)
        if account.pk == request.user.pk:
            update_session_auth_hash(request, account)
        if form.revoke_tokens():
            messages.success(
                request,
                _("The password of %(object)s was set and their API tokens were revoked.")
                % {"object": account},
            )
        else:
            messages.success(request, _("The password of %(object)s was set.") % {"object": account})
        return HttpResponseRedirect(account.get_absolute_url())


class UserActiveView(_TargetMixin, View):
    """Deactivate (or reactivate) an account: it can no longer sign in nor use its tokens."""

    template_name = "accounts/user_confirm_active.html"
    active = False

    def get(self, request, pk):
        account = self.get_target()
        return render(request, self.template_name, {"account": account, "active": self.active})

    def post(self, request, pk):
        account = self.get_target()
        try:
            services.set_active(
                actor_for(request), account, self.active,
                expected_version=read_optional_version(request.POST),
            )
        except PermissionDenied as exc:
            detail = services.validation_error_for(exc)
            messages.error(request, " ".join(detail.messages) if detail else _("Not allowed."))
            return render(request, self.template_name,
                          {"account": account, "active": self.active}, status=403)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            status = 409 if getattr(exc, "code", None) == "stale" else 200
            return render(request, self.template_name,
                          {"account": User.objects.get(pk=pk), "active": self.active}, status=status)
        if self.active:
            messages.success(request, _("%(object)s was reactivated.") % {"object": account})
        else:
            messages.success(request, _("%(object)s was deactivated.") % {"object": account})
        return HttpResponseRedirect(reverse("accounts:user_detail", args=[pk]))


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    """Every user changes their own password here (old password first), audited; their API
    tokens, which a password change does not stop, are revoked too unless they untick it."""
    form = forms.PasswordChangeForm(user=request.user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.set_password(
            actor_for(request), request.user, form.cleaned_data["new_password1"],
            revoke_tokens=form.revoke_tokens(),
        )
        update_session_auth_hash(request, user)
        if form.revoke_tokens():
            messages.success(request, _("Your password was changed and your API tokens were revoked."))
        else:
            messages.success(request, _("Your password was changed."))
        return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})
