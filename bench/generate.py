"""A seeded, national-scale partnership landscape, written as the CSV files a user imports.

Scale 1.0 gives 9 regions, 40 counties, 300 districts, 35,000 small areas (LSOA-like, with
populations), 3,000 organisations, 400 partnerships, 2,000 strategies with 10,000 themes and
100,000 actions. Codes are ONS-shaped but in a 9xxxxxx range no real area uses, so nobody
mistakes them for real places.

Duplicated actions are planted: about one action in twenty is copied into one or two
strategies of *other* partnerships, with the edits real copies pick up (case, punctuation,
British/American spelling, '&' for 'and', a 'We will' or 'Work with partners to' prefix, a
trailing date or place, one synonym, a typo, a clause moved to the front). Every base action
is built from a verb, an adjective and a noun, a group, a setting and sometimes a purpose;
the planted hard negatives share the object and the group with another partnership's action
but not the verb, setting or purpose. No two base actions differ in only one of those slots
or only in their opening words (:func:`_near_keys`), so the unplanted near-copies, which a
wording method cannot tell from planted copies, do not multiply with the scale. The planted
pairs are written to ``planted.csv`` so that precision and recall can be measured.
"""

from __future__ import annotations

import csv
import itertools
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Landscape", "generate"]

_SYL_A = ["Ash", "Brad", "Brook", "Burn", "Cald", "Cran", "Dun", "East", "Elm", "Fair", "Fern",
          "Glen", "Green", "Hart", "High", "Holm", "King", "Lang", "Lea", "Lin", "Mar", "Mill",
          "Moor", "New", "North", "Oak", "Pen", "Red", "Ridge", "Rock", "Rose", "Sand", "Shel",
          "South", "Stan", "Stone", "Thorn", "Wal", "West", "Whit", "Wick", "Wood"]
_SYL_B = ["bury", "by", "caster", "chester", "dale", "den", "field", "ford", "gate", "ham",
          "hurst", "ley", "mouth", "stead", "thorpe", "ton", "wich", "worth"]
_REGIONS = ["North Mercia", "South Mercia", "Wessex Vale", "East Anglia Fen", "Northumbria Moor",
            "Severn Marches", "Weald Downs", "Pennine Dales", "Thames Reach"]

VERBS = ["Deliver", "Develop", "Establish", "Expand", "Improve", "Increase", "Launch", "Promote",
         "Reduce", "Review", "Strengthen", "Support", "Commission", "Extend", "Introduce",
         "Co-ordinate", "Pilot", "Evaluate", "Roll out", "Invest in", "Redesign", "Map",
         "Prioritise", "Recruit for", "Fund", "Scale up", "Embed", "Publish", "Monitor",
         "Integrate", "Refresh", "Simplify", "Target", "Protect", "Modernise", "Sustain",
         "Widen access to", "Tackle demand for", "Share data on", "Train staff in"]
ADJECTIVES = ["local", "integrated", "targeted", "county-wide", "community", "digital", "joint",
              "early", "preventative", "specialist", "outreach", "peer-led", "school-based",
              "neighbourhood", "mobile", "accessible", "affordable", "green", "rapid-response",
              "multi-agency", "sustainable", "inclusive", "evidence-based", "place-based",
              "trauma-informed", "volunteer-led", "employer-led", "crisis", "universal",
              "intensive"]
