"""The person's plan: what to do next, and the routes that may be open side by side.

Pure Python, no Django imports. It decides *which* steps and comparisons fit this
person, from their facts, the assessment and the content snapshot; the template words
each kind of step. What a route is and when it is open stays in the content; this
module only reads it (agencies' claim and complaint offices, a route's doctrines and
the statutes it cites).
"""

from dataclasses import asdict, dataclass
from datetime import date

from .law import Assessment, Cite, Content, Deadline, Facts, Route, RouteResult, Status


def _(text: str) -> str:
    """Marks a string for translation (makemessages finds `_`); templates translate it."""
    return text


# Route slugs never change once published (models.SLUG_HELP), so code may name one.
FTCA = "ftca"  # the route whose claim goes to the agency on Standard Form 95
# Who pays the lawyers and how long a route takes are the route's content (its `fees` and
# `timing` doctrines, with their citations), never decided here from authority slugs.

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
class Action:
    """One of the few things to do first, this week, in a situation like this one.

    Like a route's rule, an action says when it applies with lists of conditions (empty
    means any): it fits when every listed condition holds. The three that fit with the
    lowest rank are shown at the top of a result. Legal statements name their authorities
    by slug, so their citations come from the published content.
    """

    slug: str
    rank: int  # lower comes first
    title: str
    detail: str
    links: tuple[Link, ...] = ()
    authorities: tuple[str, ...] = ()
    died: str = ""  # "", "yes" or "no"
    case_outcomes: frozenset[str] = frozenset()
    levels: frozenset[str] = frozenset()
    harms: frozenset[str] = frozenset()
    custody: frozenset[str] = frozenset()  # held in a jail or prison, or in immigration detention
    verified: bool = True  # practical advice no source states yet is shown as needing confirmation

    def fits(self, facts: Facts) -> bool:
        return (
            (not self.died or self.died == ("yes" if facts.died else "no"))
            and (not self.case_outcomes or facts.case_outcome in self.case_outcomes)
            and (not self.levels or facts.level in self.levels)
            and (not self.harms or bool(self.harms & facts.harms))
            and (not self.custody or facts.custody in self.custody)
        )


# A prisoner's lawsuit must wait for the facility's grievance process (the PLRA).
GRIEVANCE = ("usc-42-1997e", "porter-v-nussle", "ross-v-blake")
# Who may present an FTCA claim after a death, and with what proof.
ESTATE_FTCA = ("cfr-28-14-2", "mader-v-united-states")
LOCATOR_URL = "https://locator.ice.gov/odls/"
PRO_BONO_URL = "https://www.justice.gov/eoir/list-pro-bono-legal-service-providers"
HELD = frozenset({"held"})  # taken by immigration officers and still held

