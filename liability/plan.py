"""The person's plan: what to do next, and the routes that may be open side by side.

Pure Python, no Django imports. It decides *which* steps and comparisons fit this
person, from their facts, the assessment and the content snapshot; the template words
each kind of step. What a route is and when it is open stays in the content; this
module only reads it (agencies' claim and complaint offices, a route's doctrines and
the statutes it cites).
"""

from dataclasses import dataclass
from datetime import date

from .law import Assessment, Cite, Content, Deadline, Facts, Route, RouteResult, Status


def _(text: str) -> str:
    """Marks a string for translation (makemessages finds `_`); templates translate it."""
    return text


# Route slugs never change once published (models.SLUG_HELP), so code may name one.
FTCA = "ftca"  # the route whose claim goes to the agency on Standard Form 95
# Authorities whose presence on a route says who pays the lawyers. Slugs are stable too.
FEE_SHIFTING = {"usc-42-1988"}  # the losing officer or government may pay your lawyer
FEE_CAP = {"usc-28-2678"}  # FTCA: 20% of an agency settlement, 25% after a lawsuit
AGENCY_FIRST = {"usc-28-2675"}  # a claim to the agency first, which has six months to decide
# A prisoner's lawsuit must wait for the facility's grievance process (the PLRA).
GRIEVANCE = ("usc-42-1997e", "porter-v-nussle", "ross-v-blake")
# Who may present an FTCA claim after a death, and with what proof.
ESTATE_FTCA = ("cfr-28-14-2", "mader-v-united-states")

# Official pages, not content a lawyer edits: the form and the federal records portal.
SF95_URL = "https://www.gsa.gov/reference/forms/claim-for-damage-injury-or-death"
FOIA_URL = "https://www.foia.gov/"
LAWYERS = (
    (
        _("National Police Accountability Project: civil-rights lawyers who take police cases"),
        "https://www.nlg-npap.org/",
    ),
    (
        _("American Bar Association: free legal help and lawyer referral by state"),
        "https://www.americanbar.org/groups/legal_services/flh-home/",
    ),
    (_("LawHelp.org: legal aid near you"), "https://www.lawhelp.org/"),
)
REMEDY_LABELS = {
    "money": _("Money"),
    "prosecution": _("Prosecution"),
    "discipline": _("Discipline"),
    "court_order": _("A court order"),
    "information": _("Findings or information"),
}


@dataclass(frozen=True)
class Link:
    role: str  # claims | complaint | form | records | lawyer: how the template words it
    label: str  # a name from the content (an agency, an office) or a marked string
    url: str
    verified: bool = True


@dataclass(frozen=True)
class Step:
    """One thing to do. `kind` picks the template's wording; the rest fills it in."""

    # evidence | grievance | estate | criminal_case | records_federal | records_local | sf95 | sue_after_denial |
    # may_sue | notice | complaint | lawyer | calendar
    kind: str
    by: date | None = None  # do it before this date
    agency: str = ""
    detail: str = ""  # e.g. where the claim goes, in the content's words
    statute: str = ""
    links: tuple[Link, ...] = ()
    cites: tuple[Cite, ...] = ()
    verified: bool = True


def next_steps(facts: Facts, result: Assessment, content: Content) -> tuple[Step, ...]:
    """The checklist for this person, most urgent kinds first."""
    kind = content.officer_kinds.get(facts.officer)
    agency = content.agencies.get(kind.agency) if kind and kind.agency else None
    open_routes = {r.slug: r for r in result.open}
    federal = facts.level in ("federal", "hybrid", "unsure")
    local = facts.level in ("state", "local", "hybrid", "unsure")
    steps = [Step("evidence")]
    if facts.custody == "jail":  # often only days to file: before everything but the evidence
        steps.insert(0, Step("grievance", cites=_cited(GRIEVANCE, content)))
    place = content.jurisdictions.get(facts.place)
    if facts.died:
        death = place.death if place else None
        cites = (*((Cite(death.statute, death.source, death.verified),) if death and death.source else ()),)
        if FTCA in open_routes:
            cites += _cited(ESTATE_FTCA, content)
        steps.append(
            Step(
                "estate",
                detail=death.who if death else "",
                statute=death.statute if death else "",
                cites=cites,
                verified=bool(death and death.verified),
            )
        )
    if facts.case_outcome == "pending":
        steps.append(Step("criminal_case"))
    if federal:
        foia = Link("records", _("FOIA.gov: find an agency's records office"), FOIA_URL)
        steps.append(Step("records_federal", agency=agency.name if agency else "", links=(foia,)))
    if local:
        steps.append(Step("records_local"))
    ftca = open_routes.get(FTCA)
    denied = ftca and ftca.deadline and ftca.deadline.label == "after_denial"
    waiting = ftca and next((d for d in ftca.also if d.label == "may_sue"), None)
    if denied:
        steps.append(Step("sue_after_denial", by=ftca.deadline.act_by, cites=ftca.deadline.cites))
    elif waiting:
        steps.append(Step("may_sue", by=waiting.latest, cites=waiting.cites))
    elif ftca:
        claims = (
            (Link("claims", agency.name, agency.claims_url, agency.verified),) if agency and agency.claims_url else ()
        )
        form = Link("form", _("Standard Form 95: claim for damage, injury or death"), SF95_URL)
        steps.append(
            Step(
                "sf95",
                by=ftca.deadline.act_by if ftca.deadline else None,
                agency=agency.name if agency else "",
                detail=agency.claims_office if agency else "",
                links=(*claims, form),
            )
        )
    for route in open_routes.values():  # a window that has passed stays: late-notice relief may exist
        if route.deadline and route.deadline.rule == "notice" and route.deadline.latest:
            steps.append(Step("notice", by=route.deadline.act_by, statute=route.deadline.statute, detail=route.name))
        for after in (d for d in route.also if d.label == "suit_after_rejection" and d.latest):
            steps.append(Step("sue_after_denial", by=after.act_by, detail=route.name, cites=after.cites))
    if any(r.kind == "administrative" and "discipline" in r.remedies for r in open_routes.values()):
        links = (
            (Link("complaint", agency.complaint_name, agency.complaint_url, agency.verified),)
            if agency and agency.complaint_url
            else ()
        )
        steps.append(Step("complaint", agency=agency.name if agency else "", links=links))
    dates = [d for r in open_routes.values() for x in (r.deadline, *r.also) if (d := _ahead(x))]
    lawyers = tuple(Link("lawyer", label, url) for label, url in LAWYERS)
    steps.append(Step("lawyer", by=min(dates) if dates else None, links=lawyers))
    if dates:
        steps.append(Step("calendar"))
    return tuple(steps)