NOUNS = ["falls prevention classes", "smoking cessation service", "mental health support",
         "debt advice", "apprenticeship programme", "domestic abuse refuges",
         "social prescribing", "carers breaks", "school readiness checks",
         "youth diversion scheme", "affordable housing supply", "bus services",
         "cycling routes", "home insulation grants", "food banks", "dementia cafes",
         "health checks", "weight management service", "drug treatment places",
         "alcohol brief interventions", "reablement service", "hospital discharge support",
         "employment support", "digital skills training", "adult learning courses",
         "fuel poverty advice", "antisocial behaviour patrols", "knife crime education",
         "victim support", "reoffending programme", "early help hubs", "family hubs",
         "breastfeeding support", "immunisation uptake", "air quality monitoring",
         "flood resilience works", "town centre regeneration", "business start-up grants",
         "broadband coverage", "electric vehicle charging", "libraries offer",
         "leisure centre access", "sports participation", "loneliness befriending",
         "suicide prevention training", "homelessness prevention", "rough sleeping outreach",
         "supported housing", "care home quality visits", "workforce wellbeing offer",
         "volunteering opportunities", "community safety wardens", "road safety campaigns",
         "hate crime reporting", "modern slavery awareness", "childhood obesity programme",
         "oral health promotion", "sexual health clinics", "hearing loss screening",
         "social isolation network", "welfare rights advice", "holiday activities and food",
         "special educational needs support", "school attendance support",
         "care leavers support", "foster carer recruitment", "neighbourhood policing",
         "fire safety visits", "estate rationalisation", "shared back office services",
         "public sector land disposals", "carbon reduction plans", "waste recycling rates",
         "tree planting", "green space access", "heritage trails", "arts participation",
         "skills bootcamps", "careers advice", "NEET reduction work", "digital inclusion hubs",
         "telecare equipment", "hospital at home service", "pharmacy first offer",
         "primary care access", "urgent care centres", "mental health crisis cafes",
         "perinatal mental health service", "autism diagnosis pathway",
         "learning disability health checks", "veterans support", "refugee resettlement",
         "gypsy and traveller sites", "migrant health checks", "anti-poverty strategy",
         "credit union membership", "living wage accreditation", "community transport",
         "active travel plans", "park and ride capacity", "housing adaptations",
         "disabled facilities grants", "empty homes scheme", "selective licensing",
         "private rented sector inspections", "energy advice", "water efficiency retrofits",
         "allotment provision", "community gardens", "healthy schools programme",
         "physical activity referrals", "stop smoking in pregnancy service",
         "substance misuse outreach", "needle exchange", "hepatitis C testing",
         "tuberculosis screening", "winter pressures planning", "care market shaping",
         "direct payments uptake", "personal health budgets", "advocacy services",
         "safeguarding training", "county lines disruption", "cyber crime prevention",
         "fraud awareness sessions", "restorative justice", "youth justice panels",
         "gang exit support", "community cohesion events", "faith forum", "citizens panel",
         "participatory budgeting", "community asset transfer", "parish plans",
         "neighbourhood plans", "local plan evidence base", "infrastructure delivery plan",
         "developer contributions", "affordable workspace", "inward investment service",
         "export support", "supply chain programme", "tourism marketing",
         "high street vacancy reduction", "market town plans", "night-time economy",
         "digital high street", "5G pilot", "smart meters uptake", "solar on public roofs",
         "district heat network", "hydrogen buses trial", "flood warning sign-up",
         "emergency planning exercises", "resilience forum training"]
GROUPS = ["for older people", "for young people", "for children in care", "for carers",
          "for people with dementia", "for people with learning disabilities",
          "for care leavers", "for veterans", "for rough sleepers", "for new parents",
          "for low-income families", "for small businesses", "for people in recovery",
          "for victims of crime", "for young offenders", "for pupils with SEND",
          "for unemployed adults", "for social housing tenants", "for rural residents",
          "for disabled people", "for refugees", "for care home residents",
          "for people with long-term conditions", "for frontline staff", "for students",
          "for school leavers", "for survivors of domestic abuse", "for people on probation",
          "for lone parents", "for people with sight loss", "for Gypsy and Traveller families",
          "for people who are homeless", "for the over-75s", "for new arrivals",
          "for women and girls", "for men aged 40-74", "for people with autism",
          "for armed forces families", "for young carers", "for isolated residents"]
SETTINGS = ["in care homes", "through GP practices", "in every secondary school",
            "at community hubs", "in libraries", "through the voluntary sector",
            "in the most deprived wards", "in town centres", "online", "in rural villages",
            "through pharmacies", "in hospitals", "at job centres", "in leisure centres",
            "in faith settings", "through housing associations", "in the night-time economy",
            "at children's centres", "in workplaces", "through social media",
            "in primary schools", "at further education colleges", "in custody suites",
            "through outreach vans", "in sheltered housing", "at food banks",
            "through employers", "in partnership with the police", "with the fire service",
            "with district councils", "with the NHS trusts", "with parish councils",
            "across the county", "in market towns", "in coastal communities",
            "on new housing estates", "in the city centre", "in areas of high need",
            "through family hubs", "by 2026", "by March 2027", "within two years",
            "over the plan period", "during winter", "at weekends", "in the evenings",
            "in community languages", "with a single point of contact", "with peer mentors",
            "with digital tools", "with local businesses", "with the university",
            "through the integrated care board", "with housing providers",
            "through community pharmacies", "in every district", "in the two largest towns",
            "at the county's hospitals", "through the youth service", "through sport clubs",
            "using lived experience", "with schools and colleges", "with the probation service",
            "through the local enterprise partnership", "in the county's prisons",
            "via the 111 service", "through social prescribers", "in each locality",
            "at the new health centre", "through the anchor institutions network"]

PURPOSES = ["to reduce hospital admissions", "to cut waiting times", "so fewer people reach crisis",
            "to close the gap in life expectancy", "to raise attainment",
            "to keep people independent at home", "to lower reoffending",
            "to reduce carbon emissions", "to grow the local economy", "to prevent homelessness",
            "to reduce demand on acute services", "to improve school attendance",
            "to increase healthy life expectancy", "to reduce isolation",
            "to improve air quality", "to get more people into work", "to cut fuel bills",
            "to lower the number of first-time entrants", "to make streets feel safer",
            "to improve outcomes for families", "to save money across the public sector",
            "to meet the net zero target", "to reduce health inequalities",
            "to improve mental wellbeing", "to reduce smoking prevalence",
            "to increase physical activity", "to support recovery", "to reduce child poverty",
            "to build community resilience", "to increase the supply of homes",
            "to reduce repeat victimisation", "to improve hospital flow",
            "to widen participation", "to raise skills levels", "to attract investment",
            "to protect vulnerable adults", "to reduce exclusions", "to cut congestion",
            "to improve road safety", "to strengthen community cohesion"]

