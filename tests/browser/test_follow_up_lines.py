"""Per-unit follow-up in the browser: an action for three kecamatan; one camat's operator reports
his part done on a phone, the organizer returns it once with a reason, the operator sees the
reason, completes it, the organizer accepts; the other two units stay open and the action says
"1 dari 3 unit sesuai". The WhatsApp reminder of a unit with a head's number carries that number
and the encoded message; a unit nobody can reach is named as such."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from sinergi.core.roles import Role
from sinergi.core.services import Actor
from sinergi.meetings import followups
from sinergi.meetings.choices import LineStatus
from sinergi.regions.choices import UnitKind
from sinergi.regions.models import Region
from tests import factories
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_one_unit_done_others_open_returned_once_then_accepted(new_context, world, site, sign_in):
    units = [world.kec_sangatta]
    for code, name in (("KEC-SGS", "Sangatta Selatan"), ("KEC-BGL", "Bengalon")):
        region = Region.objects.get(code__startswith="64.08.", name=name)
        units.append(
            factories.unit(
                world.kutim, code, f"Kecamatan {name}", kind=UnitKind.DISTRICT_OFFICE, region_code=region.code
            )
        )
    camat_operator = factories.user("op-sgu", Role.UNIT_OPERATOR, [units[0]])
    head = factories.user("camat-sgs", Role.UNIT_HEAD, [units[1]])
    head.whatsapp = "6281234567890"
    head.save()
    organizer = world.users[Role.UNIT_OPERATOR]  # Tapem, the organizer unit
    meeting = make_meeting(world)
    action = followups.create(Actor(organizer), meeting, "Perbarui data DPT", units, dt.date(2099, 12, 20))
    line = action.lines.get(unit=units[0])

    phone = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    sign_in(phone, camat_operator)
    phone.goto(action.get_absolute_url())
    expect(phone.locator("[data-testid=followup-line]")).to_have_count(3)
    forms = phone.locator("[data-testid=line-form]")
    expect(forms).to_have_count(1)  # only his own line
    forms.locator("select[name=step]").select_option("report_done")
    forms.locator("input[name=note]").fill("Selesai 100 %")
    forms.locator("button[type=submit]").click()
    mine = phone.locator(f"#line-{line.pk}")
    expect(mine.locator("[data-testid=line-status]")).to_contain_text("menunggu penilaian")
    expect(phone.locator("[data-testid=followup-lines-summary]")).to_have_text("0 dari 3 unit sesuai")

    desk = new_context().new_page()
    sign_in(desk, organizer)
    desk.goto(action.get_absolute_url())
    theirs = desk.locator(f"#line-{line.pk}")
    theirs.locator("select[name=step]").select_option("return")
    theirs.locator("input[name=note]").fill("Lampirkan berita acara pemutakhiran")
    theirs.locator("[data-testid=line-form] button[type=submit]").click()
    expect(desk.locator(f"#line-{line.pk} [data-testid=line-returned]")).to_contain_text(
        "Lampirkan berita acara"
    )

    phone.reload()
    expect(phone.locator(f"#line-{line.pk} [data-testid=line-returned]")).to_contain_text(
        "Lampirkan berita acara"
    )
    form = phone.locator("[data-testid=line-form]")
    form.locator("select[name=step]").select_option("report_done")
    form.locator("input[name=note]").fill("Berita acara dilampirkan")
    form.locator("button[type=submit]").click()

    desk.reload()
    theirs = desk.locator(f"#line-{line.pk}")
    theirs.locator("select[name=step]").select_option("accept")
    theirs.locator("[data-testid=line-form] button[type=submit]").click()
    expect(desk.locator("[data-testid=followup-lines-summary]")).to_have_text("1 dari 3 unit sesuai")
    statuses = dict(action.lines.values_list("unit_id", "status"))
    assert statuses == {
        units[0].pk: LineStatus.COMPLIANT,
        units[1].pk: LineStatus.NOT_STARTED,
        units[2].pk: LineStatus.NOT_STARTED,
    }
    # WhatsApp: the head of Sangatta Selatan has a number; Bengalon has nobody to reach.
    link = desk.locator("[data-testid=followup-whatsapp] [data-testid=whatsapp-link]")
    expect(link).to_have_count(1)
    href = link.get_attribute("href")
    assert href.startswith("https://wa.me/6281234567890?text=")
    text = parse_qs(urlsplit(href).query)["text"][0]
    assert "*Perbarui data DPT*" in text and "Kecamatan Sangatta Selatan" in text
    expect(desk.locator("[data-testid=unreachable-units]")).to_contain_text("Kecamatan Bengalon")
    expect(desk.locator("[data-testid=unreachable-units]")).not_to_contain_text("Sangatta Selatan")
