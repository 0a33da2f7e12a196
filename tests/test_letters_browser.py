"""The letter tool in the project's Chromium: the form fills the letter, the printed letter is one
A4 page, the page works without JavaScript, nothing leaves the browser, hostile text stays text,
axe-core finds no WCAG 2.1 AA violation, the .ics holds the expected dates, and the browser
computes the same dates as the Python rules."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar
from pypdf import PdfReader

from support.browser import AXE, RUN_AXE, WCAG_TAGS, describe
from support.letters import BUNDLE, IDS, LETTERS
from support.projects import SITE
from support.serving import serve_folder
from macros.letters.deadlines import FIRST_YEAR, LAST_YEAR, add, holiday_table

CATALOGUE = LETTERS.catalogue
LANDLORD = BUNDLE.guide.landlords[0]


def distinct_values(letter_id: str) -> dict[str, str]:
    """A value per field of the letter, each one findable alone in the letter's text."""
    values, day = {}, date(2026, 1, 5)
    for i, f in enumerate(CATALOGUE.letter(letter_id).fields(CATALOGUE)):
        if f.kind == "date":
            values[f.id] = (day + timedelta(days=31 * i)).isoformat()
        elif f.kind != "bailleur":
            values[f.id] = f"valeur{i:02d} {f.id}"
    return values


def french(iso: str) -> str:
    d = date.fromisoformat(iso)
    months = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre")
    return f"{'1er' if d.day == 1 else d.day} {months[d.month - 1]} {d.year}"


def fill(page, values: dict[str, str]) -> None:
    for name, value in values.items():
        page.fill(f"#champ-{name}", value)
    if page.locator("#champ-bailleur").count():
        page.select_option("#champ-bailleur", LANDLORD.id)


@pytest.fixture(scope="module")
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR", accept_downloads=True)
    requests: list = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.requests = requests
    yield page
    context.close()


@pytest.mark.parametrize("letter_id", IDS)
def test_form_fills_every_value_and_prints_on_one_a4_page(tab, site_url, letter_id):
    tab.goto(f"{site_url}/lettres/{letter_id}/", wait_until="networkidle")
    values = distinct_values(letter_id)
    before = len(tab.requests)
    fill(tab, values)
    sheet = tab.locator(".lettre-feuille").inner_text()
    for name, value in values.items():
        shown = french(value) if CATALOGUE.fields[name].kind == "date" else value
        assert shown in sheet, f"{letter_id} : {name} ({shown}) absent de la lettre"
    if CATALOGUE.letter(letter_id).names_landlord(CATALOGUE):
        assert LANDLORD.name in sheet
    assert not tab.locator(".lettre-feuille .vide").count(), "un blanc reste vide"
    assert len(tab.requests) == before, f"requêtes pendant la saisie : {tab.requests[before:]}"
    tab.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(tab.pdf(format="A4", print_background=True)))
    tab.emulate_media(media="screen")
    assert len(pdf.pages) == 1, f"{letter_id} : {len(pdf.pages)} pages à l'impression"
    printed = " ".join(pdf.pages[0].extract_text().split())
    assert "Madame, Monsieur," in printed and values["nom"] in printed
    for chrome in ("Rechercher", "Vos dates", "Remplissez"):
        assert chrome not in printed, f"{letter_id} : « {chrome} » imprimé"


def test_landlord_link_prefills_the_landlord(tab, site_url):
    tab.goto(f"{site_url}/lettres/relance/?bailleur={LANDLORD.id}")
    assert tab.locator("#champ-bailleur").input_value() == LANDLORD.id
    assert LANDLORD.name in tab.locator(".lettre-feuille").inner_text()


def test_hostile_values_show_as_text(tab, site_url):
    tab.goto(f"{site_url}/lettres/reclamation/")
    hostile = {"nom": "<img src=x onerror=\"window.__pirate=1\">", "probleme": "<script>window.__pirate=2</script>",
               "adresse": "&lt;b&gt; \"'` ${1}"}
    fill(tab, hostile)
    tab.select_option("#champ-bailleur", "autre")
    tab.fill("#champ-bailleur_nom", "<svg onload=\"window.__pirate=3\">")
    sheet = tab.locator(".lettre-feuille")
    text = sheet.inner_text()
    for value in [*hostile.values(), "<svg onload=\"window.__pirate=3\">"]:
        assert value in text
    assert sheet.locator("img, script, svg, b").count() == 0
    assert tab.evaluate("window.__pirate") is None