# The edits a copied action picks up, each a small function of the text.
_SPELLING = [("programme", "program"), ("Co-ordinate", "Coordinate"), ("Prioritise", "Prioritize"),
             ("Modernise", "Modernize"), ("neighbourhood", "neighborhood"), ("centre", "center"),
             ("organisation", "organization"), (" and ", " & "), ("-", " ")]
_SYNONYMS = [("Deliver", "Provide"), ("Develop", "Create"), ("Improve", "Enhance"),
             ("Increase", "Raise"), ("Reduce", "Cut"), ("Support", "Help"),
             ("Expand", "Grow"), ("Launch", "Start"), ("Establish", "Set up"),
             ("Strengthen", "Build up"), ("Extend", "Broaden"), ("Review", "Assess"),
             ("young people", "youth"), ("older people", "elderly people"),
             ("services", "provision"), ("local", "locality"), ("community", "communities"),
             ("GP practices", "general practices"), ("the county", "the whole county")]
_PREFIXES = ["We will ", "Work with partners to ", "Continue to ", "Jointly ", "Partners will "]
_SUFFIXES = [" (ongoing)", ".", " by 2026", " - year 1", " (see section 4)", " as a priority"]


def _edit(text: str, rng: random.Random) -> str:
    """One copy of an action text with 1-3 of the edits a copy picks up between plans."""
    def spelling(t: str) -> str:
        hits = [(a, b) for a, b in _SPELLING if a in t]
        return t.replace(*rng.choice(hits), 1) if hits else t.lower()

    def synonym(t: str) -> str:
        hits = [(a, b) for a, b in _SYNONYMS if a in t]
        return t.replace(*rng.choice(hits), 1) if hits else t

    def prefix(t: str) -> str:
        return rng.choice(_PREFIXES) + t[0].lower() + t[1:]

    def suffix(t: str) -> str:
        return t + rng.choice(_SUFFIXES)

    def case(t: str) -> str:
        return t.lower() if rng.random() < 0.5 else t.upper() if len(t) < 40 else t.capitalize()

    def typo(t: str) -> str:
        words = t.split(" ")
        long = [i for i, w in enumerate(words) if len(w) > 5 and w.isalpha()]
        if not long:
            return t
        i = rng.choice(long)
        w = words[i]
        k = rng.randrange(1, len(w) - 2)
        words[i] = w[:k] + w[k + 1] + w[k] + w[k + 2:]
        return " ".join(words)

    def front(t: str) -> str:
        for s in SETTINGS:
            i = t.find(" " + s)
            end = i + len(s) + 1
            if i > 0 and (end == len(t) or t[end] == " "):
                rest = t[:i] + t[end:]
                return f"{s[0].upper()}{s[1:]}, {rest[0].lower()}{rest[1:]}"
        return t

    edits = [spelling, synonym, prefix, suffix, case, typo, front]
    out = text
    for f in rng.sample(edits, rng.choice([1, 1, 2])):
        out = f(out)
    return out if out != text else text + " (carried forward)"