ACTIONS = (
    # Someone is held now: find them, get a lawyer, keep their papers ready.
    Action(
        "find-them",
        0,
        _("Find out where they are held."),
        _(
            "Search ICE's online detainee locator with their A-number (a 9-digit number on "
            "immigration papers) or their exact name and country of birth. A new arrest or a "
            "move can take a day or more to show, and children under 18 are not listed."
        ),
        links=(Link("locator", _("ICE Online Detainee Locator"), LOCATOR_URL, verified=False),),
        harms=HELD,
    ),
    Action(
        "detention-lawyer",
        1,
        _("Call an immigration lawyer today."),
        _(
            "A lawyer can ask a federal court to review the detention and order release "
            "(habeas corpus). Free legal help is listed for each immigration court."
        ),
        links=(Link("lawyer", _("Free legal service providers, by immigration court"), PRO_BONO_URL),),
        authorities=("usc-28-2241", "zadvydas-v-davis"),
        harms=HELD,
    ),
    Action(
        "their-papers",
        2,
        _("Gather their papers, and sign nothing you do not understand."),
        _(
            "Find their passport, birth certificate, green card or work permit and any paper "
            "with their A-number. Legal aid groups advise not to sign papers or agree to leave "
            "the country before talking to a lawyer."
        ),
        harms=HELD,
        verified=False,
    ),
    # Held in a jail or prison: the grievance comes first, often within days (issue 10).
    Action(
        "grievance",
        0,
        _("First, file a grievance with the jail or prison, in writing."),
        _(
            "A person still held there when they sue must first use the facility's complaint "
            "process and every appeal, on its deadlines, which are often only days or weeks. Ask "
            "for the written rules today and keep copies."
        ),
        authorities=GRIEVANCE,
        custody=frozenset({"jail"}),
    ),
    # A death: who may act, the records, and nothing signed.
    Action(
        "estate",
        3,
        _("Ask the probate court who may act for the estate."),
        _(
            "A claim after a death must come from the person allowed to act for the estate "
            "(a personal representative or, in some states, a trustee). Ask early, and send the "
            "court's papers with any claim."
        ),
        authorities=("cfr-28-14", "robertson-v-wegmann"),
        died="yes",
    ),
    Action(
        "autopsy",
        4,
        _("Ask for the autopsy report and the death certificate."),
        _(
            "Ask the medical examiner or coroner. A family may also pay an independent doctor for "
            "a second autopsy: ask before burial or cremation."
        ),
        died="yes",
        verified=False,
    ),
    Action(
        "sign-nothing",
        5,
        _("Do not sign anything from the agency or an insurer without a lawyer."),
        _(
            "A release or settlement can give up the family's claims for good. Let a lawyer read "
            "it first; many offer a free first meeting."
        ),
        died="yes",
        verified=False,
    ),
    # A criminal case against the person harmed comes first.
    Action(
        "criminal-lawyer",
        3,
        _("Talk to the lawyer in the criminal case first."),
        _(
            "While that case is open, what you say or write about what happened (in a "
            "complaint, a claim, or to reporters) may be used in it."
        ),
        case_outcomes=frozenset({"pending"}),
    ),
    Action(
        "new-clock",
        3,
        _("A new deadline may have started when the case ended."),
        _(
            "A claim that the prosecution had no good reason, or used made-up evidence, can be "
            "brought only after the case ends without a conviction, and its deadline counts "
            "from that day. A false-arrest claim's deadline started earlier, at the arrest."
        ),
        authorities=("thompson-v-clark", "mcdonough-v-smith", "wallace-v-kato"),
        case_outcomes=frozenset({"dropped"}),
    ),
    Action(
        "which-agency",
        3,
        _("Find out who the officers worked for."),
        _(
            "Look at photos and video for words on uniforms, badges and cars, and ask the local "
            "police for the incident report. Which agency it was decides which deadlines run."
        ),
        levels=frozenset({"unsure"}),
    ),
    # For everyone.
    Action(
        "evidence",
        6,
        _("Save the evidence now."),
        _(
            "Keep videos and photos (yours and other people's), medical records and bills, and "
            "the names and phone numbers of witnesses. Write down what happened while you "
            "remember it."
        ),
    ),
    Action(
        "lawyer",
        7,
        _("Talk to a lawyer well before the first deadline."),
        _("Many civil-rights lawyers offer a free first meeting, and some are paid only if the case wins."),
        links=tuple(Link("lawyer", label, url) for label, url in LAWYERS[:1]),
    ),
    Action(
        "records",
        8,
        _("Ask for the reports and any video."),
        _(
            "Ask the agency for its incident report and any body-camera video: a public-records "
            "request for the police, a Freedom of Information Act request for a federal agency. "
            "Ask soon: some video is kept only for a short time."
        ),
        links=(Link("records", _("FOIA.gov: find an agency's records office"), FOIA_URL),),
    ),
)


def first_actions(facts: Facts, actions: tuple[Action, ...] = ACTIONS, count: int = 3) -> tuple[Action, ...]:
    """The few things to do first for this person: those that fit, most urgent first."""
    return tuple(sorted((a for a in actions if a.fits(facts)), key=lambda a: a.rank)[:count])


