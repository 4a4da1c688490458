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


@dataclass
class Landscape:
    """What was written, and the planted duplicate pairs (strategy, text) x 2."""

    out: Path  # planted.csv here, the files to import in out/data
    counts: dict[str, int] = field(default_factory=dict)
    planted: list[tuple[str, str, str, str]] = field(default_factory=list)
    negatives: list[tuple[str, str, str, str]] = field(default_factory=list)


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


def generate(out: str | Path, scale: float = 1.0, seed: int = 2026) -> Landscape:
    """Write the landscape's CSV files into ``out``; return what was written."""
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
    used: set[tuple[str, str, str, str]] = set()
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
    for src in picks:
        copies = 1 if rng.random() < 0.8 else 2
        members = [(actions[src][0], actions[src][2])]
        for _ in range(copies):
            for _try in range(20):
                dst = rng.randrange(n)
                if owner_of[dst] != owner_of[src]:
                    break
            s = strategy_index[dst]
            text = _edit(actions[src][2], rng)
            if text.lower() in texts_in[s]:
                continue
            texts_in[s].add(text.lower())
            s_name = strategies[s][0]
            actions.append([s_name, actions[dst][1], text, actions[dst][3], actions[dst][4], ""])
            members.append((s_name, text))
        for (sa, ta), (sb, tb) in itertools.combinations(members, 2):
            land.planted.append((sa, ta, sb, tb))
    # hard negatives: the same object for the same group, but other work (verb, setting,
    # purpose differ), in another partnership's strategy
    for src in rng.sample(range(n), n // 40):
        v, obj, group, setting, purpose = parts_of[src]
        for _try in range(20):
            dst = rng.randrange(n)
            if owner_of[dst] != owner_of[src]:
                break
        sib = (rng.choice([x for x in VERBS if x != v]), obj, group,
               rng.choice([x for x in SETTINGS if x != setting]),
               rng.choice([x for x in PURPOSES if x != purpose]) if purpose else "")
        text = " ".join(p for p in sib if p)
        s = strategy_index[dst]
        if sib in used or text.lower() in texts_in[s]:
            continue
        used.add(sib)
        texts_in[s].add(text.lower())
        s_name = strategies[s][0]
        actions.append([s_name, actions[dst][1], text, actions[dst][3], actions[dst][4], ""])
        land.negatives.append((actions[src][0], actions[src][2], s_name, text))
    # drop base actions to keep the total at 50 per strategy on average
    extra = len(actions) - n
    planted_texts = {(s, t) for p in land.planted + land.negatives for s, t in (p[:2], p[2:])}
    droppable = [i for i in range(n) if (actions[i][0], actions[i][2]) not in planted_texts]
    drop = set(rng.sample(droppable, extra))
    actions = [a for i, a in enumerate(actions) if i not in drop]
    _write(data / "strategies.csv",
           ["name", "kind", "owner", "period", "status", "area", "covers"], strategies)
    _write(data / "themes.csv", ["strategy", "name", "level"], themes)
    _write(data / "actions.csv", ["strategy", "theme", "name", "lead", "due", "status"], actions)
    _write(out / "planted.csv", ["a_strategy", "a_text", "b_strategy", "b_text", "duplicate"],
           [(*p, 1) for p in land.planted] + [(*p, 0) for p in land.negatives])
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