# -- the varied actions (``actions="varied"``): distinct work, planted copies and paraphrases --
# Each varied action is an activity (what is done: each with two or three wordings that mean
# the same), a service (NOUNS), a group (each with two wordings), a setting and sometimes a
# purpose. No two base actions share their activity, service and group: two that do would be
# the same work. A paraphrase says the same activity, service and group in other words.
ACTIVITIES = [
    ("Commission {s}", "Buy in {s}", "Procure {s}"),
    ("Run a publicity campaign about {s}", "Promote {s} through a public campaign"),
    ("Train frontline staff to refer people to {s}",
     "Give frontline workers training on referring people to {s}"),
    ("Assess the local need for {s}", "Carry out a needs assessment for {s}"),
    ("Evaluate the impact of {s}", "Measure what difference {s} makes"),
    ("Cut waiting times for {s}", "Shorten the wait for {s}"),
    ("Find permanent premises for {s}", "Secure a building to host {s}"),
    ("Recruit volunteers to help run {s}", "Find more volunteers for {s}"),
    ("Publish a directory of {s}", "Produce an online guide to {s}"),
    ("Pool partners' budgets for {s}", "Set up a shared budget for {s}"),
    ("Collect feedback from users of {s}", "Survey the people who use {s}"),
    ("Bring {s} under a single contract", "Merge the contracts for {s} into one"),
    ("Agree a data-sharing protocol for {s}", "Settle how partners share records about {s}"),
    ("Pilot {s}", "Trial {s}", "Test {s} on a small scale"),
    ("Extend the opening hours of {s}", "Keep {s} open for longer each week"),
    ("Provide free transport to {s}", "Help people travel to {s} at no cost"),
    ("Translate information on {s} into community languages",
     "Offer leaflets about {s} in other languages"),
    ("Bid for national funding for {s}", "Apply for government grants to pay for {s}"),
    ("Write a quality standard for {s}", "Agree the standards that {s} must meet"),
    ("Reduce the running costs of {s}", "Make {s} cheaper to run"),
    ("Appoint a named lead for {s}", "Give one officer responsibility for {s}"),
    ("Set targets for take-up of {s}", "Agree goals for how many people use {s}"),
    ("Map gaps in coverage of {s}", "Find out where {s} is missing"),
    ("Move {s} online", "Offer {s} through a website and app"),
    ("Co-design {s} with residents", "Plan {s} together with the people who will use it"),
    ("Stop duplicate assessments across {s}", "Remove repeated assessments between {s}"),
    ("Report progress on {s} to the board every quarter",
     "Update the board on {s} four times a year"),
    ("Join up referrals into {s}", "Create a single route of referral to {s}"),
    ("Recommission {s} when the current contract ends",
     "Retender {s} once its contract expires"),
    ("Hold an annual summit on {s}", "Bring partners together once a year to discuss {s}"),
]
GROUP_WORDS = [
    ("for older people", "for people in later life"),
    ("for young people", "for teenagers and young adults"),
    ("for children in care", "for looked-after children"),
    ("for unpaid carers", "for people who care for a relative"),
    ("for people living with dementia", "for people who have dementia"),
    ("for adults with learning disabilities", "for adults who have a learning disability"),
    ("for care leavers", "for young people leaving care"),
    ("for veterans", "for former armed forces personnel"),
    ("for rough sleepers", "for people sleeping on the streets"),
    ("for new parents", "for mothers and fathers of newborns"),
    ("for low-income families", "for households on low incomes"),
    ("for small businesses", "for small firms"),
    ("for people in recovery from addiction", "for people recovering from drug or alcohol use"),
    ("for victims of crime", "for people who have suffered a crime"),
    ("for young offenders", "for young people who have offended"),
    ("for pupils with SEND", "for children with special educational needs"),
    ("for unemployed adults", "for adults out of work"),
    ("for council tenants", "for people renting from the council"),
    ("for rural residents", "for people in the countryside"),
    ("for wheelchair users", "for people who use a wheelchair"),
    ("for refugees", "for people granted asylum"),
    ("for care home residents", "for people living in residential care"),
    ("for people with long-term conditions", "for people with chronic illnesses"),
    ("for students", "for people in higher education"),
    ("for school leavers", "for pupils finishing school"),
    ("for survivors of domestic abuse", "for people who have escaped an abusive partner"),
    ("for people on probation", "for people under probation supervision"),
    ("for lone parents", "for single parents"),
    ("for people with sight loss", "for blind and partially sighted people"),
    ("for Gypsy and Traveller families", "for Traveller communities"),
    ("for people with autism", "for autistic people"),
    ("for armed forces families", "for the families of serving personnel"),
    ("for young carers", "for children who look after a family member"),
    ("for people who are deaf", "for people with hearing loss"),
    ("for pregnant women", "for expectant mothers"),
    ("for people with severe mental illness", "for people with serious mental health problems"),
    ("for men over fifty", "for men in their fifties and older"),
    ("for ex-offenders", "for people with a criminal record"),
    ("for private renters", "for tenants of private landlords"),
    ("for shift workers", "for people who work nights"),
    ("for farmers", "for people working on farms"),
    ("for faith groups", "for religious communities"),
    ("for sex workers", "for people who sell sex"),
    ("for families with twins", "for parents of twins"),
    ("for people with diabetes", "for diabetic patients"),
    ("for stroke survivors", "for people who have had a stroke"),
    ("for cancer patients", "for people being treated for cancer"),
    ("for new migrants", "for people who have recently moved to the UK"),
    ("for LGBT residents", "for lesbian, gay, bisexual and trans residents"),
    ("for people with hoarding disorder", "for people who hoard"),
    ("for the long-term sick", "for people off work through illness"),
    ("for people leaving hospital", "for patients going home from hospital"),
    ("for people leaving prison", "for prisoners on release"),
    ("for teenage parents", "for parents under twenty"),
    ("for bereaved families", "for families who have lost someone"),
    ("for people at risk of falls", "for people likely to fall"),
    ("for workers on zero-hours contracts", "for people without guaranteed hours"),
    ("for people in temporary accommodation", "for families placed in temporary housing"),
    ("for residents of high-rise blocks", "for people living in tower blocks"),
    ("for people with no recourse to public funds",
     "for migrants barred from claiming benefits"),
]
# other words for some services, used by paraphrases
SERVICE_WORDS = {
    "falls prevention classes": "strength and balance sessions",
    "smoking cessation service": "stop smoking support",
    "debt advice": "money advice",
    "domestic abuse refuges": "safe houses for people fleeing abuse",
    "social prescribing": "link workers who connect people to community activity",
    "carers breaks": "respite for carers",
    "food banks": "emergency food provision",
    "dementia cafes": "memory cafes",
    "weight management service": "healthy weight programme",
    "reablement service": "short-term care to regain independence",
    "hospital discharge support": "help to leave hospital",
    "employment support": "help into work",
    "adult learning courses": "classes for adult learners",
    "fuel poverty advice": "help with heating bills",
    "antisocial behaviour patrols": "nuisance behaviour patrols",
    "victim support": "help for victims",
    "family hubs": "centres for families",
    "immunisation uptake": "vaccination take-up",
    "loneliness befriending": "befriending for lonely people",
    "homelessness prevention": "work to stop people losing their homes",
    "rough sleeping outreach": "street outreach",
    "supported housing": "housing with support",
    "foster carer recruitment": "recruitment of foster parents",
    "neighbourhood policing": "local police teams",
    "fire safety visits": "home fire safety checks",
    "tree planting": "planting of new trees",
    "careers advice": "careers guidance",
    "hospital at home service": "virtual wards",
    "primary care access": "access to GP appointments",
    "housing adaptations": "home adaptations",
    "community transport": "dial-a-ride services",
    "allotment provision": "allotment plots",
    "needle exchange": "syringe programmes",
    "safeguarding training": "training in protecting vulnerable people",
    "restorative justice": "victim-offender conferencing",
    "citizens panel": "residents' panel",
    "libraries offer": "library services",
    "sexual health clinics": "sexual health services",
    "credit union membership": "credit union take-up",
    "welfare rights advice": "benefits advice",
}


