"""User management: the rules (accounts.rules), the services, and the pages for every role."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from sinergi.accounts import rules, services
from sinergi.accounts.models import User
from sinergi.core.models import AuditEvent, AuditSource
from sinergi.core.roles import Role
from sinergi.core.services import Actor, StaleEditError
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "Rahasia-Kuat-2025!"


@pytest.fixture
def people(world):
    """Accounts around the coordinator (Kutai Timur) besides the world's own."""
    return {
        "mimika": factories.user("mimika_op", Role.UNIT_OPERATOR, [world.mimika_tapem]),
        "mixed": factories.user("mixed", Role.VIEWER, [world.tapem, world.mimika_tapem]),
        "nobody": factories.user("unassigned", Role.VIEWER, []),
        "root": factories.user("root", Role.VIEWER, [world.setda], is_superuser=True, is_staff=True),
        "local_admin": factories.user("kutim_admin", Role.ADMINISTRATOR, [world.setda]),
    }


def governments(user) -> set[int]:
    return services.user_governments(user)


# ---------------------------------------------------------------------------- rules


def test_who_may_open_user_management(world):
    assert rules.can_manage_users(world.users[Role.ADMINISTRATOR])
    assert rules.can_manage_users(world.users[Role.COORDINATOR])
    for role in (Role.UNIT_HEAD, Role.UNIT_OPERATOR, Role.VIEWER):
        assert not rules.can_manage_users(world.users[role])
    lonely = factories.user("lonely", Role.COORDINATOR, [])
    assert not rules.can_manage_users(lonely)
    world.users[Role.COORDINATOR].is_active = False
    assert not rules.can_manage_users(world.users[Role.COORDINATOR])


def test_coordinator_manages_only_accounts_wholly_inside_its_governments(world, people):
    coordinator = world.users[Role.COORDINATOR]
    allowed = {name: rules.can_manage_user(coordinator, u, governments(u)) for name, u in people.items()}
    assert allowed == {"mimika": False, "mixed": False, "nobody": False, "root": False,
                       "local_admin": False}
    for role in (Role.UNIT_HEAD, Role.UNIT_OPERATOR, Role.VIEWER, Role.COORDINATOR):
        target = world.users[role]
        assert rules.can_manage_user(coordinator, target, governments(target))
    assert not rules.can_manage_user(coordinator, world.users[Role.ADMINISTRATOR], set())


def test_administrator_manages_everyone_and_others_no_one(world, people):
    admin = world.users[Role.ADMINISTRATOR]
    for target in [*people.values(), *world.users.values()]:
        assert rules.can_manage_user(admin, target, governments(target))
        for role in (Role.UNIT_HEAD, Role.UNIT_OPERATOR, Role.VIEWER):
            assert not rules.can_manage_user(world.users[role], target, governments(target))


def test_assignment_rules_for_a_coordinator(world):
    coordinator = world.users[Role.COORDINATOR]
    kutim, mimika = world.kutim.pk, world.mimika.pk

    def errors(target=None, role=Role.VIEWER, units=(kutim,), **flags):
        return rules.assignment_errors(
            coordinator, target=target, role=role, unit_governments=units,
            is_staff=flags.get("is_staff", False), is_superuser=flags.get("is_superuser", False),
            is_active=flags.get("is_active", True),
        )

    assert errors() == {}
    assert set(errors(units=(kutim, mimika))) == {"scope_units"}
    assert set(errors(units=())) == {"scope_units"}
    assert set(errors(role=Role.ADMINISTRATOR)) == {"role"}
    assert set(errors(is_staff=True)) == {"is_staff"}
    assert set(errors(is_superuser=True)) == {"__all__"}
    assert set(errors(target=coordinator, role=Role.VIEWER)) == {"role"}
    assert set(errors(target=coordinator, role=Role.COORDINATOR, is_active=False)) == {"is_active"}
    assert errors(target=world.users[Role.VIEWER], role=Role.UNIT_OPERATOR) == {}


