"""Outputs realized per indicator (RealizationOutput): entered on the entry page with the draft
(same request, same transaction), validated (at least 0, cumulative per indicator, above the
annual target allowed and shown), locked with the realization, shown on the verification and
history pages; in the API: the realization includes its outputs, PUT …/outputs sets them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sinergi.core.models import AuditEvent, AuditSource
from sinergi.core.roles import Role
from sinergi.core.services import Actor, StaleEditError
from sinergi.monitoring import services
from sinergi.monitoring.choices import RealizationStatus as S
from sinergi.monitoring.models import Realization, RealizationOutput
from sinergi.planning.models import Indicator
from tests.api.conftest import ApiClient
from tests.monitoring.conftest import YEAR, make_activity, realization

pytestmark = pytest.mark.django_db
D = Decimal
OP = Role.UNIT_OPERATOR


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def indicator(activity, name="Dokumen perencanaan", unit="dokumen", target="4") -> Indicator:
    return Indicator.objects.create(activity=activity, name=name, measure_unit=unit,
                                    annual_target=D(target))


def _url(unit, quarter=1, **query):
    url = reverse("monitoring:entry", args=[unit.pk, YEAR, quarter])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _post(activity, physical="40", financial="1000000", version="", action="save", **outputs):
    key = activity.pk
    data = {f"physical_{key}": physical, f"financial_{key}": financial, f"problems_{key}": "",
            f"version_{key}": version, "action": action}
    data.update({f"output_{k.removeprefix('i')}": v for k, v in outputs.items()})
    return data


def _outputs(r) -> dict[int, Decimal]:
    return dict(RealizationOutput.objects.filter(realization=r).values_list("indicator_id", "value"))


# ---------------------------------------------------------------------------- entry page


def test_outputs_are_entered_with_the_draft_and_shown(client, world, tapem_activity):
    english(client)
    docs, people = indicator(tapem_activity), indicator(tapem_activity, "Peserta", "orang", "100")
    client.force_login(world.users[OP])
    html = client.get(_url(world.tapem)).content.decode()
    assert f'name="output_{docs.pk}"' in html and f'name="output_{people.pk}"' in html
    assert "Annual target 4 dokumen" in html and "orang" in html
    response = client.post(_url(world.tapem), _post(tapem_activity, **{f"i{docs.pk}": "1.5"}))
    assert response.status_code == 302
    r = Realization.objects.get(activity=tapem_activity, quarter=1)
    assert _outputs(r) == {docs.pk: D("1.5")}
    # The same request saved both, one version: the realization was created with its outputs.
    assert r.version == 1
    assert AuditEvent.objects.filter(content_type__model="realizationoutput").count() == 1
    # Changing only an output moves the realization's version (it guards the outputs).
    response = client.post(_url(world.tapem), _post(tapem_activity, version=r.version, **{
        f"i{docs.pk}": "5", f"i{people.pk}": "20"}))
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.version == 2 and _outputs(r) == {docs.pk: D(5), people.pk: D(20)}
    # Above the annual target is allowed, and shown.
    html = client.get(_url(world.tapem)).content.decode()
    assert 'data-testid="above-target"' in html and 'value="5' in html
    # Clearing a field removes that output.
    response = client.post(_url(world.tapem), _post(tapem_activity, version=r.version, **{
        f"i{docs.pk}": "5", f"i{people.pk}": ""}))
    assert response.status_code == 302
    assert _outputs(r) == {docs.pk: D(5)}
    # A stale page cannot overwrite them.
    response = client.post(_url(world.tapem), _post(tapem_activity, version=r.version, **{
        f"i{docs.pk}": "6"}))
    assert response.status_code == 409
    assert _outputs(r) == {docs.pk: D(5)}


def test_outputs_are_validated_on_the_row(client, world, tapem_activity):
    english(client)
    docs = indicator(tapem_activity)
    q1 = realization(tapem_activity, 1, "20", "100", status=S.VERIFIED)
    RealizationOutput.objects.create(realization=q1, indicator=docs, value=D(3))
    client.force_login(world.users[OP])
    # Cumulative: the second quarter's output cannot be below the first's.
    response = client.post(_url(world.tapem, 2), _post(tapem_activity, **{f"i{docs.pk}": "2"}))
    assert response.status_code == 200
    assert "Cumulative output cannot decrease" in response.content.decode()
    assert not Realization.objects.filter(quarter=2).exists()  # nothing saved, realization neither
    # Negative: refused by the form.
    response = client.post(_url(world.tapem, 2), _post(tapem_activity, **{f"i{docs.pk}": "-1"}))
    assert response.status_code == 200 and not Realization.objects.filter(quarter=2).exists()
    # An output without the row's figures is refused rather than dropped.
    response = client.post(_url(world.tapem, 2), _post(tapem_activity, physical="", financial="",
                                                       **{f"i{docs.pk}": "4"}))
    assert response.status_code == 200
    assert "with its output" in response.content.decode()
    response = client.post(_url(world.tapem, 2), _post(tapem_activity, **{f"i{docs.pk}": "3"}))
    assert response.status_code == 302
    assert _outputs(Realization.objects.get(quarter=2)) == {docs.pk: D(3)}


def test_outputs_are_locked_with_the_realization(client, world, tapem_activity):
    docs = indicator(tapem_activity)
    r = realization(tapem_activity, 1, status=S.SUBMITTED)
    RealizationOutput.objects.create(realization=r, indicator=docs, value=D(2))
    client.force_login(world.users[OP])
    html = client.get(_url(world.tapem)).content.decode()
    field = html[html.index(f'name="output_{docs.pk}"') - 200:html.index(f'name="output_{docs.pk}"') + 200]
    assert "disabled" in field
    client.post(_url(world.tapem), _post(tapem_activity, version=r.version, **{f"i{docs.pk}": "4"}))
    assert _outputs(r) == {docs.pk: D(2)}
    with pytest.raises(ValidationError) as exc:
        services.set_outputs(Actor(world.users[OP]), r, {docs.pk: D(4)}, expected_version=r.version)
    assert exc.value.code == "state"


def test_outputs_shown_on_verification_and_history(client, world, tapem_activity):
    english(client)
    docs = indicator(tapem_activity, target="4")
    q1 = realization(tapem_activity, 1, status=S.SUBMITTED)
    q2 = realization(tapem_activity, 2, "60", "2000000")
    RealizationOutput.objects.create(realization=q1, indicator=docs, value=D(2))
    RealizationOutput.objects.create(realization=q2, indicator=docs, value=D(5))
    client.force_login(world.users[Role.UNIT_HEAD])
    html = client.get(reverse("monitoring:verification", args=[world.tapem.pk, YEAR, 1])).content.decode()
    assert f'data-output="{docs.pk}"' in html and "Dokumen perencanaan 2 / 4 dokumen" in html
    html = client.get(reverse("monitoring:activity_history", args=[tapem_activity.pk])).content.decode()
    table = html[html.index('data-testid="outputs"'):]
    assert f'data-indicator="{docs.pk}"' in table and "above the annual target" in table
    assert table.index(">2<") < table.index(">5 <")  # quarter I then quarter II (with its badge)


# ---------------------------------------------------------------------------- service


def test_set_outputs_rules(world, tapem_activity, english):
    actor = Actor(world.users[OP])
    docs = indicator(tapem_activity)
    foreign = indicator(make_activity(world.tapem))
    r = realization(tapem_activity, 1)
    r = services.set_outputs(actor, r, {docs.pk: D("2.5")}, expected_version=r.version)
    assert r.version == 2 and _outputs(r) == {docs.pk: D("2.5")}
    # Unchanged: nothing written, the version stays.
    assert services.set_outputs(actor, r, {docs.pk: D("2.50")}, expected_version=2).version == 2
    with pytest.raises(StaleEditError):
        services.set_outputs(actor, r, {docs.pk: D(3)}, expected_version=1)
    with pytest.raises(ValidationError) as exc:
        services.set_outputs(actor, r, {foreign.pk: D(1), docs.pk: D(-1)}, expected_version=2)
    assert set(exc.value.message_dict) == {f"output_{foreign.pk}", f"output_{docs.pk}"}
    # A later quarter below: named on the later quarter, from the earlier one's save.
    q2 = realization(tapem_activity, 2, "60", "2000000")
    services.set_outputs(actor, q2, {docs.pk: D(3)}, expected_version=q2.version)
    with pytest.raises(ValidationError) as exc:
        services.set_outputs(actor, r, {docs.pk: D(4)}, expected_version=2)
    assert "Quarter II" in exc.value.message_dict[f"output_{docs.pk}"][0]
    # Outside the operator's scope.
    bappeda = realization(make_activity(world.bappeda), 1)
    with pytest.raises(PermissionDenied):
        services.set_outputs(actor, bappeda, {}, expected_version=None)


# ---------------------------------------------------------------------------- API


def test_api_realization_includes_outputs_and_sets_them(world, tapem_activity):
    docs, people = indicator(tapem_activity), indicator(tapem_activity, "Peserta", "orang", "10")
    r = realization(tapem_activity, 1)
    api = ApiClient(world.users[OP])
    url = f"monitoring/realizations/{r.pk}"
    assert api.get(url).json()["outputs"] == []
    response = api.put(f"{url}/outputs", {"version": r.version, "outputs": [
        {"indicator": docs.pk, "value": "5"}, {"indicator": people.pk, "value": "3"}]})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == r.version + 1
    assert [(o["indicator"], D(o["value"]), o["above_target"], o["measure_unit"])
            for o in body["outputs"]] == [(docs.pk, D(5), True, "dokumen"), (people.pk, D(3), False, "orang")]
    events = AuditEvent.objects.filter(content_type__model="realizationoutput")
    assert events.count() == 2 and {e.source for e in events} == {AuditSource.API}
    # The list shows them too.
    listed = api.get("monitoring/realizations", activity=tapem_activity.pk).json()["items"]
    assert len(listed[0]["outputs"]) == 2
    # Stale: 409; bad values: 422 naming the item.
    assert api.put(f"{url}/outputs", {"version": r.version, "outputs": []}).status_code == 409
    version = body["version"]
    bad = api.put(f"{url}/outputs", {"version": version, "outputs": [
        {"indicator": docs.pk, "value": "5"}, {"indicator": people.pk, "value": "-2"}]})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "outputs.1.value"
    foreign = indicator(make_activity(world.tapem))
    bad = api.put(f"{url}/outputs", {"version": version, "outputs": [
        {"indicator": foreign.pk, "value": "1"}]})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "outputs.0.indicator"
    twice = api.put(f"{url}/outputs", {"version": version, "outputs": [
        {"indicator": docs.pk, "value": "1"}, {"indicator": docs.pk, "value": "2"}]})
    assert twice.status_code == 422 and twice.json()["errors"][0]["field"] == "outputs.1.indicator"
    # The whole set: an indicator not listed is removed.
    response = api.put(f"{url}/outputs", {"version": version, "outputs": [
        {"indicator": people.pk, "value": "4"}]})
    assert response.status_code == 200
    assert [o["indicator"] for o in response.json()["outputs"]] == [people.pk]
    # Locked once submitted: 422.
    Realization.objects.filter(pk=r.pk).update(status=S.SUBMITTED)
    locked = api.put(f"{url}/outputs", {"version": response.json()["version"], "outputs": []})
    assert locked.status_code == 422


def test_api_outputs_scope(world, tapem_activity, mimika_activity):
    kec = realization(make_activity(world.kec_sangatta), 1)
    mimika = realization(mimika_activity, 1)
    body = {"version": 1, "outputs": []}
    viewer = ApiClient(world.users[Role.VIEWER])
    assert viewer.put(f"monitoring/realizations/{kec.pk}/outputs", body).status_code == 403
    operator = ApiClient(world.users[OP])
    assert operator.put(f"monitoring/realizations/{kec.pk}/outputs", body).status_code == 404
    assert operator.put(f"monitoring/realizations/{mimika.pk}/outputs", body).status_code == 404
