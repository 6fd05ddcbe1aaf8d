"""Stories a lawyer can read: the answers a person gives and what the result must say.
They walk the real views over the bundled content, as a person without JavaScript would."""

import re
from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.django_db

OPEN = ("available", "limited")

# Each scenario: story, answers, statuses that must hold, doctrines or words that must appear.
SCENARIOS = [
    {
        "story": "An ICE officer shot and killed a driver in Minnesota; her family wants money and charges.",
        "answers": "officer=ice&harms=shot&died=yes&asker=family&place=MN&date=2026-01-07&wants=money&wants=prosecution",
        "open": ["ftca", "state-prosecution-federal", "federal-prosecution-242"],
        "closed": ["section-1983", "city-liability"],
        "mentions": ["Supremacy Clause", "Bivens"],
    },
    {
        "story": "City police in Colorado arrested a person for filming them in public.",
        "answers": "officer=city-police&harms=arrest&harms=retaliation&died=no&asker=self&place=CO&date=2026-06-01&charged=none&wants=money&wants=discipline",
        "open": ["section-1983", "colorado-13-21-131", "oversight-complaint"],
        "closed": ["ftca"],
        "mentions": ["qualified immunity"],
    },
    {
        "story": "A Chicago detective on an FBI task force used force during an arrest in Illinois.",
        "answers": "officer=task-force&harms=force&harms=arrest&died=no&asker=self&place=IL&date=2026-03-10&charged=none&wants=money",
        "open": ["ftca", "section-1983"],
        "closed": [],
        "mentions": ["task force"],
    },
    {
        "story": "A Texas state trooper shot and killed an unarmed man; the family wants money and charges.",
        "answers": "officer=state-police&harms=shot&died=yes&asker=family&place=TX&date=2026-04-02&wants=money&wants=prosecution",
        "open": ["section-1983", "state-prosecution-local"],
        "closed": ["ftca", "state-prosecution-federal"],
        "mentions": ["qualified immunity"],
    },
    {
        "story": "Deputies acting under a 287(g) agreement held a US citizen in jail in Florida.",
        "answers": "officer=287g&harms=arrest&died=no&asker=self&place=FL&date=2026-05-20&charged=none&wants=money",
        "open": ["ftca"],
        "closed": [],
        "mentions": ["287(g)"],
    },
    {
        "story": "An NYPD officer used force on a protester in New York City.",
        "answers": "officer=city-police&harms=force&harms=retaliation&died=no&asker=self&place=NY&date=2026-02-14&charged=none&wants=money&wants=discipline",
        "open": ["section-1983", "oversight-complaint"],
        "closed": ["ftca"],
        "mentions": [],
    },
    {
        "story": "Border Patrol agents fired pepper balls at protesters outside a facility in Illinois.",
        "answers": "officer=cbp&harms=force&harms=retaliation&died=no&asker=self&place=IL&date=2026-02-01&charged=none&wants=money&wants=change",
        "open": ["ftca", "oversight-complaint"],
        "closed": ["section-1983"],
        "mentions": ["Illinois"],
    },
    {
        "story": "A man convicted of resisting arrest says city police beat him in Minnesota.",
        "answers": "officer=city-police&harms=force&died=no&asker=self&place=MN&date=2026-03-01&charged=convicted&wants=money",
        "open": ["section-1983"],
        "closed": ["ftca"],
        "mentions": ["Heck"],
    },
    {
        "story": "Louisiana police beat a man in 2023; the one-year period has run.",
        "answers": "officer=city-police&harms=force&died=no&asker=self&place=LA&date=2023-03-01&charged=none&wants=money",
        "open": ["section-1983"],
        "closed": [],
        "mentions": ["may have passed"],
    },
]


def routes_of(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-route="([^"]+)" data-route-status="([^"]+)"', html))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s["story"][:50])
def test_scenario(client, scenario):
    response = client.get(f"/result/?{scenario['answers']}")
    assert response.status_code == 200, response.get("Location")
    routes = routes_of(response.text)
    for slug in scenario["open"]:
        assert routes.get(slug) in OPEN, (slug, routes.get(slug))
    for slug in scenario["closed"]:
        assert routes.get(slug) == "unavailable", (slug, routes.get(slug))
    text = re.sub(r"<[^>]+>", " ", response.text)
    for word in scenario["mentions"]:
        assert word.lower() in text.lower(), word


FEDERAL = ["ice", "cbp", "fbi", "dea", "atf", "usms", "federal-other", "guard-title10", "military"]
STATE_LOCAL = ["state-police", "city-police", "sheriff", "guard-state"]
HYBRID = ["task-force", "287g", "guard-title32", "unsure"]


@pytest.mark.parametrize("officer", FEDERAL + STATE_LOCAL + HYBRID)
def test_each_officer_kind_maps_to_the_right_routes(client, officer):
    answers = urlencode(
        {"officer": officer, "harms": "force", "died": "no", "asker": "self", "place": "MN", "date": "2026-06-01", "charged": "none", "wants": "money"}
    )
    routes = routes_of(client.get(f"/result/?{answers}").text)
    if officer in FEDERAL:
        assert routes["ftca"] in OPEN and routes["section-1983"] == "unavailable"
        assert routes["state-prosecution-federal"] in OPEN and routes["state-prosecution-local"] == "unavailable"
    elif officer in STATE_LOCAL:
        assert routes["ftca"] == "unavailable" and routes["section-1983"] in OPEN
        assert routes["state-prosecution-local"] in OPEN and routes["state-prosecution-federal"] == "unavailable"
    else:  # both tracks stay open, with limits, until the facts decide
        assert routes["ftca"] == "limited" and routes["section-1983"] == "limited"
    assert routes["federal-prosecution-242"] in OPEN  # § 242 reaches anyone acting under color of law