def test_assignment_rules_for_an_administrator(world):
    admin = world.users[Role.ADMINISTRATOR]
    ok = rules.assignment_errors(admin, target=None, role=Role.ADMINISTRATOR, is_staff=True,
                                 is_superuser=True, unit_governments=())
    assert ok == {}
    own = rules.assignment_errors(admin, target=admin, role=Role.VIEWER, is_staff=False,
                                  is_superuser=False, unit_governments=())
    assert set(own) == {"role"}
    viewer = world.users[Role.VIEWER]
    refused = rules.assignment_errors(viewer, target=None, role=Role.VIEWER, is_staff=False,
                                      is_superuser=False, unit_governments=(world.kutim.pk,))
    assert set(refused) == {"__all__"}


def test_services_enforce_the_rules_even_without_forms(world, people):
    coordinator = Actor(world.users[Role.COORDINATOR])
    new = User(username="forged", role=Role.ADMINISTRATOR)
    with pytest.raises(PermissionDenied):
        services.create_user(coordinator, new, scope_units=[world.tapem], password=PASSWORD)
    new = User(username="forged", role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services.create_user(coordinator, new, scope_units=[world.mimika_tapem], password=PASSWORD)
    assert not User.objects.filter(username="forged").exists()
    with pytest.raises(PermissionDenied):
        services.update_user(coordinator, people["local_admin"], {"first_name": "X"}, expected_version=None)
    with pytest.raises(PermissionDenied):
        services.update_user(coordinator, world.users[Role.VIEWER], {"role": Role.ADMINISTRATOR},
                             expected_version=None)
    with pytest.raises(PermissionDenied):
        services.set_password(coordinator, people["mixed"], PASSWORD)
    assert User.objects.get(pk=world.users[Role.VIEWER].pk).role == Role.VIEWER


def test_created_user_is_hashed_scoped_and_audited(world):
    coordinator = world.users[Role.COORDINATOR]
    user = services.create_user(Actor(coordinator), User(username="ani", role=Role.UNIT_OPERATOR),
                                scope_units=[world.tapem], password=PASSWORD)
    user.refresh_from_db()
    assert user.password != PASSWORD and user.check_password(PASSWORD)
    assert list(user.scope_units.all()) == [world.tapem]
    event = AuditEvent.objects.get(object_id=str(user.pk), action="create")
    assert event.actor == coordinator and event.source == AuditSource.WEB
    assert event.after["scope_units"] == [world.tapem.pk]
    assert "password" not in event.after


def test_visible_users_per_role(world, people):
    def names(viewer):
        return set(services.visible_users(viewer).values_list("username", flat=True))

    everyone = set(User.objects.values_list("username", flat=True))
    assert names(world.users[Role.ADMINISTRATOR]) == everyone
    # Kutai Timur accounts only: not Mimika's, not the one that spans both, not the unassigned.
    assert names(world.users[Role.COORDINATOR]) == {
        "coordinator", "head", "operator", "viewer", "root", "kutim_admin",
    }
    for role in (Role.UNIT_HEAD, Role.UNIT_OPERATOR, Role.VIEWER):
        assert names(world.users[role]) == {world.users[role].username}


# ---------------------------------------------------------------------------- pages: who gets in


def user_urls(target) -> dict[str, str]:
    return {
        "list": reverse("accounts:user_list"),
        "add": reverse("accounts:user_add"),
        "detail": reverse("accounts:user_detail", args=[target.pk]),
        "edit": reverse("accounts:user_edit", args=[target.pk]),
        "password": reverse("accounts:user_password", args=[target.pk]),
        "deactivate": reverse("accounts:user_deactivate", args=[target.pk]),
        "activate": reverse("accounts:user_activate", args=[target.pk]),
    }


def test_anonymous_is_sent_to_login(client, world):
    for name, url in {**user_urls(world.users[Role.VIEWER]),
                      "profile": reverse("accounts:profile")}.items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name
    response = client.post(user_urls(world.users[Role.VIEWER])["deactivate"], {"version": 1})
    assert response.status_code == 302
    assert User.objects.get(pk=world.users[Role.VIEWER].pk).is_active


# role -> what it gets on the pages about the Kutai Timur operator
OPERATOR_PAGES = {
    Role.ADMINISTRATOR: dict.fromkeys(("list", "add", "detail", "edit", "password", "deactivate"), 200),
    Role.COORDINATOR: dict.fromkeys(("list", "add", "detail", "edit", "password", "deactivate"), 200),
    Role.UNIT_HEAD: {"list": 403, "add": 403, "detail": 404, "edit": 403, "password": 403,
                     "deactivate": 403},
    Role.UNIT_OPERATOR: {"list": 403, "add": 403, "detail": 200, "edit": 403, "password": 403,
                         "deactivate": 403},
    Role.VIEWER: {"list": 403, "add": 403, "detail": 404, "edit": 403, "password": 403,
                  "deactivate": 403},
}


@pytest.mark.parametrize("role", list(OPERATOR_PAGES))
def test_permission_matrix_of_user_pages(client, world, role):
    client.force_login(world.users[role])
    urls = user_urls(world.users[Role.UNIT_OPERATOR])
    got = {name: client.get(urls[name]).status_code for name in OPERATOR_PAGES[role]}
    assert got == OPERATOR_PAGES[role]


def test_coordinator_gets_404_outside_and_403_on_privileged_accounts(client, world, people):
    client.force_login(world.users[Role.COORDINATOR])
    for name in ("mimika", "mixed", "nobody"):
        for page, url in user_urls(people[name]).items():
            if page not in ("list", "add"):
                assert client.get(url).status_code == 404, (name, page)
    for name in ("root", "local_admin"):
        urls = user_urls(people[name])
        assert client.get(urls["detail"]).status_code == 200
        for page in ("edit", "password", "deactivate"):
            assert client.get(urls[page]).status_code == 403, (name, page)
        assert client.post(urls["deactivate"]).status_code == 403
        assert User.objects.get(pk=people[name].pk).is_active
    assert client.get(user_urls(world.users[Role.ADMINISTRATOR])["detail"]).status_code == 404


@pytest.mark.parametrize("role", list(OPERATOR_PAGES))
def test_everyone_sees_their_own_profile(client, world, role):
    me = world.users[role]
    client.force_login(me)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response["Location"] == me.get_absolute_url()
    response = client.get(me.get_absolute_url())
    assert response.status_code == 200
    assert response.context["account"] == me
    assert 'id="history"' in response.content.decode()


# ---------------------------------------------------------------------------- list


def test_list_search_filter_and_pages(client, world, people):
    for i in range(30):
        factories.user(f"staf{i:02d}", Role.VIEWER, [world.bappeda], first_name="Staf",
                       last_name=f"Nomor {i}")
    client.force_login(world.users[Role.ADMINISTRATOR])
    url = reverse("accounts:user_list")
    page1 = client.get(url)
    assert page1.context["paginator"].count == User.objects.count()
    assert len(page1.context["object_list"]) == 25
    page2 = client.get(url, {"page": 2})
    assert {u.pk for u in page1.context["object_list"]}.isdisjoint(u.pk for u in page2.context["object_list"])
    names = lambda r: {u.username for u in r.context["object_list"]}  # noqa: E731
    assert names(client.get(url, {"q": "staf nomor 29"})) == {"staf29"}
    assert names(client.get(url, {"q": "staf nomor 7"})) == {"staf07", "staf17", "staf27"}
    assert names(client.get(url, {"q": "MIMIKA_op"})) == {"mimika_op"}
    assert names(client.get(url, {"role": Role.UNIT_HEAD})) == {"head"}
    assert names(client.get(url, {"government": world.mimika.pk})) == {"mimika_op", "mixed"}
    assert client.get(url, {"role": "emperor"}).context["paginator"].count == 0


def test_coordinator_list_shows_only_its_accounts(client, world, people):
    client.force_login(world.users[Role.COORDINATOR])
    response = client.get(reverse("accounts:user_list"))
    shown = {u.username for u in response.context["object_list"]}
    assert shown == {"coordinator", "head", "operator", "viewer", "root", "kutim_admin"}
    # Its government filter offers its own governments only.
    form = response.context["filterset"].form
    assert list(form.fields["government"].queryset) == [world.kutim]
    response = client.get(reverse("accounts:user_list"), {"government": world.mimika.pk})
    assert response.context["paginator"].count == 0


# ---------------------------------------------------------------------------- create


def new_user_data(world, **extra) -> dict:
    return {"username": "budi.kutim", "first_name": "Budi", "last_name": "Santoso",
            "email": "budi@kutaitimurkab.go.id", "role": Role.UNIT_OPERATOR,
            "scope_units": [world.tapem.pk], "password1": PASSWORD, "password2": PASSWORD, **extra}


def test_coordinator_creates_a_user(client, world):
    coordinator = world.users[Role.COORDINATOR]
    client.force_login(coordinator)
    form = client.get(reverse("accounts:user_add")).context["form"]
    assert Role.ADMINISTRATOR not in dict(form.fields["role"].choices)
    assert "is_staff" not in form.fields
    assert {u.government_id for u in form.fields["scope_units"].queryset} == {world.kutim.pk}
    response = client.post(reverse("accounts:user_add"), new_user_data(world))
    user = User.objects.get(username="budi.kutim")
    assert response.status_code == 302 and response["Location"] == user.get_absolute_url()
    assert user.check_password(PASSWORD) and user.password.startswith("md5$")
    assert user.role == Role.UNIT_OPERATOR and list(user.scope_units.all()) == [world.tapem]
    assert not user.is_staff and not user.is_superuser
    event = AuditEvent.objects.get(object_id=str(user.pk), action="create")
    assert event.actor == coordinator and event.source == AuditSource.WEB


@pytest.mark.parametrize(("changes", "field"), [
    ({"password2": "Rahasia-Lain-2025!"}, "password2"),
    ({"password1": "pendek", "password2": "pendek"}, "password1"),
    ({"password1": "1234567890123", "password2": "1234567890123"}, "password1"),
    ({"password1": "password123", "password2": "password123"}, "password1"),
    ({"password1": "budi.kutim1", "password2": "budi.kutim1"}, "password1"),
    ({"password1": "", "password2": ""}, "password1"),
    ({"username": ""}, "username"),
    ({"username": "u" * 151}, "username"),
    ({"username": "budi kutim!"}, "username"),
    ({"username": "HEAD"}, "username"),
    ({"email": "budi@"}, "email"),
    ({"first_name": "B" * 151}, "first_name"),
    ({"role": "emperor"}, "role"),
    ({"scope_units": ["x"]}, "scope_units"),
])
def test_bad_input_on_the_user_form(client, world, changes, field):
    client.force_login(world.users[Role.ADMINISTRATOR])
    before = User.objects.count()
    response = client.post(reverse("accounts:user_add"), new_user_data(world, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "is-invalid" in response.content.decode()
    assert User.objects.count() == before


@pytest.mark.parametrize(("changes", "field"), [
    ({"role": Role.ADMINISTRATOR}, "role"),
    ({"scope_units": []}, "scope_units"),
    ({"is_staff": "on"}, None),  # not offered to coordinators: ignored
])
def test_coordinator_cannot_escape_its_limits_through_the_form(client, world, changes, field):
    client.force_login(world.users[Role.COORDINATOR])
    response = client.post(reverse("accounts:user_add"), new_user_data(world, **changes))
    if field is None:
        assert response.status_code == 302
        assert not User.objects.get(username="budi.kutim").is_staff
    else:
        assert response.status_code == 200 and field in response.context["form"].errors
        assert not User.objects.filter(username="budi.kutim").exists()
    data = new_user_data(world, username="other", scope_units=[world.mimika_tapem.pk])
    response = client.post(reverse("accounts:user_add"), data)
    assert "scope_units" in response.context["form"].errors
    assert not User.objects.filter(username="other").exists()


def test_administrator_may_create_an_administrator_with_admin_site_access(client, world):
    client.force_login(world.users[Role.ADMINISTRATOR])
    data = new_user_data(world, username="admin2", role=Role.ADMINISTRATOR, scope_units=[],
                         is_staff="on")
    assert client.post(reverse("accounts:user_add"), data).status_code == 302
    user = User.objects.get(username="admin2")
    assert user.role == Role.ADMINISTRATOR and user.is_staff and not user.is_superuser


def test_markup_in_names_is_shown_escaped(client, world):
    client.force_login(world.users[Role.ADMINISTRATOR])
    script = "<script>alert(1)</script>"
    data = new_user_data(world, first_name=script, last_name="<b>x</b>")
    assert client.post(reverse("accounts:user_add"), data).status_code == 302
    user = User.objects.get(username="budi.kutim")
    assert user.first_name == script
    for url in (user.get_absolute_url(), reverse("accounts:user_list")):
        content = client.get(url).content.decode()
        assert script not in content and "<b>x</b>" not in content
        assert html.escape(script) in content


# ---------------------------------------------------------------------------- edit


def edit_data(user, **changes) -> dict:
    data = {"username": user.username, "first_name": user.first_name, "last_name": user.last_name,
            "email": user.email, "role": user.role,
            "scope_units": [u.pk for u in user.scope_units.all()], "version": user.version}
    data.update(changes)
    return data


def test_coordinator_edits_an_account_in_scope(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    operator = world.users[Role.UNIT_OPERATOR]
    old_hash = operator.password
    data = edit_data(operator, first_name="Rina", role=Role.UNIT_HEAD,
                     scope_units=[world.setda.pk, world.kec_sangatta.pk])
    response = client.post(reverse("accounts:user_edit", args=[operator.pk]), data)
    assert response.status_code == 302
    operator.refresh_from_db()
    assert (operator.first_name, operator.role, operator.version) == ("Rina", Role.UNIT_HEAD, 2)
    assert set(operator.scope_units.all()) == {world.setda, world.kec_sangatta}
    assert operator.password == old_hash
    event = AuditEvent.objects.get(object_id=str(operator.pk), action="update")
    assert event.before["role"] == Role.UNIT_OPERATOR and event.after["role"] == Role.UNIT_HEAD
    assert event.after["scope_units"] == sorted([world.setda.pk, world.kec_sangatta.pk])
    # The history shows on the account's page.
    page = client.get(operator.get_absolute_url())
    assert list(page.context["history"]) == [event]


def test_nobody_changes_their_own_role(client, world):
    for role in (Role.COORDINATOR, Role.ADMINISTRATOR):
        me = world.users[role]
        client.force_login(me)
        form = client.get(reverse("accounts:user_edit", args=[me.pk])).context["form"]
        assert form.fields["role"].disabled
        response = client.post(reverse("accounts:user_edit", args=[me.pk]),
                               edit_data(me, role=Role.VIEWER, first_name="Saya"))
        assert response.status_code == 302
        me.refresh_from_db()
        assert me.role == role and me.first_name == "Saya"


def test_coordinator_cannot_move_an_account_out_of_its_governments(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    viewer = world.users[Role.VIEWER]
    data = edit_data(viewer, scope_units=[world.kec_sangatta.pk, world.mimika_tapem.pk])
    response = client.post(reverse("accounts:user_edit", args=[viewer.pk]), data)
    assert response.status_code == 200 and "scope_units" in response.context["form"].errors
    assert list(viewer.scope_units.all()) == [world.kec_sangatta]


def test_stale_user_edit_is_refused(client, world):
    from django.test import Client

    operator = world.users[Role.UNIT_OPERATOR]
    admin, coordinator = Client(), client
    admin.force_login(world.users[Role.ADMINISTRATOR])
    coordinator.force_login(world.users[Role.COORDINATOR])
    url = reverse("accounts:user_edit", args=[operator.pk])
    assert admin.post(url, edit_data(operator, first_name="Pertama")).status_code == 302
    coordinator.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = coordinator.post(url, edit_data(operator, first_name="Kedua"))
    assert response.status_code == 409
    with translation.override("en"):
        message = str(StaleEditError().messages[0])
    assert html.escape(message) in response.content.decode()
    assert User.objects.get(pk=operator.pk).first_name == "Pertama"


# ---------------------------------------------------------------------------- password, deactivate


def test_set_password(client, world):
    client.force_login(world.users[Role.COORDINATOR])
    head = world.users[Role.UNIT_HEAD]
    url = reverse("accounts:user_password", args=[head.pk])
    response = client.post(url, {"password1": "pendek", "password2": "pendek"})
    assert response.status_code == 200 and "password1" in response.context["form"].errors
    response = client.post(url, {"password1": PASSWORD, "password2": PASSWORD + "x"})
    assert "password2" in response.context["form"].errors
    response = client.post(url, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    head.refresh_from_db()
    assert head.check_password(PASSWORD) and not head.check_password("Rahasia-123!")
    assert head.version == 2
    event = AuditEvent.objects.get(object_id=str(head.pk), action="update")
    assert event.note == "password set"
    assert "password" not in event.before and "password" not in event.after


def test_deactivate_and_reactivate(client, world):
    coordinator = world.users[Role.COORDINATOR]
    client.force_login(coordinator)
    viewer = world.users[Role.VIEWER]
    response = client.post(reverse("accounts:user_deactivate", args=[viewer.pk]), {"version": 1})
    assert response.status_code == 302
    viewer.refresh_from_db()
    assert not viewer.is_active and viewer.version == 2
    # A deactivated account no longer signs in.
    client.logout()
    response = client.post(reverse("login"), {"username": "viewer", "password": "Rahasia-123!"})
    assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated
    client.force_login(coordinator)
    # A stale confirmation is refused.
    response = client.post(reverse("accounts:user_activate", args=[viewer.pk]), {"version": 1})
    assert response.status_code == 409
    response = client.post(reverse("accounts:user_activate", args=[viewer.pk]), {"version": 2})
    assert response.status_code == 302
    assert User.objects.get(pk=viewer.pk).is_active


def test_nobody_deactivates_themselves(client, world):
    for role in (Role.COORDINATOR, Role.ADMINISTRATOR):
        me = world.users[role]
        client.force_login(me)
        response = client.post(reverse("accounts:user_deactivate", args=[me.pk]), {"version": me.version})
        assert response.status_code == 403
        assert User.objects.get(pk=me.pk).is_active


@pytest.mark.parametrize("role", [Role.UNIT_HEAD, Role.UNIT_OPERATOR, Role.VIEWER])
def test_other_roles_cannot_write_accounts(client, world, role):
    client.force_login(world.users[role])
    target = world.users[Role.UNIT_OPERATOR]
    urls = user_urls(target)
    assert client.post(urls["add"], new_user_data(world)).status_code == 403
    assert client.post(urls["edit"], edit_data(target, first_name="X")).status_code == 403
    assert client.post(urls["password"], {"password1": PASSWORD, "password2": PASSWORD}).status_code == 403
    assert client.post(urls["deactivate"], {"version": 1}).status_code == 403
    target.refresh_from_db()
    assert target.is_active and target.first_name == "" and target.check_password("Rahasia-123!")
    assert not User.objects.filter(username="budi.kutim").exists()


# ---------------------------------------------------------------------------- API tokens


def test_token_page_sets_and_shows_an_expiry(client, world):
    viewer = world.users[Role.VIEWER]
    client.force_login(viewer)
    url = reverse("accounts:token_list")
    response = client.post(url, {"name": "skrip", "expires_at": "2999-01-01T08:00"})
    assert response.status_code == 200 and 'data-testid="new-token"' in response.content.decode()
    token = viewer.api_tokens.get()
    assert token.expires_at == dt.datetime(2999, 1, 1, 0, 0, tzinfo=dt.UTC)  # 08.00 WITA (Kutai Timur)
    assert "1 Jan 2999 08.00" in client.get(url).content.decode()
    viewer.api_tokens.update(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    assert "Dicabut atau kedaluwarsa" in client.get(url).content.decode()


def test_token_form_rejects_bad_input_and_escapes(client, world):
    client.force_login(world.users[Role.VIEWER])
    url = reverse("accounts:token_list")
    response = client.post(url, {"name": "   "})
    assert "name" in response.context["form"].errors and "is-invalid" in response.content.decode()
    response = client.post(url, {"name": "x" * 101})
    assert "name" in response.context["form"].errors
    response = client.post(url, {"name": "skrip", "expires_at": "2001-01-01T00:00"})
    assert "expires_at" in response.context["form"].errors
    response = client.post(url, {"name": "skrip", "expires_at": "besok"})
    assert "expires_at" in response.context["form"].errors
    assert not world.users[Role.VIEWER].api_tokens.exists()
    response = client.post(url, {"name": "<script>alert(1)</script>"})
    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content and "&lt;script&gt;" in content
    assert world.users[Role.VIEWER].api_tokens.count() == 1