def _varied_text(a: int, service: str, g: int, setting: str, purpose: str) -> str:
    """A base varied action: the first wording of each slot."""
    return " ".join(p for p in (ACTIVITIES[a][0].format(s=service), GROUP_WORDS[g][0], setting,
                                purpose) if p)


def _varied_base(rng: random.Random, used: set) -> tuple[Any, ...]:
    """(activity, service, group, setting, purpose) of a new varied base action: an
    activity, service and group no earlier action has together (marked in ``used``)."""
    while True:
        work = (rng.randrange(len(ACTIVITIES)), rng.choice(NOUNS),
                rng.randrange(len(GROUP_WORDS)))
        if work not in used:
            used.add(work)
            break
    return (*work, rng.choice(SETTINGS) if rng.random() < 0.7 else "",
            rng.choice(PURPOSES) if rng.random() < 0.4 else "")


def _paraphrase(a: int, service: str, g: int, setting: str, purpose: str,
                rng: random.Random) -> str:
    """The same work as :func:`_varied_text` in other words: another wording of the activity
    and of the group, the service's other name where it has one, the setting sometimes put
    first, and sometimes 'We will' in front."""
    act = rng.choice(ACTIVITIES[a][1:]).format(s=SERVICE_WORDS.get(service, service))
    if rng.random() < 0.3:
        act = "we will " + act[0].lower() + act[1:]
    if setting and rng.random() < 0.5:
        text = " ".join(p for p in (act[0].lower() + act[1:], GROUP_WORDS[g][1], purpose) if p)
        text = f"{setting[0].upper()}{setting[1:]}, {text}"
    else:
        text = " ".join(p for p in (act, GROUP_WORDS[g][1], setting, purpose) if p)
    return text[0].upper() + text[1:]


@dataclass
class Landscape:
    """What was written, and the planted duplicate pairs (strategy, text) x 2."""

    out: Path  # planted.csv here, the files to import in out/data
    counts: dict[str, int] = field(default_factory=dict)
    planted: list[tuple[str, str, str, str]] = field(default_factory=list)
    negatives: list[tuple[str, str, str, str]] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # each planted pair: copy or paraphrase


def _near_keys(slots: tuple[str, ...]) -> set[tuple[str, ...]]:
    """The keys two base actions share when they differ in at most one of their five slots
    (verb, adjective, noun, group, setting) or only in their opening verb and adjective.

    Drawn at random from fixed word lists, such near-copies grow with the square of the
    number of actions: before this rule they were 148 of the 6,922 pairs the lexical method
    reported at 100k actions (2.1%) and 686 of 13,945 at 200k (4.9%). A base action that
    shares a key with an earlier one is redrawn, so that precision means the same at every
    scale. The planted copies and hard negatives are made on purpose, after.
    """
    keys = {(*slots[:k], "*", *slots[k + 1:]) for k in range(len(slots))}
    keys.add(("*", "*", *slots[2:]))
    return keys


