"""Generic scoped views (list, detail, create, update, delete) and the home page.

Each model's views subclass these and name their queryset, filterset, form and template; the
generic part applies scope (core.scope), audit (core.services) and stale-edit detection."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import ProtectedError, QuerySet
from django.http import HttpRequest, HttpResponseRedirect, JsonResponse
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sinergi.core.forms import add_validation_error
from sinergi.core.models import AuditEvent, AuditSource
from sinergi.core.params import is_id, read_optional_version
from sinergi.core.scope import Action, can, check, scoped
from sinergi.core.services import Actor, create_object, delete_object, update_object


def actor_for(request: HttpRequest) -> Actor:
    return Actor(user=request.user, source=AuditSource.WEB)


def history_for(obj, limit: int = 50) -> QuerySet[AuditEvent]:
    content_type = ContentType.objects.get_for_model(type(obj))
    return AuditEvent.objects.filter(
        content_type=content_type, object_id=str(obj.pk)
    ).select_related("actor")[:limit]


class ScopedQuerysetMixin(LoginRequiredMixin):
    model = None
    queryset = None
    action = Action.VIEW

    def get_base_queryset(self) -> QuerySet:
        if self.queryset is not None:
            return self.queryset.all()
        return self.model._default_manager.all()

    def get_queryset(self) -> QuerySet:
        return scoped(self.get_base_queryset(), self.request.user, Action.VIEW)


class ObjectListView(ScopedQuerysetMixin, generic.ListView):
    filterset_class = None
    paginate_by = 25

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        self.filterset = None
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(
                self.request.GET or None, queryset=queryset, request=self.request
            )
            if self.filterset.is_bound and self.filterset.is_valid():
                queryset = self.filterset.qs
            elif self.filterset.is_bound:
                queryset = queryset.none()
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        context["can_add"] = can(self.request.user, Action.ADD, self.model)
        context["model_meta"] = self.model._meta
        return context


class ObjectDetailView(ScopedQuerysetMixin, generic.DetailView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_change"] = can(user, Action.CHANGE, self.object)
        context["can_delete"] = can(user, Action.DELETE, self.object)
        context["history"] = history_for(self.object)
        context["model_meta"] = self.model._meta
        return context


class _FormMixin:
    """Shared by create and update: pass the user to the form, show refused saves."""

    template_name = "core/object_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["model_meta"] = self.model._meta
        return context

    def save_failed(self, form, exc: ValidationError | PermissionDenied):
        if isinstance(exc, PermissionDenied):
            form.add_error(None, _("You may not save this record with these values."))
            return self.render_to_response(self.get_context_data(form=form), status=403)
        status = add_validation_error(form, exc)
        return self.render_to_response(self.get_context_data(form=form), status=status)


class ObjectCreateView(LoginRequiredMixin, _FormMixin, generic.CreateView):
    # Fields a link may pre-fill with an id in the query string ("Add sub-unit" ->
    # ?government=3&parent=12); the form still limits the choices to the user's scope.
    initial_from_query: tuple[str, ...] = ()

    def get_initial(self):
        initial = super().get_initial()
        for key in self.initial_from_query:
            if is_id(self.request.GET.get(key, "")):
                initial[key] = int(self.request.GET[key])
        return initial

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can(request.user, Action.ADD, self.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def build_instance(self, form):
        return form.save(commit=False)

    def form_valid(self, form):
        instance = self.build_instance(form)
        try:
            self.object = create_object(actor_for(self.request), instance, m2m=form.m2m_changes())
        except (ValidationError, PermissionDenied) as exc:
            return self.save_failed(form, exc)
        messages.success(self.request, _("%(object)s was created.") % {"object": self.object})
        return HttpResponseRedirect(self.get_success_url())


class ObjectUpdateView(ScopedQuerysetMixin, _FormMixin, generic.UpdateView):
    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        check(self.request.user, Action.CHANGE, obj)
        return obj

    def form_valid(self, form):
        try:
            self.object = update_object(
                actor_for(self.request),
                self.object,
                form.model_changes(),
                expected_version=form.expected_version(),
                m2m=form.m2m_changes(),
            )
        except (ValidationError, PermissionDenied) as exc:
            return self.save_failed(form, exc)
        messages.success(self.request, _("%(object)s was saved.") % {"object": self.object})
        return HttpResponseRedirect(self.get_success_url())


class ObjectDeleteView(ScopedQuerysetMixin, generic.DeleteView):
    template_name = "core/object_confirm_delete.html"

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        check(self.request.user, Action.DELETE, obj)
        return obj

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["model_meta"] = self.model._meta
        return context

    def form_valid(self, form):
        label = str(self.object)
        try:
            delete_object(
                actor_for(self.request), self.object,
                expected_version=read_optional_version(self.request.POST),
            )
        except ProtectedError:
            messages.error(
                self.request,
                _("%(object)s cannot be deleted: other records still refer to it.")
                % {"object": label},
            )
            return HttpResponseRedirect(self.object.get_absolute_url())
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(self.request, _("%(object)s was deleted.") % {"object": label})
        return HttpResponseRedirect(self.get_success_url())


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers; no login needed."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:
        database = "error"
    status = 200 if database == "ok" else 503
    return JsonResponse({"status": "ok" if status == 200 else "error", "database": database},
                        status=status)


class AuditListView(LoginRequiredMixin, generic.ListView):
    """Everything recorded, newest first (administrators only), filtered (core.filtersets) and
    downloadable as xlsx (`?format=xlsx`: the filtered events, at most EXPORT_LIMIT)."""

    template_name = "core/audit_list.html"
    paginate_by = 50
    EXPORT_LIMIT = 50_000

    def get_queryset(self):
        if not self.request.user.is_administrator:
            raise PermissionDenied
        from sinergi.core.filtersets import AuditEventFilterSet

        queryset = AuditEvent.objects.select_related("actor", "content_type").order_by("-timestamp", "-id")
        self.filterset = AuditEventFilterSet(self.request.GET or None, queryset=queryset,
                                             request=self.request)
        if self.filterset.is_bound:
            return self.filterset.qs if self.filterset.is_valid() else queryset.none()
        return queryset

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return self.export(self.get_queryset())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        query = self.request.GET.copy()
        query.pop("page", None)
        query["format"] = "xlsx"
        context["export_query"] = query.urlencode()
        return context

    def export(self, queryset):
        from django.utils import timezone as tz

        from sinergi.core.spreadsheets import (
            DATETIME,
            Column,
            SheetSpec,
            WorkbookSpec,
            write_workbook,
            xlsx_response,
        )

        zone = tz.get_current_timezone()
        spec = WorkbookSpec([SheetSpec("Log audit", [
            Column("time", f"Waktu ({tz.localtime(tz.now(), zone).tzname()})", kind=DATETIME, width=20),
            Column("user", "Pengguna", width=20), Column("action", "Tindakan", width=12),
            Column("source", "Sumber", width=10), Column("type", "Jenis", width=20),
            Column("object", "Data", width=50), Column("note", "Catatan", width=40)])])
        rows = [{"time": tz.localtime(e.timestamp, zone), "user": e.actor_label,
                 "action": e.get_action_display(), "source": e.get_source_display(),
                 "type": str(e.content_type.model_class()._meta.verbose_name) if e.content_type.model_class()
                 else e.content_type.model, "object": e.object_repr, "note": e.note}
                for e in queryset[: self.EXPORT_LIMIT]]
        return xlsx_response(write_workbook(spec, {"Log audit": rows}), "log-audit.xlsx")