def this_week(facts: Facts, content: Content) -> tuple[dict, ...]:
    """The first actions as a result shows and a share stores them, with their citations."""
    return tuple(
        {
            "slug": action.slug,
            "title": action.title,
            "detail": action.detail,
            "links": tuple(asdict(link) for link in action.links),
            "cites": tuple(
                asdict(Cite(a.citation, a.url, a.verified))
                for slug in action.authorities
                if (a := content.authorities.get(slug))
            ),
            "verified": action.verified,
        }
        for action in first_actions(facts)
    )


@dataclass(frozen=True)
class ChecklistItem:
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


# How each kind of step is worded: variants (the facts a variant needs, its title, its
# detail), the first whose needs the step has wins. {agency}, {by}, {detail}, {statute} are
# filled in when the page is shown, so a saved result is worded in today's words.
WORDING: dict[str, tuple[tuple[frozenset[str], str, str], ...]] = {
    "evidence": (
        (
            frozenset(),
            _("Save the evidence now."),
            _(
                "Keep videos and photos (yours and other people's), medical records and bills, damaged "
                "things, and the names and phone numbers of witnesses. Write down what happened while "
                "you remember it."
            ),
        ),
    ),
    "criminal_case": (
        (
            frozenset(),
            _("Talk to the lawyer in the criminal case first."),
            _(
                "While that case is open, what you say or write about what happened (in a complaint, "
                "a claim, or to reporters) may be used in it."
            ),
        ),
    ),
    "records_federal": (
        (
            frozenset({"agency"}),
            _("Ask for the federal records."),
            _(
                "Ask {agency} for its reports and any video with a Freedom of Information Act (FOIA) "
                "request. It can take months, so ask early."
            ),
        ),
        (
            frozenset(),
            _("Ask for the federal records."),
            _(
                "Ask the federal agency for its reports and any video with a Freedom of Information Act "
                "(FOIA) request. It can take months, so ask early."
            ),
        ),
    ),
    "records_local": (
        (
            frozenset(),
            _("Ask for the local records."),
            _(
                "Ask the police department or sheriff for the incident report and any body-camera or "
                "dash-camera video under your state's public-records law. Ask soon: some video is kept "
                "only for a short time."
            ),
        ),
    ),
    "sf95": (
        (frozenset({"agency", "by", "detail"}), _("File a claim with {agency} before {by}."), "{detail}"),
        (frozenset({"agency", "detail"}), _("File a claim with {agency}."), "{detail}"),
        (
            frozenset(),
            _("File a claim with the agency the officer worked for."),
            _(
                "Use Standard Form 95, or a signed letter that asks for an exact dollar amount, and "
                "keep proof of the date it arrived."
            ),
        ),
    ),
    "notice": (
        (
            frozenset({"by"}),
            _("Send a written notice of claim by {by}."),
            _(
                "It is needed for {detail} ({statute}). If the date has passed, ask a lawyer whether "
                "late notice is allowed."
            ),
        ),
        (
            frozenset(),
            _("Send a written notice of claim."),
            _(
                "It is needed for {detail} ({statute}). If the date has passed, ask a lawyer whether "
                "late notice is allowed."
            ),
        ),
    ),
    "complaint": (
        (
            frozenset({"links"}),
            _("File a complaint about the officer."),
            _("It can lead to an investigation or discipline; it does not get you money."),
        ),
        (
            frozenset(),
            _("File a complaint about the officer."),
            _(
                "Send it to the police department's internal affairs office, or to your city's "
                "civilian oversight board if it has one. It can lead to an investigation or "
                "discipline; it does not get you money."
            ),
        ),
    ),
    "lawyer": (
        (
            frozenset({"by"}),
            _("Find a lawyer before {by}."),
            _("Many civil-rights lawyers offer a free first meeting, and some are paid only if the case wins."),
        ),
        (
            frozenset(),
            _("Find a lawyer."),
            _("Many civil-rights lawyers offer a free first meeting, and some are paid only if the case wins."),
        ),
    ),
    # Issue 10: the grievance, who acts after a death (with the place's rule), a denial's deadline.
    "grievance": (
        (
            frozenset(),
            _("First, use the jail's or prison's grievance process, in writing, and appeal every no."),
            _(
                "Its deadlines are often only days or weeks. A federal lawsuit filed while the person "
                "is still held may be dismissed if this step was skipped."
            ),
        ),
    ),
    "estate": (
        (frozenset({"detail"}), _("Find out who may bring the claims for the person who died."), "{detail}"),
        (
            frozenset(),
            _("Find out who may bring the claims for the person who died."),
            _("Often it is a personal representative appointed by a court. Ask a lawyer soon."),
        ),
    ),
    "sue_after_denial": (
        (
            frozenset({"by", "detail"}),
            _("Go to court by {by}."),
            _("This is the deadline for {detail} after the written rejection."),
        ),
        (
            frozenset({"by"}),
            _("Go to court by {by}."),
            _("The claim was denied in writing, so the short deadline to sue has started."),
        ),
        (
            frozenset(),
            _("Go to court soon."),
            _("The claim was denied in writing, so a short deadline to sue has started."),
        ),
    ),
    "may_sue": (
        (
            frozenset({"by"}),
            _("If there is no answer by {by}, you may go to court."),
            _("If a denial letter comes first, a short deadline to sue starts on the day it is mailed."),
        ),
        (
            frozenset(),
            _("You may go to court if there is no answer in time."),
            _("If a denial letter comes first, a short deadline to sue starts on the day it is mailed."),
        ),
    ),
    "calendar": (
        (
            frozenset(),
            _("Put the deadlines in your calendar."),
            _("The calendar file names the routes and dates, not your answers."),
        ),
    ),
}