def test_without_javascript_the_blank_letter_and_how_to_fill_it(browser, site_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{site_url}/lettres/relance/")
        assert page.locator(".lettre-sansjs").is_visible()
        assert "remplissez les blancs à la main" in page.locator(".lettre-sansjs").inner_text()
        assert not page.locator(".lettre-form").is_visible()
        assert not page.locator(".lettre-actions").is_visible()
        assert page.locator(".lettre-feuille .blanc.vide").count() > 5
        page.emulate_media(media="print")
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
        assert len(pdf.pages) == 1
    finally:
        context.close()


def test_nothing_is_stored_unless_asked_and_erase_clears_it(tab, site_url):
    tab.goto(f"{site_url}/lettres/relance/")
    tab.evaluate("localStorage.clear()")
    tab.fill("#champ-nom", "Nom gardé")
    assert tab.evaluate("localStorage.length") == 0
    tab.check("#lettre-garder")
    tab.fill("#champ-nom", "Nom gardé")
    assert "Nom gardé" in tab.evaluate("JSON.stringify(localStorage)")
    tab.reload()
    assert tab.locator("#champ-nom").input_value() == "Nom gardé"
    tab.click("button[data-action=effacer]")
    assert tab.evaluate("localStorage.length") == 0
    assert tab.locator("#champ-nom").input_value() == ""
    tab.reload()
    assert tab.locator("#champ-nom").input_value() == ""


def test_copy_gives_the_letter_as_plain_text(browser, site_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(f"{site_url}/lettres/relance/?bailleur={LANDLORD.id}")
        page.fill("#champ-nom", "Awa Diallo")
        page.fill("#champ-date_reclamation", "2026-03-10")
        page.click("button[data-action=copier]")
        page.wait_for_function("document.querySelector('.lettre-etat').textContent.includes('copié')")
        text = page.evaluate("navigator.clipboard.readText()")
    finally:
        context.close()
    assert text.startswith("Awa Diallo")
    assert "Relance : ma réclamation du 10 mars 2026" in text
    assert LANDLORD.name in text and "<" not in text
    assert "[l'adresse de votre logement]" in text  # a blank left empty says what goes there


def test_ics_holds_one_event_per_date_of_the_timeline(tab, site_url):
    """The walk of the issue: a complaint of 10 March 2026 left unanswered, the reminder page."""
    tab.goto(f"{site_url}/lettres/relance/?bailleur={LANDLORD.id}", wait_until="networkidle")
    before = len(tab.requests)
    tab.fill("#champ-date_reclamation", "2026-03-10")
    shown = [t.get_attribute("datetime") for t in tab.locator(".lettre-frise time").all()]
    assert shown == ["2026-04-10", "2026-05-11", "2027-03-10"]
    with tab.expect_download() as caught:
        tab.click("button[data-action=ics]")
    download = caught.value
    assert download.suggested_filename == "mes-dates-relance.ics"
    raw = open(download.path(), "rb").read()
    assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))
    calendar = Calendar.from_ical(raw)
    events = list(calendar.walk("VEVENT"))
    assert [e.decoded("dtstart") for e in events] == [date(2026, 4, 10), date(2026, 5, 11), date(2027, 3, 10)]
    assert all(e.decoded("dtend") - e.decoded("dtstart") == timedelta(days=1) for e in events)
    assert len({str(e["uid"]) for e in events}) == 3
    assert "médiateur" in str(events[2]["summary"])
    assert str(calendar["version"]) == "2.0" and calendar.get("prodid")
    assert len(tab.requests) == before, f"requêtes : {tab.requests[before:]}"


def test_browser_and_python_compute_the_same_dates(tab, site_url):
    tab.goto(f"{site_url}/lettres/relance/")
    rules = [r for r in CATALOGUE.rules.values()]
    starts = [date(FIRST_YEAR, 1, 1) + timedelta(days=d) for d in range(0, (LAST_YEAR - FIRST_YEAR - 1) * 365, 11)]
    starts += [date(y, m, d) for y in (2027, 2028) for m, d in ((1, 31), (2, 28), (2, 29), (3, 31), (4, 30), (8, 15))
               if not (m == 2 and d == 29 and y % 4)]
    cases = [(s.isoformat(), r.id) for s in starts for r in rules]
    got = tab.evaluate("""([cases, rules, holidays]) => {
      const cal = new window.guideLettres.Calendar(holidays);
      const byId = Object.fromEntries(rules.map(r => [r.id, r]));
      return cases.map(([s, id]) => window.guideLettres.iso(cal.date(byId[id], window.guideLettres.parse(s))));
    }""", [cases, [r.as_json() for r in rules], holiday_table()])
    expected = [CATALOGUE.rules[i].date_from(date.fromisoformat(s)).isoformat() for s, i in cases]
    wrong = [(c, g, e) for c, g, e in zip(cases, got, expected) if g != e]
    assert len(cases) > 3000 and not wrong, wrong[:10]
    plain = tab.evaluate("([s]) => [window.guideLettres.add(s, 0, 1, 0), window.guideLettres.add(s, 0, 0, 1)]",
                         ["2028-02-29"])
    assert plain == [add(date(2028, 2, 29), months=1).isoformat(), add(date(2028, 2, 29), years=1).isoformat()]