def _places(rng: random.Random, n: int) -> list[str]:
    names = [a + b for a, b in itertools.product(_SYL_A, _SYL_B)]
    rng.shuffle(names)
    if n > len(names):
        raise ValueError(f"at most {len(names)} place names")
    return sorted(names[:n])


def generate(out: str | Path, scale: float = 1.0, seed: int = 2026,
             actions: str = "template") -> Landscape:
    """Write the landscape's CSV files into ``out``; return what was written.

    ``actions="template"`` (the default, issue 22's benchmark): the base actions, planted
    copies and hard negatives of the module's docstring. ``actions="varied"`` (issue 17's
    benchmark by meaning): each base action is other work than every other one (a distinct
    activity, service and group: :data:`ACTIVITIES`, :data:`NOUNS`, :data:`GROUP_WORDS`),
    and the planted duplicates are half copies with edits, half paraphrases
    (:func:`_paraphrase`); the planted hard negatives are the same service for the same
    group, another activity. ``slots.csv`` then says each action's activity, service, group
    and origin, so that what a method reports can be read by what the two texts share.
    """
    if actions not in ("template", "varied"):
        raise ValueError(f"actions: template or varied, not {actions!r}")
    varied = actions == "varied"
    rng = random.Random(seed)
    out = Path(out)
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    land = Landscape(out)
    n_counties = max(2, round(40 * scale))
    n_districts = max(4, round(300 * scale))
    n_lsoa = max(8, round(35_000 * scale))
    n_strategies_per = 5
    n_actions_per = 50

    # -- areas: regions > counties > districts > small areas ---------------------------
    county_names = [f"{p}shire" for p in _places(rng, n_counties)]
    district_names = _places(rng, n_districts)
    areas = [("E92000001", "England", "country", "", "")]
    regions = [(f"E1290000{i + 1}", name) for i, name in enumerate(_REGIONS)]
    areas += [(code, name, "region", "", "E92000001") for code, name in regions]
    counties = []
    for i, name in enumerate(county_names):
        code = f"E109{i + 1:05d}"
        counties.append((code, name))
        areas.append((code, name, "county", "", regions[i % len(regions)][0]))
    districts = []  # (code, name, county index)
    for i, name in enumerate(district_names):
        c = i % n_counties
        code = f"E079{i + 1:05d}"
        districts.append((code, name, c))
        areas.append((code, name, "district", "", counties[c][0]))
    for i in range(n_lsoa):
        d = districts[i % n_districts]
        areas.append((f"E019{i + 1:05d}", f"{d[1]} {i // n_districts + 1:03d}A", "lsoa",
                      str(rng.randint(1000, 3000)), d[0]))
    _write(data / "areas.csv", ["code", "name", "kind", "population", "within"], areas)

    # -- organisations -----------------------------------------------------------------
    orgs: list[tuple[str, str, str, str]] = []  # name, kind, area, covers
    by_county: dict[int, list[str]] = {c: [] for c in range(n_counties)}
    by_district: dict[str, list[str]] = {d[0]: [] for d in districts}

    def org(name: str, kind: str, area: str, covers: str, county: int, district: str = "") -> None:
        orgs.append((name, kind, area, covers))
        by_county[county].append(name)
        if district:
            by_district[district].append(name)

    for c, (code, name) in enumerate(counties):
        org(f"{name} County Council", "county_council", name, code, c)
        org(f"{name} Police and Crime Commissioner", "police", name, code, c)
        org(f"{name} Fire and Rescue Service", "fire", name, code, c)
        org(f"NHS {name} Integrated Care Board", "nhs_body", name, code, c)
        org(f"{name} Local Enterprise Partnership", "lep", name, code, c)
        org(f"{name} Community Foundation", "voluntary", name, code, c)
    vcs = ["Citizens Advice", "Mind", "Age Concern", "Carers Centre", "CVS", "Foodbank",
           "Youth Trust", "Credit Union", "Housing Association"]
    for code, name, c in districts:
        org(f"{name} District Council", "district_council", name, code, c, code)
        org(f"{name} College", "education", name, code, c, code)
        org(f"{name} Hospitals NHS Trust", "nhs_body", name, code, c, code)
    target_orgs = max(len(orgs), round(3000 * scale))
    for kind_name, (code, name, c) in itertools.product(vcs, districts):
        if len(orgs) >= target_orgs:
            break
        org(f"{name} {kind_name}", "voluntary", name, code, c, code)
    _write(data / "organisations.csv", ["name", "kind", "area", "covers"], orgs)

    # -- partnerships: per county HWB, LSP and ICS; the rest per district (CSPs, LSPs) ---
    partnerships: list[tuple[str, str, str, str, int]] = []  # name, kind, area, covers, county
    for c, (code, name) in enumerate(counties):
        partnerships += [(f"{name} Health and Wellbeing Board", "health_and_wellbeing_board",
                          name, code, c),
                         (f"{name} Strategic Partnership", "strategic_partnership", name, code, c),
                         (f"{name} Integrated Care Partnership", "integrated_care_system", name,
                          code, c)]
    target_p = max(len(partnerships) + 1, round(400 * scale))
    for i, (code, name, c) in enumerate(districts):
        if len(partnerships) >= target_p:
            break
        kind = "community_safety_partnership" if i % 2 else "local_strategic_partnership"
        label = "Community Safety Partnership" if i % 2 else "Local Strategic Partnership"
        partnerships.append((f"{name} {label}", kind, name, code, c))
    _write(data / "partnerships.csv", ["name", "kind", "area", "covers"],
           [p[:4] for p in partnerships])

    memberships = []
    district_of = {d[1]: d[0] for d in districts}
    for name, _kind, area, _, c in partnerships:
        pool = list(by_county[c][:6])
        if area in district_of:
            pool += by_district[district_of[area]][:6]
        else:
            pool += rng.sample(by_county[c], min(len(by_county[c]), 12))
        for m in dict.fromkeys(pool):
            memberships.append((m, name, rng.choice(["member", "chair", "vice-chair", ""])))
    _write(data / "memberships.csv", ["member", "partnership", "role"], memberships)

    people = []
    for i, (name, _, area, _, c) in enumerate(partnerships):
        person = f"{rng.choice(_SYL_A)}ley {rng.choice(_SYL_B).title()}son {i % 97}"
        boards = [name] + [p[0] for p in partnerships if p[4] == c and p[0] != name][:2]
        people.append((person, "Chair", by_county[c][0], "; ".join(boards), area))
    _write(data / "people.csv", ["name", "role", "organisation", "member_of", "area"], people)

    # -- strategies, themes, actions -------------------------------------------------
    kinds = {"health_and_wellbeing_board": ["health_and_wellbeing_strategy",
                                            "joint_strategic_needs_assessment",
                                            "drug_and_alcohol_strategy", "action_plan", "other"],
             "community_safety_partnership": ["crime_and_disorder_reduction_plan",
                                              "drug_and_alcohol_strategy", "action_plan",
                                              "other", "corporate_strategy"]}
    default_kinds = ["community_strategy", "action_plan", "housing_strategy",
                     "strategic_economic_plan", "other"]
    theme_names = ["Healthier lives", "Safer communities", "A thriving economy",
                   "Skills for the future", "Best start for children", "A greener county",
                   "Homes and infrastructure", "Stronger communities", "Tackling poverty",
                   "Ageing well", "Mental wellbeing", "Public service reform"]
    strategies = []  # name, kind, owner, period, status, area, covers
    themes = []
    actions: list[list[str]] = []
    used: set[tuple[Any, ...]] = set()  # each base action's slots (varied: its work)
    near_seen: set[tuple[str, ...]] = set()  # _near_keys of every base action so far
    text_of: list[str] = []
    strategy_index: list[int] = []
    owner_of: list[str] = []
    parts_of: list[tuple[str, ...]] = []
    for p_name, p_kind, area, covers, c in partnerships:
        for k in range(n_strategies_per):
            start = rng.choice([2019, 2020, 2021, 2022, 2023, 2024])
            kind = kinds.get(p_kind, default_kinds)[k]
            s_name = f"{p_name} {kind.replace('_', ' ').title()} {start}-{start + 4}"
            strategies.append((s_name, kind, p_name, f"{start}-{start + 4}",
                               rng.choice(["adopted", "adopted", "draft", "refreshed"]),
                               area, covers))
            s_themes = rng.sample(theme_names, 5)
            themes += [(s_name, t, "priority") for t in s_themes]
            members = [m for m, p, _ in memberships if p == p_name] or by_county[c]
            for _ in range(n_actions_per):
                if varied:
                    parts = _varied_base(rng, used)
                    text = _varied_text(*parts)
                else:
                    while True:
                        slots = (rng.choice(VERBS), rng.choice(ADJECTIVES), rng.choice(NOUNS),
                                 rng.choice(GROUPS), rng.choice(SETTINGS))
                        parts = (slots[0], f"{slots[1]} {slots[2]}", *slots[3:],
                                 rng.choice(PURPOSES) if rng.random() < 0.6 else "")
                        near = _near_keys(slots)
                        if parts not in used and near.isdisjoint(near_seen):
                            used.add(parts)
                            near_seen |= near
                            break
                    text = " ".join(p for p in parts if p)
                due = (f"{rng.randint(start, start + 4)}-{rng.randint(1, 12):02d}"
                       if rng.random() < 0.8 else "")
                lead = rng.choice(members) if rng.random() < 0.85 else ""
                actions.append([s_name, rng.choice(s_themes), text, lead, due,
                                rng.choice(["in_progress", "not_started", "complete", ""])])
                text_of.append(text)
                parts_of.append(parts)
                strategy_index.append(len(strategies) - 1)
                owner_of.append(p_name)

    # plant copies: ~5% of actions copied into 1-2 strategies of other partnerships
    n = len(actions)
    texts_in: dict[int, set[str]] = {}
    for i, a in enumerate(actions):
        texts_in.setdefault(strategy_index[i], set()).add(a[2].lower())
    picks = rng.sample(range(n), n // 20)
    origin: dict[tuple[str, str], str] = {}  # (strategy, text) of a planted action: how made
    for src in picks:
        copies = 1 if rng.random() < 0.8 else 2
        members = [(actions[src][0], actions[src][2])]
        for _ in range(copies):
            for _try in range(20):
                dst = rng.randrange(n)
                if owner_of[dst] != owner_of[src]:
                    break
            s = strategy_index[dst]
            how = "paraphrase" if varied and rng.random() < 0.5 else "copy"
            text = (_paraphrase(*parts_of[src], rng) if how == "paraphrase"
                    else _edit(actions[src][2], rng))
            if text.lower() in texts_in[s]:
                continue
            texts_in[s].add(text.lower())
            s_name = strategies[s][0]
            actions.append([s_name, actions[dst][1], text, actions[dst][3], actions[dst][4], ""])
            members.append((s_name, text))
            origin[(s_name, text)] = how
            if varied:
                parts_of.append(parts_of[src])
        for (sa, ta), (sb, tb) in itertools.combinations(members, 2):
            land.planted.append((sa, ta, sb, tb))
            land.kinds.append("paraphrase" if "paraphrase" in (origin.get((sa, ta)),
                                                               origin.get((sb, tb)))
                              else "copy")
    # hard negatives: the same object for the same group, but other work (verb, setting,
    # purpose differ), in another partnership's strategy
    for src in rng.sample(range(n), n // 40):
        v, obj, group, setting, purpose = parts_of[src]
        for _try in range(20):
            dst = rng.randrange(n)
            if owner_of[dst] != owner_of[src]:
                break
        sib = ((rng.choice([x for x in range(len(ACTIVITIES)) if x != v]) if varied
                else rng.choice([x for x in VERBS if x != v])), obj, group,
               rng.choice([x for x in SETTINGS if x != setting]),
               rng.choice([x for x in PURPOSES if x != purpose]) if purpose else "")
        if varied and sib[:3] in used:  # that activity for that service and group exists
            continue
        text = _varied_text(*sib) if varied else " ".join(p for p in sib if p)
        s = strategy_index[dst]
        if sib in used or text.lower() in texts_in[s]:
            continue
        used.add(sib[:3] if varied else sib)
        texts_in[s].add(text.lower())
        s_name = strategies[s][0]
        actions.append([s_name, actions[dst][1], text, actions[dst][3], actions[dst][4], ""])
        land.negatives.append((actions[src][0], actions[src][2], s_name, text))
        origin[(s_name, text)] = "negative"
        if varied:
            parts_of.append(sib)
    # drop base actions to keep the total at 50 per strategy on average
    extra = len(actions) - n
    planted_texts = {(s, t) for p in land.planted + land.negatives for s, t in (p[:2], p[2:])}
    droppable = [i for i in range(n) if (actions[i][0], actions[i][2]) not in planted_texts]
    drop = set(rng.sample(droppable, extra))
    if varied:  # each action's slots, by how it was made
        _write(out / "slots.csv", ["strategy", "text", "activity", "service", "group", "origin"],
               [(a[0], a[2], ACTIVITIES[parts_of[i][0]][0].format(s="*"), parts_of[i][1],
                 GROUP_WORDS[parts_of[i][2]][0], origin.get((a[0], a[2]), "base"))
                for i, a in enumerate(actions) if i not in drop])
    actions = [a for i, a in enumerate(actions) if i not in drop]
    _write(data / "strategies.csv",
           ["name", "kind", "owner", "period", "status", "area", "covers"], strategies)
    _write(data / "themes.csv", ["strategy", "name", "level"], themes)
    _write(data / "actions.csv", ["strategy", "theme", "name", "lead", "due", "status"], actions)
    _write(out / "planted.csv",
           ["a_strategy", "a_text", "b_strategy", "b_text", "duplicate", "kind"],
           [(*p, 1, k) for p, k in zip(land.planted, land.kinds, strict=True)]
           + [(*p, 0, "negative") for p in land.negatives])
    land.counts = {"areas": len(areas), "organisations": len(orgs),
                   "partnerships": len(partnerships), "memberships": len(memberships),
                   "people": len(people), "strategies": len(strategies),
                   "themes": len(themes), "actions": len(actions),
                   "planted_pairs": len(land.planted), "hard_negatives": len(land.negatives)}
    return land


def _write(path: Path, header: list[str], rows: list) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(prog="python -m bench.generate")
    ap.add_argument("out", type=Path, help="folder: OUT/data/*.csv, OUT/planted.csv")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--actions", choices=("template", "varied"), default="template")
    a = ap.parse_args()
    print(generate(a.out, a.scale, a.seed, a.actions).counts)