def _cited(slugs: tuple[str, ...], content: Content) -> tuple[Cite, ...]:
    return tuple(Cite(a.citation, a.url, a.verified) for s in slugs if (a := content.authorities.get(s)))


def _ahead(deadline: Deadline | None) -> date | None:
    """A deadline's safe date, if it is still ahead (a day to start is not a deadline)."""
    if deadline is None or deadline.label == "may_sue" or deadline.passed or deadline.may_have_passed:
        return None
    return deadline.act_by


@dataclass(frozen=True)
class Risk:
    slug: str  # a doctrine
    name: str
    also: tuple[str, ...] = ()  # other open routes it ties this one to, by name


@dataclass(frozen=True)
class Comparison:
    """One open route's row in the side-by-side table."""

    slug: str
    name: str
    status: Status
    gets: tuple[str, ...]  # remedy labels
    decider: str  # you | prosecutor | agency
    fees: str  # shifting | capped | free | varies
    time: str  # agency_first | court | prosecutor | agency
    act_by: date | None
    risks: tuple[Risk, ...]
    criminal_case: bool  # a pending criminal case makes what you say here risky


def compare(facts: Facts, result: Assessment, content: Content) -> tuple[Comparison, ...]:
    routes = {r.slug: r for r in content.routes}
    open_routes = [r for r in result.open if r.slug in routes]
    return tuple(_row(r, routes[r.slug], open_routes, routes, facts) for r in open_routes)


def _row(
    result: RouteResult, route: Route, open_routes: list[RouteResult], routes: dict[str, Route], facts: Facts
) -> Comparison:
    cited = {*route.authorities, *route.deadline.authorities, *(a for rule in route.rules for a in rule.authorities)}
    if route.kind == "criminal" or route.decider == "agency":
        fees = "free"
    elif cited & FEE_CAP:
        fees = "capped"
    elif cited & FEE_SHIFTING:
        fees = "shifting"
    else:
        fees = "varies"
    if cited & AGENCY_FIRST:
        time = "agency_first"
    elif route.kind == "criminal":
        time = "prosecutor"
    elif route.decider == "agency":
        time = "agency"
    else:
        time = "court"
    return Comparison(
        slug=result.slug,
        name=result.name,
        status=result.status,
        gets=tuple(REMEDY_LABELS.get(r, r) for r in result.remedies),
        decider=result.decider,
        fees=fees,
        time=time,
        act_by=result.deadline.act_by if result.deadline else None,
        risks=_risks(result, open_routes, routes),
        criminal_case=facts.case_outcome == "pending" and route.kind != "criminal",
    )


def _risks(result: RouteResult, open_routes: list[RouteResult], routes: dict[str, Route]) -> tuple[Risk, ...]:
    """Doctrines that may stand in the way of this route, and any doctrine that bears on
    it ("depends") while standing in the way of another open route: using one route can
    cost the other (a judgment on an FTCA claim can end a Bivens claim brought alongside).
    A doctrine that helps here is never listed as a risk."""
    risks = []
    for mention in result.doctrines:
        if mention.effect == "helps":
            continue
        blocks_elsewhere = tuple(
            other.name
            for other in open_routes
            if mention.effect == "depends"  # when it blocks both, each row says so already
            and other.slug != result.slug
            and any(d.doctrine == mention.slug and d.effect == "blocks" for d in routes[other.slug].doctrines)
        )
        if mention.effect == "blocks" or blocks_elsewhere:
            risks.append(Risk(mention.slug, mention.name, blocks_elsewhere))
    return tuple(risks)