@pytest.mark.parametrize("path", ["lettres/", "lettres/relance/", "lettres/voisinage/", "integrer/lettres/",
                                  "integrer/lettres/mediateur/"])
def test_no_wcag_violation(viewport_page, site_url, path):
    page = viewport_page
    page.goto(f"{site_url}/{path}")
    if page.locator("#champ-nom").count():
        page.fill("#champ-nom", "Awa Diallo")
        if page.locator("#champ-date_reclamation").count():
            page.fill("#champ-date_reclamation", "2026-03-10")
        # Filling scrolls the page: the theme's header then fades its title in; check it once shown.
        page.wait_for_timeout(600)
    page.evaluate(AXE.read_text(encoding="utf-8"))  # not a script tag: the pages' CSP would block it
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    width = page.viewport_size["width"]
    assert not violations, f"axe-core, /{path} à {width} px :\n{describe(violations)}"


def test_embedded_tool_works_in_its_frame(tab, site_url):
    tab.goto(f"{site_url}/integrer/lettres/relance/?bailleur={LANDLORD.id}")
    assert tab.locator(".lettre-form").is_visible()
    tab.fill("#champ-date_reclamation", "2026-03-10")
    assert tab.locator(".lettre-frise li").count() == 3
    assert LANDLORD.name in tab.locator(".lettre-feuille").inner_text()


def test_partner_page_frames_the_letter_tool_at_its_height(browser, site_url, tmp_path):
    """/integrer/lettres/ gives the code a partner pastes; the guide's resize script fits the frame,
    also after the letter grows with what the tenant types."""
    index = BeautifulSoup((SITE / "integrer/lettres/index.html").read_text(encoding="utf-8"), "html.parser")
    codes = [c.get_text() for c in index.select("pre code")]
    assert len(codes) == 2 and "<iframe" in codes[0] and "resize.js" in codes[1]
    public = codes[0].split('src="', 1)[1].split("integrer/", 1)[0]
    local = site_url.rstrip("/") + "/"
    frame = codes[0].replace(public, local).replace("integrer/lettres/", "integrer/lettres/relance/")
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Partenaire</title>'
        f'<link rel="icon" href="data:,"></head><body><h1>Lettres</h1>{frame}{codes[1].replace(public, local)}'
        "</body></html>", encoding="utf-8")
    url, server = serve_folder(tmp_path)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(url.replace("127.0.0.1", "localhost") + "/", wait_until="load")
        iframe = page.locator("iframe")

        def fitted():
            outer = iframe.evaluate("f => f.getBoundingClientRect().height")
            inner = iframe.element_handle().content_frame().evaluate("document.documentElement.getBoundingClientRect().height")
            return outer, inner

        page.wait_for_function("document.querySelector('iframe').getBoundingClientRect().height > 900")
        outer, inner = fitted()
        assert abs(outer - inner) <= 2, (outer, inner)
        inside = iframe.element_handle().content_frame()
        inside.fill("#champ-probleme", "une très longue description\n" * 30)
        page.wait_for_function(f"document.querySelector('iframe').getBoundingClientRect().height > {outer + 100}")
    finally:
        context.close()
        server.shutdown()


def test_a_written_channel_from_the_data_shows_as_text(browser, site_url):
    """Today's data has no written channel with a contact; one is put into the page's data (as the
    build would write it, "<" escaped) to check that it shows, as text, for that landlord only."""
    context = browser.new_context()
    page = context.new_page()

    def with_channel(route):
        response = route.fetch()
        body = response.text().replace('"canal":null', '"canal":"Par courrier : \\u003cb\\u003e1 rue X\\u003c/b\\u003e"', 1)
        route.fulfill(response=response, body=body)

    try:
        page.route(lambda url: "/lettres/relance/" in url, with_channel)
        page.goto(f"{site_url}/lettres/relance/?bailleur={LANDLORD.id}")
        line = page.locator(".lettre-canal")
        assert line.is_visible() and line.inner_text() == "Où l'envoyer, d'après le guide : Par courrier : <b>1 rue X</b>"
        assert line.locator("b").count() == 0
        page.select_option("#champ-bailleur", BUNDLE.guide.landlords[1].id)
        assert not line.is_visible()
    finally:
        context.close()