def wording(step: dict) -> tuple[str, str]:
    """The title and detail of a step (as a result stores it), not yet translated or filled in."""
    has = {key for key in ("agency", "by", "detail", "links") if step.get(key)}
    return next((title, detail) for needs, title, detail in WORDING[step["kind"]] if needs <= has)


def next_steps(facts: Facts, result: Assessment, content: Content) -> tuple[ChecklistItem, ...]:
    """The checklist for this person, most urgent kinds first."""
    kind = content.officer_kinds.get(facts.officer)
    agency = content.agencies.get(kind.agency) if kind and kind.agency else None
    open_routes = {r.slug: r for r in result.open}
    federal = facts.level in ("federal", "hybrid", "unsure")
    local = facts.level in ("state", "local", "hybrid", "unsure")
    steps = [ChecklistItem("evidence")]
    if facts.custody == "jail":  # often only days to file: before everything but the evidence
        steps.insert(0, ChecklistItem("grievance", cites=_cited(GRIEVANCE, content)))
    place = content.jurisdictions.get(facts.place)
    if facts.died:
        death = place.death if place else None
        cites = (*((Cite(death.statute, death.source, death.verified),) if death and death.source else ()),)
        if FTCA in open_routes:
            cites += _cited(ESTATE_FTCA, content)
        steps.append(
            ChecklistItem(
                "estate",
                detail=death.who if death else "",
                statute=death.statute if death else "",
                cites=cites,
                verified=bool(death and death.verified),
            )
        )
    if facts.case_outcome == "pending":
        steps.append(ChecklistItem("criminal_case"))
    if federal:
        foia = Link("records", _("FOIA.gov: find an agency's records office"), FOIA_URL)
        steps.append(ChecklistItem("records_federal", agency=agency.name if agency else "", links=(foia,)))
    if local:
        steps.append(ChecklistItem("records_local"))
    ftca = open_routes.get(FTCA)
    denied = ftca and ftca.deadline and ftca.deadline.label == "after_denial"
    waiting = ftca and next((d for d in ftca.also if d.label == "may_sue"), None)
    if denied:
        steps.append(ChecklistItem("sue_after_denial", by=ftca.deadline.act_by, cites=ftca.deadline.cites))
    elif waiting:
        steps.append(ChecklistItem("may_sue", by=waiting.latest, cites=waiting.cites))
    elif ftca:
        claims = (
            (Link("claims", agency.name, agency.claims_url, agency.verified),) if agency and agency.claims_url else ()
        )
        form = Link("form", _("Standard Form 95: claim for damage, injury or death"), SF95_URL)
        steps.append(
            ChecklistItem(
                "sf95",
                by=ftca.deadline.act_by if ftca.deadline else None,
                agency=agency.name if agency else "",
                detail=agency.claims_office if agency else "",
                links=(*claims, form),
            )
        )
    for route in open_routes.values():  # a window that has passed stays: late-notice relief may exist
        if route.deadline and route.deadline.rule == "notice" and route.deadline.latest:
            steps.append(
                ChecklistItem("notice", by=route.deadline.act_by, statute=route.deadline.statute, detail=route.name)
            )
        for after in (d for d in route.also if d.label == "suit_after_rejection" and d.latest):
            steps.append(ChecklistItem("sue_after_denial", by=after.act_by, detail=route.name, cites=after.cites))
    if any(r.kind == "administrative" and "discipline" in r.remedies for r in open_routes.values()):
        links = (
            (Link("complaint", agency.complaint_name, agency.complaint_url, agency.verified),)
            if agency and agency.complaint_url
            else ()
        )
        steps.append(ChecklistItem("complaint", agency=agency.name if agency else "", links=links))
    dates = [d for r in open_routes.values() for x in (r.deadline, *r.also) if (d := _ahead(x))]
    lawyers = tuple(Link("lawyer", label, url) for label, url in LAWYERS)
    steps.append(ChecklistItem("lawyer", by=min(dates) if dates else None, links=lawyers))
    if dates:
        steps.append(ChecklistItem("calendar"))
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
    fees: str  # rule (the route's fees doctrine says it) | free | varies
    time: str  # rule (the route's timing doctrine says it) | court | prosecutor | agency
    act_by: date | None
    risks: tuple[Risk, ...]
    criminal_case: bool  # a pending criminal case makes what you say here risky
    fees_rule: str = ""  # the doctrine's summary, e.g. who pays the lawyers, in the content's words
    fees_cites: tuple[Cite, ...] = ()
    time_rule: str = ""
    time_cites: tuple[Cite, ...] = ()
    fees_verified: bool = True
    time_verified: bool = True


def side_by_side(facts: Facts, result: Assessment, content: Content) -> tuple[Comparison, ...]:
    routes = {r.slug: r for r in content.routes}
    open_routes = [r for r in result.open if r.slug in routes]
    return tuple(_row(r, routes[r.slug], open_routes, routes, facts, content) for r in open_routes)


def _row(
    result: RouteResult,
    route: Route,
    open_routes: list[RouteResult],
    routes: dict[str, Route],
    facts: Facts,
    content: Content,
) -> Comparison:
    fees_rule = content.doctrines.get(route.fees) if route.fees else None
    time_rule = content.doctrines.get(route.timing) if route.timing else None
    if fees_rule:
        fees = "rule"
    elif route.kind == "criminal" or route.decider == "agency":
        fees = "free"
    else:
        fees = "varies"
    if time_rule:
        time = "rule"
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
        fees_rule=fees_rule.summary if fees_rule else "",
        fees_cites=_cited(fees_rule.authorities, content) if fees_rule else (),
        fees_verified=fees_rule.verified if fees_rule else True,
        time_rule=time_rule.summary if time_rule else "",
        time_cites=_cited(time_rule.authorities, content) if time_rule else (),
        time_verified=time_rule.verified if time_rule else True,
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
