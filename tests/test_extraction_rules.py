"""Each kind of miss that issue 16 found on other councils' papers, as a small text of our
own: the structures real papers use (lists and their lead-ins, lettered resolutions with
their heading lost, attendance lines, slide transcripts, capitals), names built from generic
words, and abbreviations used alone. Every rule's doctests run here too."""

from __future__ import annotations

import doctest
import importlib

import pytest

from lspgraph.documents import read_text
from lspgraph.documents.extract import extract


def _found(text: str) -> dict:
    return extract(read_text(text, "<test>"))


def _texts(found: dict, key: str) -> list[str]:
    return [x.get("text") or x.get("name") for x in found[key]]


@pytest.mark.parametrize("module", ["lists", "actions", "decisions", "slides", "themes",
                                    "names", "extract", "dates", "gazetteer", "tables"])
def test_rule_doctests(module):
    mod = importlib.import_module(f"lspgraph.documents.{module}")
    result = doctest.testmod(mod)
    assert result.failed == 0


# --- outcomes and priorities in lists -------------------------------------------------

def test_outcomes_after_a_counting_lead_in_are_themes_and_one_resolution():
    found = _found("Decision:\n\nThat the Executive:\n\n"
                   "(1) approves the Riverside Safer Streets Strategy 2025-2028;\n\n"
                   "(2) agrees that the following three key outcomes be approved:\n\n"
                   "- Residents feel safe in their streets\n\n"
                   "- Fewer children are drawn into crime\n\n"
                   "- Repeat victims get help sooner\n\n"
                   "(3) notes the report.\n")
    themes = _texts(found, "themes")
    assert {"Residents feel safe in their streets", "Fewer children are drawn into crime",
            "Repeat victims get help sooner"} <= set(themes)
    resolutions = _texts(found, "resolutions")
    assert resolutions[1] == ("agrees that the following three key outcomes be approved: "
                              "Residents feel safe in their streets; Fewer children are "
                              "drawn into crime; Repeat victims get help sooner")
    assert len(resolutions) == 3


def test_priorities_numbered_without_a_point_in_a_wrapped_pdf_text():
    wrapped = ("The council plan sets out what the council will do over the next five years\n"
               "with its partners in the city, and how residents will know whether it has\n"
               "done what it said. It was agreed by the full council in March this year.\n\n")
    found = _found(wrapped + "Our three priorities\n\n1 Warm homes in every neighbourhood\n"
                   "2 Good jobs close to home\n3 Safe and friendly streets\n\n" + wrapped)
    assert {"Warm homes in every neighbourhood", "Good jobs close to home",
            "Safe and friendly streets"} <= set(_texts(found, "themes"))


def test_labelled_sentences_one_a_line_under_a_heading_are_titled_themes():
    found = _found("Our ambitions\n\nStart well: Every child has the best start in life.\n"
                   "Live well: People live healthy lives in thriving places.\n"
                   "Age well: Older people stay independent for longer.\n\nOur vision\n\n"
                   "Fenby: a good place to grow up.\n")
    themes = {t["text"]: t.get("aliases", []) for t in found["themes"]}
    assert {"Start well", "Live well", "Age well"} <= set(themes)
    assert themes["Live well"] == ["People live healthy lives in thriving places"]


def test_labelled_list_items_give_their_title_once():
    found = _found("Our priorities\n\nAmbition 1 – Safer neighbourhoods\n"
                   "Ambition 2 – Stronger families\n")
    assert _texts(found, "themes") == ["Safer neighbourhoods", "Stronger families"]
    found = _found("Ambition 2 – \"Saftey\" should read \"Safety\"\n\nThe ambitions are:\n\n"
                   "Ambition 1 – A greener district that cuts its carbon\n\n"
                   "Ambition 2 – Homes that local people can afford\n\nAll were agreed.\n")
    themes = _texts(found, "themes")
    assert {"A greener district that cuts its carbon",
            "Homes that local people can afford"} <= set(themes)
    assert not {"Ambition 1", "Ambition 2"} & set(themes)
    assert not any("Saftey" in t for t in themes)


def test_a_list_of_title_and_gloss_lines_keeps_its_last_item_and_ends_with_them():
    found = _found("Our themes\n\nHealthy lives - people live longer in good health\n"
                   "Good jobs - more people in secure work\n"
                   "Safe places - fewer people are victims of crime\n"
                   "The board meets four times a year to check progress on each theme and to "
                   "agree the next steps with its partners.\n")
    assert _texts(found, "themes") == ["Healthy lives", "Good jobs", "Safe places"]


def test_a_labelled_priority_heading_above_its_commitments_is_not_run_into_them():
    found = _found("Priority 1: Reducing the harm caused by drugs and alcohol\n"
                   "We want to halve drug deaths by 2030.\n"
                   "We are also working to reduce drink driving.\n")
    assert _texts(found, "themes") == ["Reducing the harm caused by drugs and alcohol"]
    assert _texts(found, "actions") == ["halve drug deaths by 2030", "reduce drink driving"]


def test_priorities_named_in_running_text():
    found = _found("The Board's priorities for 2025 are healthy weight, mental wellbeing and good "
                   "housing. The plan focuses on three themes, namely tackling poverty, "
                   "improving skills and supporting carers. Cabinet noted that it was built "
                   "around the priorities of reducing crime, protecting vulnerable people and "
                   "improving confidence. The priorities of the board were agreed in May.")
    assert sorted(_texts(found, "themes")) == sorted([
        "healthy weight", "mental wellbeing", "good housing", "tackling poverty",
        "improving skills", "supporting carers", "reducing crime",
        "protecting vulnerable people", "improving confidence"])


def test_numbered_priorities_each_with_a_lower_case_line_of_gloss_below():
    found = _found("The plan is built around three priorities.\n\n1. Warm homes\n\nby insulating "
                   "every council flat by 2030.\n\n2. Good jobs\n\nwith help for small firms.\n"
                   "\n3. Safer streets\n\nincluding more wardens at night.\n")
    assert _texts(found, "themes") == ["Warm homes", "Good jobs", "Safer streets"]


def test_bulleted_labelled_priorities_give_their_titles_not_their_labels():
    found = _found("Delegated decisions:\n\n2. To agree the four priorities:\n\n"
                   "·  Priority 1 – Tackling domestic abuse\n\n"
                   "·  Priority 2 – Reducing anti-social behaviour\n")
    themes = _texts(found, "themes")
    assert {"Tackling domestic abuse", "Reducing anti-social behaviour"} <= set(themes)
    assert "Priority 1" not in themes


def test_numbering_that_starts_again_starts_a_new_list():
    found = _found("43. DECLARATIONS\n\nThere were none.\n\n44. SAFER STREETS STRATEGY\n\n"
                   "The strategy sets out three priorities:\n\n1. Prevention - stopping harm "
                   "before it starts in schools\n\n2. Provision - support that survivors can "
                   "reach quickly\n\n3. Partnership - one shared response from every agency\n")
    assert _texts(found, "themes") == ["Prevention", "Provision", "Partnership"]


def test_priorities_each_a_title_above_its_own_paragraph_after_a_lead_in():
    found = _found("The current priorities, as set out in our plan:\n\nMake people feel safer\n\n"
                   "Residents tell us that feeling safe matters more to them than the figures.\n\n"
                   "Protect people who are vulnerable\n\nThis means older residents targeted "
                   "by scams and people at risk of exploitation.\n")
    assert _texts(found, "themes") == ["Make people feel safer",
                                       "Protect people who are vulnerable"]


def test_priorities_one_a_line_after_our_priorities_are():
    found = _found("About the board\n"
                   "The board leads on health across the valley.\n"
                   "Our priorities are:\n"
                   "healthy weight;\n"
                   "warm homes;\n"
                   "good jobs; and\n"
                   "clean air.\n"
                   "Who sits on the board\n"
                   "The board has twelve members from the council, the NHS and charities.\n")
    assert _texts(found, "themes") == ["healthy weight", "warm homes", "good jobs",
                                       "clean air"]


def test_priority_n_title_is_the_theme_and_the_label_is_not():
    found = _found("Priority 1: Cleaner rivers\n"
                   "We will test the water at twenty sites every month.\n"
                   "Priority 2: Safer roads\n"
                   "We will cut speeds near every primary school.\n")
    themes = _texts(found, "themes")
    assert themes == ["Cleaner rivers", "Safer roads"]
    assert "Priority 1" not in themes


def test_titled_items_with_a_dash_gloss_under_a_counting_heading():
    # a web page: a heading that counts, then one item a line, each a short title, a dash
    # and a sentence or two explaining it
    found = _found("Our three priorities\n"
                   "Warm homes – helping families to insulate older houses. Grants open in "
                   "May.\n"
                   "Good work for young people – apprenticeships with local firms and the "
                   "college, so that school leavers can stay in the county.\n"
                   "Safer streets – lighting, patrols and quicker repairs.\n"
                   "The partnership reviews these each spring.\n")
    assert _texts(found, "themes") == ["Warm homes", "Good work for young people",
                                       "Safer streets"]


def test_a_lead_in_without_a_level_takes_the_heading_above():
    found = _found("Our aim\n\nTo close the gap in healthy life expectancy by 2035.\n\n"
                   "Our priority groups\n\n"
                   "These are the residents partners have agreed to reach first:\n\n"
                   "Young carers\nPeople sleeping rough\nFamilies in temporary housing\n\n"
                   "How we will work\n\nWe will ask residents what works, every spring.\n")
    themes = {t["text"]: t["level"] for t in found["themes"]}
    assert themes == {"To close the gap in healthy life expectancy by 2035": "ambition",
                      "Young carers": "priority", "People sleeping rough": "priority",
                      "Families in temporary housing": "priority"}


def test_the_last_item_of_a_run_is_not_a_heading():
    # one item a line, a blank line after the run: its last line stays an item, and the
    # heading below starts the next list
    found = _found("The issues people raised most were:\n"
                   "Litter\nParking on pavements\nFly-tipping\n\n"
                   "What are our priorities for this year?\n\n"
                   "Cutting repeat burglary\nSafer routes to school\n")
    assert _texts(found, "themes") == ["Litter", "Parking on pavements", "Fly-tipping",
                                       "Cutting repeat burglary", "Safer routes to school"]


def test_slide_points_under_a_one_word_theme_heading():
    found = _found("Presentation transcript:\n\n"
                   "1 Marsh Vale Partnership review Ann Example\n\n"
                   "2 OUR THEMES  Prosperity  Wellbeing  Safety\n\n"
                   "3 PROSPERITY  Grow the harbour economy  Raise adult skills\n\n"
                   "4 WHAT THE REVIEW WILL DELIVER  a smaller board  a yearly summit\n\n"
                   "5 Drop the old executive group  Merge the two forums RECOMMENDATIONS\n")
    assert found["document"]["kind"] == "slides"
    themes = _texts(found, "themes")
    assert {"Prosperity", "Wellbeing", "Safety", "Grow the harbour economy",
            "Raise adult skills"} <= set(themes)
    assert _texts(found, "actions") == ["a smaller board", "a yearly summit"]
    assert _texts(found, "resolutions") == ["Drop the old executive group",
                                            "Merge the two forums"]


def test_a_transcript_with_numbered_bullet_slides():
    # a slide-sharing page: site furniture, then each slide a numbered bullet, its points
    # the bullets below; a slide naming a level with no points introduces the next slides
    found = _found("Uploaded on\nTotal Views\n"
                   "  • 1. Fenshire Partnership: the road ahead Mira Cole, Fenshire Council\n"
                   "  • 2. Our priorities for next year\n"
                   "  • 3. Housing\n    • Build 300 homes for rent\n    • End rough sleeping\n"
                   "  • 4. Transport\n    • Reopen the Fen Valley line\n"
                   "  • 5. What we propose\n    • a smaller board\n    • an annual summit\n"
                   "    • a single officer group\n"
                   "  • 6. Questions?\n")
    assert found["document"]["kind"] == "slides"
    themes = {t["text"]: t.get("parent") for t in found["themes"]}
    assert themes == {"Housing": None, "Build 300 homes for rent": "Housing",
                      "End rough sleeping": "Housing", "Transport": None,
                      "Reopen the Fen Valley line": "Transport"}
    assert _texts(found, "actions") == ["a smaller board", "an annual summit",
                                        "a single officer group"]


def test_a_family_of_partnerships_each_with_its_priority():
    found = _found("Each thematic partnership leads on one of the strategy's priorities:\n"
                   "Fenshire Housing Partnership – Decent homes for all\n"
                   "Fenshire Community Safety Partnership – Safer streets\n"
                   "Fenshire Skills Board – Good jobs close to home\n")
    assert _texts(found, "themes") == ["Decent homes for all", "Safer streets",
                                       "Good jobs close to home"]
    assert len(found["partnerships"]) == 3


def test_labelled_items_with_a_colon_gloss_after_a_counting_lead_in():
    found = _found("The plan has three priorities:\n\n"
                   "Start strong: more health visits before age two\n"
                   "Learn well: close the reading gap at age seven\n"
                   "Stay safe: fewer children in care through early help\n\n"
                   "Each priority has a lead officer and is reviewed yearly by the board.\n")
    assert _texts(found, "themes") == [
        "Start strong: more health visits before age two",
        "Learn well: close the reading gap at age seven",
        "Stay safe: fewer children in care through early help"]


def test_a_plans_sections_counted_then_labelled():
    found = _found("Our vision\nWe want every town to thrive.\n"
                   "The plan is built around three themes, each with its ambition.\n\n"
                   "Homes & Places:\nWarm, safe homes in every town\n"
                   "·         To build 400 homes for rent.\n·         To end rough sleeping.\n\n"
                   "Work:\nGood jobs close to home\n\n"
                   "Health:\nLonger, healthier lives for all\n")
    themes = {t["text"]: (t["level"], t.get("parent")) for t in found["themes"]}
    assert themes["Homes & Places"] == ("theme", None)
    assert themes["Warm, safe homes in every town"] == ("ambition", "Homes & Places")
    assert themes["To build 400 homes for rent"] == ("objective", "Homes & Places")
    assert {"Work", "Health", "Good jobs close to home"} <= set(themes)


def test_a_lead_in_paragraph_under_a_heading_still_leads_its_list():
    found = _found("VISION FOR FENCHESTER 2030\n\n"
                   "By 2030 Fenchester will be a city people choose. The vision has three "
                   "aims:\n\nFenchester will be fair\nIts economy will be green\n"
                   "Every neighbourhood will be safe\n\nTHE BOARDS\n\nFive boards lead.\n")
    assert _texts(found, "themes")[-3:] == ["Fenchester will be fair",
                                            "Its economy will be green",
                                            "Every neighbourhood will be safe"]


def test_a_counted_list_is_not_cut_before_its_count():
    found = _found("The strategy has four goals for the county:\n\n"
                   "longer lives\nfairer outcomes\nbetter services\n"
                   "giving every child the best start in life\n\n"
                   "In Fenchester we have agreed how we will work towards these goals, "
                   "using our own plans and the NHS forward plan.\n")
    assert _texts(found, "themes") == ["longer lives", "fairer outcomes", "better services",
                                       "giving every child the best start in life"]


def test_a_vision_stated_inside_a_sentence():
    found = _found("The refreshed draft kept a single ambition, that everyone in Fenshire "
                   "can live a longer, happier life, and grouped the work in three areas."
                   "\n\nThe strategy sets out the long-term vision: a county where people feel "
                   "safe at home.")
    assert {"everyone in Fenshire can live a longer, happier life",
            "a county where people feel safe at home"} <= set(_texts(found, "themes"))


def test_themes_named_in_a_sentence():
    found = _found("The strategy has three pillars, which are to cut smoking, to get people "
                   "active, and to make Fenchester a fair city. The LHCP leads the 'Healthy "
                   "ageing' and 'Best start' priorities.")
    assert {"cut smoking", "get people active", "make Fenchester a fair city",
            "Healthy ageing", "Best start"} <= set(_texts(found, "themes"))


def test_counted_items_with_a_dash_gloss_that_holds_a_colon():
    found = _found("The strategy keeps three areas of focus:\n"
                   "Start well – a good start from pregnancy to age five.\n"
                   "Stay well – catching early the conditions behind early deaths: heart "
                   "disease, lung disease and cancer.\n"
                   "Age well – staying independent at home for longer.\n"
                   "Partners will report on these each quarter, in public, at the board.\n")
    assert _texts(found, "themes") == ["Start well", "Stay well", "Age well"]


def test_a_members_list_is_not_a_list_of_themes():
    found = _found("The board leads the children's theme and has the following members:\n\n"
                   "Iona Reid  Director of Children's Services  Marsh Council\n"
                   "Petr Novak  Head Teacher  Fenside Primary School\n")
    assert _texts(found, "themes") == []


def test_slide_asides_and_question_titles_are_not_themes():
    found = _found("Fen Partnership - PowerPoint PPT Presentation\n\n"
                   "About This Presentation\nDescription:\n\nWhy change? ... a new board\n\n"
                   "less\n\nTranscript and Presenter's Notes\n\n"
                   "1 Fen Partnership: next steps Mira Cole Partnership Manager\n\n"
                   "2 Why change?  Too many meetings  Too few decisions\n\n"
                   "3 OUR THEMES  Health  Safety\n\n"
                   "4 Health  Cut smoking  Fewer falls  Led by the Fen Health Board\n\n"
                   "5 Timetable  Board agrees: June 2026  Launch: October 2026\n")
    themes = _texts(found, "themes")
    assert "Cut smoking" in themes and "Fewer falls" in themes
    assert not {"less", "Too many meetings", "October 2026"} & set(themes)
    assert not any(t.startswith("Led by") for t in themes)


def test_key_issues_one_per_line_under_a_heading():
    found = _found("Our vision\n"
                   "A greener, kinder town where everyone can thrive.\n"
                   "The key issues for the town\n"
                   "Too few homes that people can afford\n"
                   "Long waits for mental health support\n"
                   "Low pay in the care sector\n"
                   "How we will work\n"
                   "Partners will meet every quarter and report to the board each spring.\n")
    themes = _texts(found, "themes")
    assert themes[0] == "A greener, kinder town where everyone can thrive"
    assert {"Too few homes that people can afford", "Long waits for mental health support",
            "Low pay in the care sector"} <= set(themes)
    assert "How we will work" not in themes


def test_a_heading_that_names_its_own_kind_is_a_theme():
    found = _found("Slide 3\nPROSPERITY THEME\n• More people in good work\n• A busy town "
                   "centre\n\nSlide 4\nOur second theme\n• Cleaner air\n")
    themes = _texts(found, "themes")
    assert "Prosperity" in themes and "More people in good work" in themes
    assert not [t for t in themes if t.lower().startswith("our second")]


def test_numbered_titles_with_their_own_sentences_after_a_counting_sentence():
    found = _found("Our borough priorities\n\nPartners have agreed three priorities.\n\n"
                   "1. Warm homes. Nobody should live in a cold or damp home.\n"
                   "2. Good work. We will help residents into better paid jobs.\n"
                   "3. Safe streets. People should feel safe after dark.\n")
    themes = {t["text"]: t for t in found["themes"]}
    assert ["Warm homes", "Good work", "Safe streets"] == [
        t for t in themes if t in ("Warm homes", "Good work", "Safe streets")]
    assert themes["Warm homes"]["aliases"] == ["Nobody should live in a cold or damp home"]


def test_a_counted_level_noun_with_that_many_items_in_the_sentence():
    found = _found("The plan keeps our four key aims of early help, prevention, learning, "
                   "and quality assurance. It names two aims of the board for the future.")
    assert _texts(found, "themes") == ["early help", "prevention", "learning",
                                       "quality assurance"]


def test_contents_lines_and_we_will_lines_under_labelled_priorities():
    found = _found("Contents\nForeword 2\nPriority 1: Best start in life 4\n"
                   "Priority 2: Living well 6\n\n"
                   "Priority 1: Best start in life\nWe will\n"
                   "Support parents in the first 1001 days\n"
                   "Priority 2: Living well\nWe will:\nHelp people stop smoking\n")
    assert _texts(found, "themes") == ["Best start in life", "Living well"]
    assert _texts(found, "actions") == ["Support parents in the first 1001 days",
                                        "Help people stop smoking"]


def test_a_series_after_a_plural_level_noun_and_a_stated_goal():
    found = _found("We work through the CSP on the priorities in its plan: domestic abuse, "
                   "violence against women and girls, and knife crime. Our goal is for the "
                   "county to be carbon neutral by 2034. Priority sponsor: Ann Lee, Chief "
                   "Executive, Marsh Borough Council.")
    themes = _texts(found, "themes")
    assert {"domestic abuse", "violence against women and girls", "knife crime",
            "the county to be carbon neutral by 2034"} <= set(themes)
    assert "Ann Lee" not in themes and "Chief Executive" not in themes


def test_the_lead_in_of_a_list_of_actions_is_not_a_theme():
    found = _found("Objective 1: Making safeguarding personal\n\nWe’ll put the person at the "
                   "centre of every enquiry.\n\nWe’ll do this through:\n\n"
                   "1. audits of case files every quarter\n2. feedback from adults\n\n"
                   "This will be done in 3 ways:\n\n1. run campaigns\n2. share good practice"
                   "\n3. publish a training offer\n")
    themes = _texts(found, "themes")
    assert themes == ["Making safeguarding personal"]


def test_a_short_heading_over_commitments_is_a_priority_a_section_heading_is_not():
    found = _found("Summary of the strategy\n\nWhat are the priorities and what will we do?\n"
                   "Warm and safe homes\n\nWe will bring 300 empty homes back into use.\n\n"
                   "We will fit smoke alarms in every council flat.\n\nGood work\n\n"
                   "We will help 200 people into jobs each year.\n\nHow we will work\n\n"
                   "We will meet every quarter.\n")
    themes = _texts(found, "themes")
    assert {"Warm and safe homes", "Good work"} <= set(themes)
    assert not {"How we will work", "What are the priorities and what will we do?"} & \
        set(themes)


def test_priorities_numbered_in_roman_numerals_with_a_point_are_one_list():
    found = _found("The plan sets out four priorities for the town:\n\ni.  Help people "
                   "into good work\nii.  Give children a healthy start\niii.  Make the "
                   "streets safer\niv.  Build homes people can afford\n\nHow we work\n")
    assert {"Help people into good work", "Give children a healthy start",
            "Make the streets safer", "Build homes people can afford"} <= set(
        _texts(found, "themes"))


def test_outcomes_completing_a_lead_in_that_ends_in_a_colon_and_dash():
    found = _found("Written with residents and local firms, the refreshed plan keeps its "
                   "outcomes, that by 2030 Fenby will be a place:-\n\n"
                   "  • where neighbours look out for each other\n"
                   "  • where children grow up healthy\n"
                   "  • with a busy high street\n"
                   "  • with clean rivers and parks\n")
    assert {"where neighbours look out for each other", "with a busy high street"} <= set(
        _texts(found, "themes"))


def test_bullets_completing_a_sentence_under_a_priorities_heading():
    found = _found("Our priorities\n\nAfter listening to families, the trust works on "
                   "making sure that:\n\n  • fewer families fall into debt (money worries)\n"
                   "  • teenagers can find someone to talk to (emotional health)\n"
                   "  • babies get a good start (early years)\n\nWhat the trust does\n")
    themes = {t["text"]: t["level"] for t in found["themes"]}
    assert themes.get("fewer families fall into debt") == "priority"
    assert themes.get("babies get a good start") == "priority"


def test_points_made_in_sentences_under_a_heading_are_not_priorities():
    found = _found("Strategy priorities\n\nThe director introduced the report. The key points "
                   "were:\n\n·  The old strategy had run its course and partners had asked "
                   "for a shorter one.\n\n·  Two workshops had been held in the spring with "
                   "residents.\n")
    assert not any(t["text"].startswith("The old strategy") for t in found["themes"])


# --- resolutions with the RESOLVED heading lost ---------------------------------------

def test_lettered_resolutions_after_that_without_a_resolved_heading():
    found = _found("It was resolved unanimously to:\n\n"
                   "a) approve the Harbourside Plan;\n\n"
                   "b) delegate authority to the Director of Place, in consultation with the "
                   "Chair, to make minor changes;\n\n"
                   "c) ask the board to report back in a year.\n")
    assert _texts(found, "resolutions") == [
        "approve the Harbourside Plan",
        "delegate authority to the Director of Place, in consultation with the Chair, to "
        "make minor changes",
        "ask the board to report back in a year"]


def test_a_bare_that_above_lettered_items_and_a_numbered_proposal():
    found = _found("Members welcomed the report.\n\nThat:\n\n"
                   "a)     the refreshed Fenshire Carers Plan be endorsed;\n\n"
                   "b)     a workshop on carers be held before March.\n\n"
                   "6 PROPOSAL\n\n6.1 That a Fenshire Leaders Group be formed, meeting "
                   "twice a year.\n")
    assert _texts(found, "resolutions") == [
        "the refreshed Fenshire Carers Plan be endorsed",
        "a workshop on carers be held before March",
        "That a Fenshire Leaders Group be formed, meeting twice a year"]


def test_numbered_resolutions_under_a_that_the_board_lead_in():
    found = _found("7.2 RESOLVED\n"
                   "That the Health and Wellbeing Board:\n"
                   "(1) Note the annual report.\n"
                   "(2) Delegate authority to the Director of Public Health to agree the "
                   "action plan.\n")
    assert _texts(found, "resolutions") == [
        "Note the annual report",
        "Delegate authority to the Director of Public Health to agree the action plan"]


def test_decision_worded_items_with_no_lead_in_left_are_resolutions():
    # the page kept only 'Minutes:' above the numbered decisions; the second carries its
    # own list, one item a line and unmarked, after ':-'
    found = _found("Minutes:\n\nThe board discussed the refresh of its strategy.\n\n"
                   "(i) the timetable for the refresh be noted;\n\n"
                   "(ii) the following three outcomes be agreed as its basis:-\n\n"
                   "Every child ready for school\n\n"
                   "Adults in good work\n\n"
                   "Older people living well at home\n\n"
                   "(iii) a draft come back to the board in June.\n")
    assert _texts(found, "resolutions") == [
        "the timetable for the refresh be noted",
        "the following three outcomes be agreed as its basis: Every child ready for school; "
        "Adults in good work; Older people living well at home",
        "a draft come back to the board in June"]


def test_numbered_items_that_are_not_decisions_are_not_resolutions():
    found = _found("Our commitments\n\n1. People will be supported to stay at home.\n\n"
                   "2. Carers will be offered a break each year.\n")
    assert _texts(found, "resolutions") == []


def test_minutes_approved_in_a_sentence_are_a_resolution():
    found = _found("4. Minutes of the last meeting\n\n"
                   "The minutes of the meeting held on 2 May 2024 were approved as a correct "
                   "record, subject to one spelling change.\n")
    assert _texts(found, "resolutions") == [
        "The minutes of the meeting held on 2 May 2024 were approved as a correct record, "
        "subject to one spelling change"]


def test_a_recommendation_resolved_in_the_same_words_is_one_resolution():
    found = _found("RECOMMENDATIONS\n\n1. That the Fenshire Carers Plan be endorsed.\n\n"
                   "Minutes:\n\nRESOLVED:\n\n1. That the Fenshire Carers Plan be endorsed.\n")
    assert _texts(found, "resolutions") == ["That the Fenshire Carers Plan be endorsed"]


def test_a_decision_page_with_each_letter_wrapped_onto_its_own_line():
    found = _found("Decision\n(a) That\nthe draft Harbourside Recovery Plan in Appendix 1 be "
                   "approved;\n(b) That\nauthority be delegated to the Director of\nPlace to "
                   "agree the final text;\n(c) That\nthe equality assessment be noted.\n")
    assert _texts(found, "resolutions") == [
        "That the draft Harbourside Recovery Plan in Appendix 1 be approved",
        "That authority be delegated to the Director of Place to agree the final text",
        "That the equality assessment be noted"]


def test_decisions_written_inline_in_one_paragraph():
    found = _found("Resolved: That the Executive note: 1. The joint bid sent in March. "
                   "2. The talks with the two neighbouring boroughs. Reason: to secure "
                   "funding.\n\nDecision Outcome\n\nCabinet on 4 June 2024:- (i) Noted "
                   "the grant of £1m for the plan; (ii) Delegated authority to the Director "
                   "of Finance to start tendering.\n")
    assert _texts(found, "resolutions") == [
        "The joint bid sent in March", "The talks with the two neighbouring boroughs",
        "Noted the grant of £1m for the plan",
        "Delegated authority to the Director of Finance to start tendering"]


def test_a_short_resolved_line_that_ends_in_a_colon_leads_its_items():
    found = _found("RESOLVED (unanimously) that the Board agreed to:\n\n"
                   "1) Note the progress of the review;\n\n"
                   "2) Ask the chair to write to the two trusts.\n")
    assert _texts(found, "resolutions") == ["Note the progress of the review",
                                           "Ask the chair to write to the two trusts"]


def test_a_minute_s_numbered_paragraph_is_not_a_decision_list():
    found = _found("1.1 The Chair welcomed everyone. Apologies were noted as listed above.\n")
    assert _texts(found, "resolutions") == []


def test_that_decisions_one_a_line_without_marks_after_resolved():
    found = _found("RESOLVED:\nThat the report be noted.\nThat the strategy be approved for "
                   "consultation.\nThat officers report back in March.\n\n"
                   "6. Better Care Fund\n\nRESOLVED -\n\nThat the plan be signed off by the "
                   "Chair. Members thanked the team for the work.\n")
    assert _texts(found, "resolutions") == [
        "That the report be noted", "That the strategy be approved for consultation",
        "That officers report back in March", "That the plan be signed off by the Chair"]


def test_decisions_in_prose_by_a_named_board_or_in_capitals():
    found = _found("The Health and Wellbeing Board agreed to set up a task group on obesity. "
                   "It was AGREED that the terms of reference be adopted. The Board noted "
                   "the report and agreed to receive an update in March. The Board agreed: "
                   "(i) to adopt the plan; (ii) to meet quarterly.")
    assert _texts(found, "resolutions") == [
        "to set up a task group on obesity", "the terms of reference be adopted",
        "to receive an update in March", "to adopt the plan", "to meet quarterly"]


def test_recommended_items_count_once_when_resolved_in_the_same_words():
    found = _found("RECOMMENDED to\n\na) approve the draft plan for consultation;\n\n"
                   "b) delegate sign-off to the chair.\n\nRESOLVED: to\n\n"
                   "a) approve the draft plan for consultation;\n\n"
                   "b) delegate sign-off to the chair.\n\nItem 6\n\nRecommended that:\n\n"
                   "(1) the board note the annual report.\n")
    assert _texts(found, "resolutions") == ["approve the draft plan for consultation",
                                            "delegate sign-off to the chair",
                                            "the board note the annual report"]


def test_a_lead_in_after_a_minute_s_own_paragraph_number():
    found = _found("4.2 It was agreed:\n(i) to adopt the Quayside Safety Plan with the changes "
                   "made today;\n(ii) that Kit Marlow takes the plan to scrutiny in May.\n\n"
                   "5.1 / The Board agreed that:\na. the two new targets go to the council;\n"
                   "b. the old target stays in the delivery plan.\n")
    assert _texts(found, "resolutions") == [
        "to adopt the Quayside Safety Plan with the changes made today",
        "that Kit Marlow takes the plan to scrutiny in May",
        "the two new targets go to the council", "the old target stays in the delivery plan"]


def test_decision_and_decision_action_lines_are_resolutions():
    found = _found("Item 3: Carers plan\nOfficers set out the draft.\n"
                   "Decision: the Group approved the carers plan for consultation.\n"
                   "Decision/Action: the housing lead to bring a costed option in June.\n"
                   "Action/Decision:  The Group endorsed the recommendations as amended.\n"
                   "Decisions to be taken later are listed below.\n")
    assert _texts(found, "resolutions") == [
        "the Group approved the carers plan for consultation",
        "the housing lead to bring a costed option in June",
        "The Group endorsed the recommendations as amended"]


def test_decisions_recorded_in_the_past_tense_and_a_flattened_decision_table():
    found = _found("Decision number:\n|\nDecision:\n|\n|\n"
                   "The Cabinet noted the views of the Wellbeing Board set out in the report. |\n"
                   "71/2025 |\n"
                   "The Cabinet approved the Harbourside Care Strategy for publication. |\n"
                   "Reasons:\nThe council must publish a strategy.\n\n"
                   "Cabinet AGREED to fund a second year of the pilot.\n\n"
                   "The Board noted that attendance had risen. Ann Vole presented the yearly "
                   "report. The Board noted the report. The Board agreed the new terms of "
                   "reference.\n")
    assert _texts(found, "resolutions") == [
        "The Cabinet noted the views of the Wellbeing Board set out in the report",
        "The Cabinet approved the Harbourside Care Strategy for publication",
        "to fund a second year of the pilot", "The Board noted the report",
        "The Board agreed the new terms of reference"]


def test_a_decision_in_prose_keeps_its_times_and_sums():
    found = _found("The Board agreed to a start time of 18:00 for future meetings. The Board "
                   "approved the grant of 2.5 million pounds for the hubs.")
    assert _texts(found, "resolutions") == [
        "to a start time of 18:00 for future meetings",
        "The Board approved the grant of 2.5 million pounds for the hubs"]


def test_a_decision_taken_by_one_member_and_lettered_items_worded_as_requests():
    found = _found("Following advice from the Safety Board, the Cabinet Member for Communities, "
                   "Health and Safety resolved that the progress on the action plan be "
                   "endorsed.\n\nMembers weighed the other options.\n\n"
                   "a) the work of the Partnership be noted;\n\n"
                   "b) the Director be requested to prepare an action plan;\n\n"
                   "c) the new Plan be recommended to Council for approval.\n")
    assert _texts(found, "resolutions") == [
        "the progress on the action plan be endorsed", "the work of the Partnership be noted",
        "the Director be requested to prepare an action plan",
        "the new Plan be recommended to Council for approval"]


def test_a_body_agreed_in_capitals_above_its_items_and_a_short_split_resolution():
    found = _found("Item 6\n\nCabinet AGREED:\n(a) to adopt the Safer Fenby Strategy;\n"
                   "(b) to ask officers for a yearly report.\n\nItem 7\n\nResolved – That the "
                   "Board\n \nnote the refreshed strategy and agree its three priorities.\n\n"
                   "Item 8\n\nRESOLVED: to\n\na) note the survey;\n\nb) approve the plan.\n")
    assert _texts(found, "resolutions") == [
        "to adopt the Safer Fenby Strategy", "to ask officers for a yearly report",
        "That the Board note the refreshed strategy and agree its three priorities",
        "note the survey", "approve the plan"]


def test_delegated_decisions_and_recommendations_to_council():
    found = _found("Item 2\n\nDelegated decisions:\n\n1. To approve the Fenby Safer Streets "
                   "Plan.\n\n2. To note the consultation results.\n\nRecommendations to "
                   "Council:\n\n1. That Council adopts the plan as part of the policy "
                   "framework.\n")
    assert _texts(found, "resolutions") == [
        "To approve the Fenby Safer Streets Plan", "To note the consultation results",
        "That Council adopts the plan as part of the policy framework"]


def test_that_the_board_above_items_numbered_in_lower_case():
    found = _found("RESOLVED:\nThat the Board\n1 approve the Fenby Wellbeing Strategy;\n"
                   "2 ask the place board to report each year; and\n3 thank the officers. |\n")
    assert _texts(found, "resolutions") == ["approve the Fenby Wellbeing Strategy",
                                            "ask the place board to report each year",
                                            "thank the officers"]


def test_more_decisions_in_prose_and_short_passive_decisions():
    found = _found("The deficit stood at 95m. Decision/Action: The finance lead to bring a plan to "
                   "the June Board.\n\nThe Board confirmed that Ann Vole would stay as chair "
                   "until March. The Board supported the proposal to set up a carers forum. The "
                   "Cabinet delegated authority to the Director to agree minor changes. Cabinet "
                   "further AGREED that a yearly report come to Cabinet. Members discussed it.  "
                   "It was agreed that the housing group would lead on warm homes.\n\n"
                   "All ambitions were agreed. Recommendation 3 was agreed. The priorities were "
                   "agreed by partners in 2019.\n")
    assert _texts(found, "resolutions") == [
        "The finance lead to bring a plan to the June Board",
        "Ann Vole would stay as chair until March",
        "The Board supported the proposal to set up a carers forum",
        "The Cabinet delegated authority to the Director to agree minor changes",
        "a yearly report come to Cabinet",
        "the housing group would lead on warm homes",
        "All ambitions were agreed", "Recommendation 3 was agreed"]


def test_items_numbered_without_a_point_under_a_lead_in():
    found = _found("RESOLVED\n\n1 That the carers plan be approved.\n\n"
                   "2 That the survey results be noted.\n\n4 Any other business\n\n"
                   "None was raised.\n")
    assert _texts(found, "resolutions") == ["That the carers plan be approved",
                                            "That the survey results be noted"]


def test_a_resolution_the_page_broke_across_a_blank_line():
    found = _found("Resolved – That the Board endorse the\n\nrefreshed wellbeing strategy for "
                   "publication in May.\n\nNext item\n")
    assert _texts(found, "resolutions") == [
        "That the Board endorse the refreshed wellbeing strategy for publication in May"]


def test_minutes_approved_without_naming_the_meeting():
    found = _found("2. Minutes of the last meeting\nAgreed as a true record.\n\n"
                   "3. Matters arising\n3.1 / The minutes were agreed as an accurate record.\n")
    assert _texts(found, "resolutions") == ["Agreed as a true record",
                                            "The minutes were agreed as an accurate record"]
    found = _found("4 MINUTES OF THE LAST MEETING\nThe minutes were agreed. Matters arising "
                   "were covered later.\n")
    assert _texts(found, "resolutions") == ["The minutes were agreed"]


def test_recommendations_to_a_body_lead_their_bullets_a_bare_recommendation_does_not():
    found = _found("Recommendations to the Board\n  • That the group meets monthly from May\n"
                   "  • That each theme lead publishes a plan\n\nRecommendation\n\n"
                   "The panel is invited to comment on the draft plan.\n")
    assert _texts(found, "resolutions") == ["That the group meets monthly from May",
                                            "That each theme lead publishes a plan"]


def test_a_report_s_recommendations_count_only_where_no_decision_is_recorded():
    report = ("The Wellbeing Board is recommended to:\n\n(a) note the yearly report;\n\n"
              "(b) approve the refreshed priorities.\n")
    assert _texts(_found(report), "resolutions") == ["note the yearly report",
                                                     "approve the refreshed priorities"]
    minutes = report + "\nMinutes:\n\nRESOLVED: that the Board approve the refreshed " \
        "priorities, with the housing priority first.\n"
    assert _texts(_found(minutes), "resolutions") == [
        "the Board approve the refreshed priorities, with the housing priority first"]


def test_items_below_the_board_and_a_labelled_outcome_worded_in_the_past():
    found = _found("Item 5\n\nThe Board:\n\n1. noted the update;\n\n2. agreed the work "
                   "programme.\n\nItem 6\n\nOutcome: The Board endorsed the carers plan.\n")
    assert _texts(found, "resolutions") == ["noted the update", "agreed the work programme",
                                            "The Board endorsed the carers plan"]


def test_a_decision_resolved_in_nearly_the_words_recommended_counts_once():
    found = _found("RESOLVED:\n\n(1) That Cabinet approves the Safer Fenby Plan 2025-2028 for "
                   "publication;\n\n(2) That the report be noted.\n\nLater the Cabinet "
                   "approved the Safer Fenby Plan 2025-2028 for publication.\n")
    assert len(_texts(found, "resolutions")) == 2


def test_decisions_in_the_boards_own_present_tense_sentences():
    found = _found("Members discussed the draft at length.\n\n\ni)  The Safety Board agrees "
                   "to adopt the Fenby Knife Crime Strategy 2025-2028;\n\nii)  The Safety "
                   "Board delegates the yearly action plan to its Youth Sub-Group;\n\niii) "
                   "Progress will be reported to the Board each spring.\n")
    texts = _texts(found, "resolutions")
    assert "The Safety Board agrees to adopt the Fenby Knife Crime Strategy 2025-2028" in texts
    assert any(t.startswith("The Safety Board delegates") for t in texts)


def test_an_abbreviated_partnership_agreed_lower_case_lettered_items():
    found = _found("4.2  FSP agreed:\n       (a) to endorse the yearly review of the plan;\n"
                   "       (b) that each theme group update its action plan by May.\n"
                   "       Action: AB\n\n5.   Any other business\n")
    texts = _texts(found, "resolutions")
    assert "to endorse the yearly review of the plan" in texts
    assert "that each theme group update its action plan by May" in texts


# --- attendance and apologies ---------------------------------------------------------

def test_attendance_in_a_flattened_table_and_bulleted_apologies():
    found = _found("Attendance\nName | Agency |\n---|---|\n"
                   "Cllr Ada Frome | Marsh Council (Chair) |\n"
                   "Gil Tanner | Marsh Probation Service |\nApologies\n"
                   "- Rhea Soto, Office of the Police and Crime Commissioner\n"
                   "- Cllr Ned Hale, Marsh Council\n")
    people = {p["name"]: p.get("organisation") for p in found["people"]}
    assert set(people) == {"Ada Frome", "Gil Tanner", "Rhea Soto", "Ned Hale"}
    assert people["Gil Tanner"] == "Marsh Probation Service"
    assert people["Rhea Soto"] == "Office of the Police and Crime Commissioner"


def test_a_members_table_whose_heading_was_lost():
    found = _found("The Chair asked members to introduce themselves.\n\n"
                   "Councillor Ada Frome  Chair\n\nIvo Blake  Director of Public Health, Marsh "
                   "Council\n\nUma Dent  Marsh College\n\nTwo items were taken together.\n")
    people = {p["name"]: (p["role"], p.get("organisation")) for p in found["people"]}
    assert set(people) == {"Ada Frome", "Ivo Blake", "Uma Dent"}
    assert people["Ivo Blake"] == ("Director of Public Health", "Marsh Council")
    assert people["Uma Dent"] == ("", "Marsh College")


def test_a_name_with_its_post_between_commas_before_a_speech_verb():
    found = _found("Ivo Blake, Healthwatch Marsh, asked how residents would hear. The Director "
                   "of Public Health, Marsh Council, said the survey had closed. Uma Dent, "
                   "Place Director, NHS Marsh, confirmed the plan would refer to it.")
    people = {p["name"]: (p["role"], p.get("organisation")) for p in found["people"]}
    assert people == {"Ivo Blake": ("", "Healthwatch Marsh"),
                      "Uma Dent": ("Place Director", "NHS Marsh")}


def test_an_attendance_table_collapsed_to_alternating_name_and_attendance_lines():
    found = _found("Attendance\n\nName\nAttendance\nCllr Ada Frome (Chair)\nPresent\n"
                   "Gil Tanner, Fenby College\nApologies\nRhea Soto, Marsh Council\nPresent\n"
                   "\nSecretariat: Uma Dent (UD), Fenby Council\n\nUD said the plan was ready.\n")
    people = {p["name"]: p for p in found["people"]}
    assert {"Ada Frome", "Gil Tanner", "Rhea Soto", "Uma Dent"} <= set(people)
    assert people["Gil Tanner"].get("organisation") == "Fenby College"
    assert "UD" in people["Uma Dent"]["aliases"]


def test_a_substitute_named_after_the_word():
    found = _found("Apologies\n\nTom Ray - Substitute: Ivo Blake\n\nJo Bell, substituted by "
                   "Cllr Ann Vole\n")
    assert {"Tom Ray", "Ivo Blake", "Jo Bell", "Ann Vole"} <= set(_texts(found, "people"))


def test_councillors_written_with_initials_after_a_plural_title_and_more_posts():
    found = _found("Present:\nCouncillors: A Smith (Chair), B Jones and C Brown\n\n"
                   "Also in attendance: Karen Ridley, District Commander, Fenby Police.\n\n"
                   "Apologies: Ivo Blake, Voluntary Sector Representative.\n")
    assert set(_texts(found, "people")) == {"A Smith", "B Jones", "C Brown", "Karen Ridley",
                                            "Ivo Blake"}


def test_attendance_lines_that_name_several_people_each_with_a_bracket():
    found = _found("Present:\nOfficers: Jane Doe (Head of Policy), Tom Pike (Democratic Services)\n"
                   "Partners: Ruth Lowe (Fenby CVS), Dr Amir Khan (NHS Fenby)\n")
    people = {p["name"]: (p["role"], p.get("organisation")) for p in found["people"]}
    assert set(people) == {"Jane Doe", "Tom Pike", "Ruth Lowe", "Amir Khan"}
    assert people["Ruth Lowe"] == ("", "Fenby CVS")


def test_people_written_with_their_body_on_behalf_of_it_or_as_the_page_s_contact():
    found = _found("Contact: Jo Bell  Email: committees@fenby.gov.uk\n\nPam Whitby of Healthwatch "
                   "Fenby asked how carers were involved. Rosa Hale on behalf of the Police and "
                   "Crime Commissioner welcomed the plan. Group Commander Tom Rey of Fenby Fire "
                   "and Rescue Service agreed. Ivo Dent to be invited to the next meeting.\n")
    people = {p["name"]: p.get("organisation") for p in found["people"]}
    assert {"Jo Bell", "Pam Whitby", "Rosa Hale", "Tom Rey", "Ivo Dent"} <= set(people)
    assert people["Pam Whitby"] == "Healthwatch Fenby"


def test_attendance_and_apologies_lines():
    found = _found("Present:\n"
                   "Councillor Petra Lind (Chair)\n"
                   "Omar Haddad, Chief Executive, Healthwatch Example\n"
                   "Apologies were received from Councillor Ivo Marsh (Councillor Tess Ray "
                   "substituted), Mrs K Ellery and Dr Nia Bose.\n"
                   "Contact: Fern Abara, Committee Officer\n")
    names = set(_texts(found, "people"))
    assert {"Petra Lind", "Omar Haddad", "Ivo Marsh", "Tess Ray", "Nia Bose",
            "Fern Abara"} <= names
    assert any("Ellery" in n for n in names)
    assert "Committee Officer" not in names
    assert not any(n.startswith("Councillor ") for n in names)


def test_a_run_in_attendance_list_with_dashes():
    # a PDF's members table run into one line: 'Name, Role – Organisation' and
    # 'Name – Organisation' entries one after another, titles before some names
    found = _found("ATTENDING Members: Cllr. Ruth Nadler – Marshfield County Council (Chair) "
                   "Dev Okoro, Chief Fire Officer – Marshfield Fire and Rescue Service "
                   "Lena Szabo – Marshfield College Officers: Bram Ulrich, Policy Officer, MCC "
                   "APOLOGIES: Iris Quade – Marshfield Chamber of Commerce")
    people = {p["name"]: p for p in found["people"]}
    assert {"Ruth Nadler", "Dev Okoro", "Lena Szabo", "Bram Ulrich", "Iris Quade"} <= set(people)
    assert people["Lena Szabo"]["organisation"] == "Marshfield College"
    assert people["Dev Okoro"]["role"] == "Chief Fire Officer"


def test_one_person_a_line_under_present_with_group_headings():
    # ModernGov attendance: a heading per group of members, then one person a line
    found = _found("Present:\n\nCouncillor J Penhale (Chair)\n\nCouncillor K Obi\n\n"
                   "Representatives of the hospital trusts\n\n"
                   "Rhian Moss – Chief Nurse, Marsh Hospitals NHS Trust\n\n"
                   "Voluntary Sector Representative\n\n"
                   "Lucas Brandt – Chief Executive, Marsh Voluntary Action\n\n"
                   "Group Manager Petra Voss, Marsh Fire and Rescue Service\n\n"
                   "1. Welcome and introductions. The Chair welcomed everyone to the meeting "
                   "and noted that it was quorate; the agenda was taken in the order shown.\n")
    people = {p["name"]: p for p in found["people"]}
    assert set(people) == {"J Penhale", "K Obi", "Rhian Moss", "Lucas Brandt", "Petra Voss"}
    assert people["Petra Voss"]["role"] == "Group Manager"
    assert people["Rhian Moss"]["organisation"] == "Marsh Hospitals NHS Trust"


def test_a_members_table_run_together_with_double_spaces():
    found = _found("The board has the following members:\n\n"
                   "Iona Reid  Director of Children's Services  Marsh Council\n"
                   "Chief Inspector Sol Amari  Marsh Constabulary\n"
                   "Petr Novak  Head Teacher  Fenside Primary School\n")
    people = {p["name"]: p for p in found["people"]}
    assert set(people) == {"Iona Reid", "Sol Amari", "Petr Novak"}
    assert people["Petr Novak"]["organisation"] == "Fenside Primary School"


def test_surnames_after_a_plural_title():
    found = _found("Present: Councillors Dunmore (Chair), Pask, Yeo and Ambrose; Dr Ida Lund."
                   "\n\nCouncillor Rosa Pask asked about the grant.\n")
    people = {p["name"]: p for p in found["people"]}
    assert {"Dunmore", "Yeo", "Ambrose", "Rosa Pask", "Ida Lund"} == set(people)
    assert people["Dunmore"]["role"] == "Councillor, Chair"


def test_a_role_is_a_name_and_a_label_then_name_role_organisation():
    found = _found("The board's independent chair is Rhoda Mace.\n\n"
                   "Programme manager: Ivo Tran, Policy and Programme Manager, Fenshire "
                   "County Council\n")
    people = {p["name"]: p for p in found["people"]}
    assert people["Rhoda Mace"]["role"] == "independent chair"
    assert people["Ivo Tran"]["role"] == "Policy and Programme Manager"


def test_apologies_for_absence_with_a_colon():
    found = _found("Apologies for absence: Cllr Ola Brent (Portfolio Holder for Housing), "
                   "Nia Carrow (NHS Fenshire), Tam Ives (Fen Council)\n")
    assert {"Ola Brent", "Nia Carrow", "Tam Ives"} <= set(_texts(found, "people"))


def test_a_title_and_surname_is_the_person_named_before():
    found = _found("Present: Cllr. Ruth Nadler (Chair), Dr Owain Pryce.\n\n"
                   "Cllr. Nadler welcomed members. Dr Pryce presented the report.")
    people = {p["name"]: p.get("aliases", []) for p in found["people"]}
    assert set(people) == {"Ruth Nadler", "Owain Pryce"}
    assert "Dr Pryce" in people["Owain Pryce"]


def test_name_slash_organisation_lines_and_substitutes_are_people():
    found = _found("Apologies:\nTom Baker, Chief Executive, Fenshire Hospitals NHS Trust "
                   "(Sally Lyle attended as substitute)\n\nIn attendance\n"
                   "Name / Organisation\nKaren Rowe / Fenshire Council\n"
                   "Mark Ellis / Fenshire Police\n")
    people = {p["name"]: p for p in found["people"]}
    assert {"Tom Baker", "Sally Lyle", "Karen Rowe", "Mark Ellis"} <= set(people)
    assert people["Mark Ellis"]["organisation"] == "Fenshire Police"
    assert "Name" not in " ".join(people)


def test_a_courtesy_title_and_initial_is_one_person_not_two():
    found = _found("Present:\nCllr Ann Ode (Chair)\n"
                   "Mr J Ryder, Healthwatch Fenshire, asked about waiting lists.\n")
    assert [p["name"] for p in found["people"] if "Ryder" in p["name"]] == ["Mr J Ryder"]


def test_an_attendance_table_run_together_and_initials_used_afterwards():
    found = _found("Attendance\nMembers Organisation\nAmy Lowe Fenshire Care Trust\n"
                   "Dan Reid Oldbury Council\n\n1. Welcome\n"
                   "AL welcomed everyone. DR presented the update.\n")
    people = {p["name"]: p for p in found["people"]}
    assert people["Amy Lowe"]["organisation"] == "Fenshire Care Trust"
    assert people["Dan Reid"]["organisation"] == "Oldbury Council"
    assert people["Amy Lowe"]["aliases"] == ["AL"] and people["Dan Reid"]["aliases"] == ["DR"]


def test_bodies_in_brackets_after_attendees_are_bodies_not_people():
    found = _found("Present: Sarah Cole (Wirral Council), Paul Egan (Wirral CVS), Tim Ash "
                   "(Wirral Housing Association), Ali Khan (Wirral Youth Justice Service).")
    assert _texts(found, "people") == ["Sarah Cole", "Paul Egan", "Tim Ash", "Ali Khan"]
    assert {"Wirral Council", "Wirral CVS", "Wirral Housing Association",
            "Wirral Youth Justice Service"} <= set(_texts(found, "organisations"))


def test_substitutes_named_with_a_post_and_a_title_after_a_surname_list():
    found = _found("Apologies were received from Mr A Cummings (Mr D Walker, Medical Director "
                   "attended in his absence) and Ms K Fairclough (Dr D Roberts attended as "
                   "substitute).\n\nPRESENT: Councillors Beaty, Bowness and Earl, Dr R "
                   "Ahmed.")
    names = _texts(found, "people")
    assert {"Mr D Walker", "D Roberts", "Beaty", "Earl", "R Ahmed"} <= set(names)
    assert "Medical Director" not in names and "Dr" not in names


def test_double_barrelled_surnames_are_whole():
    found = _found("Present: Cllr Rosa Penhale-Quist (Chair), Ivo Marsh-Tanner, Director of "
                   "Public Health, Fenby Council.\n\nApologies were received from Cllr Anya "
                   "Lobb-Carter.\n")
    names = set(_texts(found, "people"))
    assert {"Rosa Penhale-Quist", "Anya Lobb-Carter"} <= names
    assert not any(n.endswith("-") for n in names)


def test_a_name_and_its_post_between_commas_in_running_text():
    found = _found("The Board heard the plan, presented by Tilda Marsh, the Director of Public "
                   "Health. Owen Brake, the newly appointed Chair of Fenby College, was "
                   "welcomed.\n")
    people = {p["name"]: p["role"] for p in found["people"]}
    assert people.get("Tilda Marsh") == "Director of Public Health"
    assert people.get("Owen Brake", "").startswith("Chair")


def test_name_and_post_lines_under_a_contact_line():
    found = _found("Contact:\n\nPia Ellery – Head of Safer Streets\n\nDon Hatt – Community "
                   "Safety Officer\n\nMinutes:\n\nThe Committee noted the plan.\n")
    assert {"Pia Ellery", "Don Hatt"} <= set(_texts(found, "people"))


# --- names built from generic words ---------------------------------------------------

def test_a_list_of_names_that_start_with_their_kind_word_is_several_bodies():
    found = _found("The forum brings together NHS Fenby, NHS Marsh and Dale, Age UK Fenby, "
                   "Citizens Advice Marsh, Voluntary Action Fenby, Fenby City Council and the "
                   "Office of the Police and Crime Commissioner for Devon, Cornwall and Isles "
                   "of Scilly.")
    names = set(_texts(found, "organisations"))
    assert {"NHS Fenby", "NHS Marsh and Dale", "Age UK Fenby", "Citizens Advice Marsh",
            "Voluntary Action Fenby", "Fenby City Council",
            "Office of the Police and Crime Commissioner for Devon, Cornwall and Isles of Scilly"
            } <= names
    assert not {"Age UK", "Citizens Advice", "NHS Fenby, NHS Marsh and Dale"} & names


def test_a_commissioner_s_area_is_places_only():
    found = _found("Partners include Fenby Police, the Office of the Police and Crime "
                   "Commissioner for Fenby, Healthwatch Fenby and Fenby Community Action.")
    names = _texts(found, "organisations")
    assert "Office of the Police and Crime Commissioner for Fenby" in names
    assert not any("Healthwatch Fenby" in n and "Commissioner" in n for n in names)


def test_a_body_written_with_and_without_its_kind_word_is_one_body():
    found = _found("Solihull Clinical Commissioning Group (Solihull CCG) leads. Later the "
                   "plan names NHS Solihull CCG as its sponsor.")
    orgs = [o for o in found["organisations"] if "Solihull" in o["name"]]
    assert len(orgs) == 1


def test_a_kind_s_name_alone_beside_one_named_body_of_that_kind_is_that_body():
    found = _found("The Fenby Health and Wellbeing Board met on 3 May. The Health and Wellbeing "
                   "Board agreed to publish its plan. The two Health and Wellbeing Boards of "
                   "the county meet jointly once a year.")
    parts = {p["name"]: p.get("aliases", []) for p in found["partnerships"]}
    assert list(parts) == ["Fenby Health and Wellbeing Board"]
    assert "Health and Wellbeing Board" in parts["Fenby Health and Wellbeing Board"]


def test_the_council_unnamed_is_not_a_body_but_an_alias_of_the_one_named():
    found = _found("Wealden Health and Wellbeing Strategy\n\nThe Council will publish the "
                   "strategy in May. Partners in Wealden welcomed it.\n")
    assert not any(o["name"].endswith("Council") for o in found["organisations"])
    found = _found("Wealden District Council and its partners agreed the Wealden plan. The "
                   "Council will publish it in May. Partners in Wealden welcomed it.\n")
    council = [o for o in found["organisations"] if o["name"] == "Wealden District Council"]
    assert council and "the Council" in council[0].get("aliases", [])


def test_a_and_b_partnership_is_one_partnership():
    found = _found("The Stronger Communities and Culture Partnership met in May.")
    assert _texts(found, "partnerships") == ["Stronger Communities and Culture Partnership"]


def test_a_plural_name_whose_singular_is_no_head_is_never_split():
    # 'Chief Executives' is a head, 'Chief Executive' is not: splitting raised KeyError
    for text in ("The Kent and Medway Chief Executives met.",
                 "The Adult Scrutiny and Health Scrutiny Chief Executives met."):
        assert len(_found(text)["partnerships"]) == 1


def test_a_plural_partnership_name_with_and_is_one_name():
    found = _found("The Fenshire Health and Wellbeing Partnerships report to the board.")
    assert _texts(found, "partnerships") == ["Fenshire Health and Wellbeing Partnerships"]


def test_the_chair_of_a_named_board_names_the_board():
    found = _found("Councillor Ada Roe, Chair of the Fenshire Health and Wellbeing Board, "
                   "spoke. The Executive Director of Adult Social Services also spoke.")
    assert _texts(found, "partnerships") == ["Fenshire Health and Wellbeing Board"]
    assert _texts(found, "organisations") == []


def test_a_board_written_only_by_its_kind_is_the_areas_board():
    doc = read_text("Fenshire Council\n\nHealth and Wellbeing Board - Tuesday, 3rd June, "
                    "2025 10.00 am\n\nThe Health and Wellbeing Board met in Fenshire.\n",
                    "<test>")
    from lspgraph.documents.names import bodies
    assert [(m.name, m.aliases[0]) for m in bodies(doc, "Fenshire")
            if m.type == "Partnership"] == [("Fenshire Health and Wellbeing Board",
                                             "Health and Wellbeing Board")]


def test_a_childrens_trust_is_named_by_its_kind_word():
    found = _found("The plan was agreed by the Fenshire Children's Trust in May.")
    assert [(p["name"], p["kind"]) for p in found["partnerships"]] == [
        ("Fenshire Children's Trust", "childrens_trust")]


def test_posts_are_not_plans_and_lower_case_plans_with_a_name_are():
    found = _found("Sam Ekwueme, Policy and Programme Manager, and the ICB Director of "
                   "Strategy presented the Better Care Fund plan for 2025-27. The Leeds "
                   "Initiative owns the Vision for Fenchester 2011 to 2030.")
    assert set(_texts(found, "strategies")) == {"Better Care Fund plan for 2025-27",
                                                "Vision for Fenchester 2011 to 2030"}


def test_a_links_verb_is_not_part_of_a_plan_name():
    found = _found("Download the Fenshire Carers Strategy 2024-2028 (PDF, 1 MB)\n")
    assert _texts(found, "strategies") == ["Fenshire Carers Strategy 2024-2028"]


def test_a_page_heading_is_not_a_body_and_a_trust_board_owns_its_short_name():
    found = _found("ABOUT THE PARTNERSHIP\n\nMembers include the Fenshire Children's Trust "
                   "Board. The Children's Trust has engaged well.\n")
    assert _texts(found, "partnerships") == ["Fenshire Children's Trust Board"]


def test_a_sectors_forum_or_group_is_an_organisation():
    found = _found("The Fenshire Voluntary Sector Forum and Fen College Group joined the "
                   "Fenshire Safety Forum.")
    assert {(o["name"], o["kind"]) for o in found["organisations"]} == {
        ("Fenshire Voluntary Sector Forum", "voluntary"), ("Fen College Group", "education")}
    assert _texts(found, "partnerships") == ["Fenshire Safety Forum"]


def test_a_place_abbreviation_keeps_a_joined_place_name():
    found = _found("North Fen and South Marsh ICS\n\nThe partners met in May.\n")
    assert _texts(found, "partnerships") == ["North Fen and South Marsh Integrated Care System"]


def test_organisations_named_with_their_kind_word_first():
    found = _found("Partners include NHS Marshland, the Department for Work and Pensions "
                   "and the Office of the Police and Crime Commissioner for Northshire. "
                   "The Executive Director of Adult Social Services presented the report.")
    orgs = set(_texts(found, "organisations"))
    assert {"NHS Marshland", "Department for Work and Pensions",
            "Office of the Police and Crime Commissioner for Northshire"} <= orgs
    assert not any("Social Services" in o for o in orgs)


def test_fire_services_and_sub_groups_are_bodies():
    found = _found("Members are Northshire Fire Service and Northshire Constabulary.\n\n"
                   "The Quality and Performance Sub-group reports to the board.")
    assert {"Northshire Fire Service", "Northshire Constabulary"} <= \
        set(_texts(found, "organisations"))
    assert "Quality and Performance Sub-group" in _texts(found, "partnerships")


def test_a_decision_verb_is_not_part_of_a_strategy_name():
    found = _found("That Cabinet:\n\n(i) Approves the Northshire Safer Streets Strategy "
                   "2024-2027;\n\n(ii) Notes the report.\n")
    assert _texts(found, "strategies") == ["Northshire Safer Streets Strategy 2024-2027"]


def test_national_charities_known_by_one_name_and_their_local_bodies():
    found = _found("Partners include Citizens Advice Fenshire and Age UK Fenshire.")
    assert {"Citizens Advice Fenshire", "Age UK Fenshire"} <= set(_texts(found, "organisations"))
    found = _found("Residents can get advice from Citizens Advice or Age UK.")
    assert {"Citizens Advice", "Age UK"} <= set(_texts(found, "organisations"))


def test_a_short_form_of_a_longer_name_is_that_body():
    found = _found("The Marsh Borough Partnership leads a family of partnerships. Each theme "
                   "partnership reports to the Borough Partnership twice a year.")
    bodies = {p["name"]: p for p in found["partnerships"]}
    assert "Borough Partnership" not in bodies
    assert "Borough Partnership" in bodies["Marsh Borough Partnership"]["aliases"]


def test_nhs_trust_acronyms_used_alone_are_bodies_unless_defined_for_a_name():
    found = _found("The plan drew on the strategy, and the NNUH, the QEH and the JPUH were "
                   "each asked to report. Fenshire Community Health NHS Foundation Trust "
                   "(FCHFT) agreed; FCHFT will lead.")
    orgs = _texts(found, "organisations")
    assert {"NNUH", "JPUH"} <= set(orgs)
    assert "FCHFT" not in orgs


def test_bodies_whose_kind_word_is_not_council_trust_or_partnership():
    found = _found("The board heard from Fenby General Hospital, Upper Fenby PCT, Fenby "
                   "Housing Group, Fenby Voluntary Action, Community Action Fenby, "
                   "Marsh Women's Aid and the Fenby Youth Parliament.\n")
    orgs = set(_texts(found, "organisations"))
    assert {"Fenby General Hospital", "Upper Fenby PCT", "Fenby Housing Group",
            "Fenby Voluntary Action", "Community Action Fenby", "Marsh Women's Aid",
            "Fenby Youth Parliament"} <= orgs
    assert "Community Action" not in orgs
    assert not set(_texts(found, "partnerships"))  # 'Housing Group' is not a board


def test_a_kind_of_body_after_every_is_not_a_body():
    found = _found("A care coordinator will work in every Primary Care Network by 2026.\n")
    assert not _texts(found, "organisations")


def test_an_nhs_area_name_in_a_list_of_bodies_ends_at_the_next_body():
    found = _found("Members include Fenby Council, NHS Fenby, Fenby Constabulary, Fenby "
                   "College and Fenby Housing Trust.\n")
    assert {"NHS Fenby", "Fenby Constabulary", "Fenby College",
            "Fenby Housing Trust"} <= set(_texts(found, "organisations"))


def test_a_month_or_year_before_a_board_is_not_part_of_its_name():
    found = _found("The plan goes to the November Board. By 2026 Board members will have "
                   "met the Fenby Safety Partnership.\n")
    names = set(_texts(found, "partnerships"))
    assert not any(n.startswith(("November", "2026")) for n in names)
    assert "Fenby Safety Partnership" in names


# --- actions worded as wants, ongoing work and deliverables ---------------------------

def test_we_want_to_and_we_are_also_working_to():
    found = _found("We want to open two more family hubs, and we want to cut waiting times "
                   "for speech therapy. We are also working to recruit forty foster carers.")
    assert _texts(found, "actions") == ["open two more family hubs",
                                        "cut waiting times for speech therapy",
                                        "recruit forty foster carers"]


def test_deliverables_listed_as_noun_phrases_are_actions_not_themes():
    found = _found("The review sets out what partners will share next year:\n\n"
                   "- a single front door for referrals\n- an annual residents' survey\n"
                   "- one budget for prevention work\n")
    assert _texts(found, "actions") == ["a single front door for referrals",
                                        "an annual residents' survey",
                                        "one budget for prevention work"]
    assert _texts(found, "themes") == []


def test_second_level_o_bullets_of_a_word_processor_list_are_items():
    found = _found("Place:\nA greener county\nWe will:\n"
                   "·         Cut our own emissions:\n"
                   "o   Replace the fleet with electric vans\n"
                   "o   Fit solar panels to 30 schools\n\n"
                   "The Fenshire Health and Wellbeing Board will:\n"
                   "o   Refresh its strategy in 2026\n")
    actions = _texts(found, "actions")
    assert {"Replace the fleet with electric vans", "Fit solar panels to 30 schools",
            "Refresh its strategy in 2026"} <= set(actions)


def test_a_bodys_will_list_is_actions_not_themes():
    found = _found("OUR PRIORITIES\n"
                   "Warmer homes\n"
                   "Better jobs\n"
                   "The Safer Northshire Partnership will:\n"
                   "- publish a new plan for tackling knife crime\n"
                   "- extend street patrols to every market town\n")
    assert _texts(found, "actions") == ["publish a new plan for tackling knife crime",
                                        "extend street patrols to every market town"]
    themes = _texts(found, "themes")
    assert themes == ["Warmer homes", "Better jobs"]


def test_how_we_will_do_it_lists_and_a_bare_we_will_heading():
    found = _found("Objective 2: Learning from reviews\n\nWe’ll do this through:\n\n"
                   "• a joint training offer for all partners\n\n"
                   "• regular audits of case files\n\n"
                   "We will\nImprove the quality of private rented homes\n"
                   "Bring empty shops back into use\n")
    assert _texts(found, "actions") == [
        "a joint training offer for all partners", "regular audits of case files",
        "Improve the quality of private rented homes", "Bring empty shops back into use"]


def test_we_will_after_an_opening_phrase_but_not_an_opening_want():
    found = _found("Working with the police, we will halve street drinking in the town "
                   "centre. Together, we want to build a fairer and greener borough.")
    assert _texts(found, "actions") == ["halve street drinking in the town centre"]


def test_a_list_of_ways_with_we_ll_items_and_a_we_ll_list_of_bodies():
    found = _found("We’ll work with the:\n\n• Fenshire Delivery Group\n"
                   "• Fenshire Learning Review Group\n\n"
                   "This will be done in 3 ways:\n1. we’ll run campaigns to raise awareness\n"
                   "2. share good practice across partners\n3. hold an annual conference\n")
    assert _texts(found, "actions") == ["run campaigns to raise awareness",
                                        "share good practice across partners",
                                        "hold an annual conference"]


def test_proposals_as_noun_phrases_on_a_slide_are_actions_recommendations_resolutions():
    found = _found("Presentation on theme: \"Fenshire LSP Review\"— Presentation transcript:"
                   "\n\n1 Jo Banks Head of Policy Fenshire LSP REVIEW\n\n"
                   "4  A smaller board of decision makers  A forward plan built on agreed "
                   "priorities  An annual partnership conference PROPOSALS\n\n"
                   "5  That the board adopts the new structure  That the forward plan is "
                   "agreed by March RECOMMENDATIONS\n")
    assert _texts(found, "actions") == ["A smaller board of decision makers",
                                        "A forward plan built on agreed priorities",
                                        "An annual partnership conference"]
    assert _texts(found, "resolutions") == ["That the board adopts the new structure",
                                            "That the forward plan is agreed by March"]
    assert "A smaller board of decision makers" not in _texts(found, "themes")


def test_a_heading_above_a_we_will_list_is_a_theme():
    found = _found("OUR PRIORITIES\n\nHEALTHY COMMUNITIES\n\nWe will:\n"
                   "• Build two new leisure centres\n• Cut smoking rates by a third\n")
    assert "HEALTHY COMMUNITIES" in _texts(found, "themes")
    assert "OUR PRIORITIES" not in _texts(found, "themes")


def test_lists_under_a_what_we_will_do_section_are_actions_not_themes():
    found = _found("3. OUR PRIORITIES\nOur two priorities are:\n• Safer streets\n"
                   "• Stronger families\n\n4. WHAT WE WILL DO\nSafer streets\n"
                   "• Light every alley in the town centre by March 2026\n"
                   "• Fund two street wardens for the night-time economy\nStronger families\n"
                   "• Open a family hub in each of the four towns\n\n5. HOW WE WORK\n"
                   "The partnership meets four times a year.\n")
    actions = set(_texts(found, "actions"))
    assert {"Light every alley in the town centre by March 2026",
            "Fund two street wardens for the night-time economy",
            "Open a family hub in each of the four towns"} <= actions
    assert set(_texts(found, "themes")) == {"Safer streets", "Stronger families"}


def test_bulleted_we_will_sentences_under_a_lead_in_are_actions():
    found = _found("Minutes:\nThe director presented the draft plan. After the survey the plan "
                   "now holds partners to the following:\n· We will open a youth hub in Marsh "
                   "End\n· We will publish a yearly report for residents\n")
    assert {"open a youth hub in Marsh End", "publish a yearly report for residents"} <= set(
        _texts(found, "actions"))


def test_gerund_bullets_after_priority_actions_are_actions_not_themes():
    found = _found("To ease the cost of living, three priority actions have been added to the "
                   "plan:-\n\n  • Opening a debt advice line with the credit union\n"
                   "  • Keeping libraries open as warm spaces in winter\n"
                   "  • Helping 300 young people a year into apprenticeships\n")
    actions = set(_texts(found, "actions"))
    assert {"Opening a debt advice line with the credit union",
            "Keeping libraries open as warm spaces in winter"} <= actions
    assert not actions & set(_texts(found, "themes"))


# --- plans named by their kind, plans still to be written -------------------------------

def test_a_plan_named_only_by_its_kind_or_still_to_be_written_is_not_a_strategy():
    found = _found("Each partner keeps its own Delivery Plan and the Implementation Plan will "
                   "follow. We will develop a Fenshire Serious Violence Strategy next year. "
                   "We will deliver the Fenshire Domestic Abuse Strategy 2023-2026.")
    assert _texts(found, "strategies") == ["Fenshire Domestic Abuse Strategy 2023-2026"]


def test_a_plan_written_with_an_acronym_or_its_owner_before_it_is_one_plan():
    found = _found("Cabinet approved the Fenby Community Safety Partnership Strategy 2023-2026. "
                   "The FCSP Strategy 2023-2026 was drafted by partners. The Board's Carers "
                   "Strategy is in place, as is the Partnership's strategy for housing.")
    plans = {p["name"]: p.get("aliases", []) for p in found["strategies"]}
    assert plans == {"Fenby Community Safety Partnership Strategy 2023-2026":
                     ["FCSP Strategy 2023-2026"], "Carers Strategy": []}


def test_a_needs_assessment_is_procedural_not_a_strategy():
    found = _found("The Fenshire Joint Strategic Needs Assessment informs the Fenshire Joint "
                   "Local Health and Wellbeing Strategy 2024-2029.")
    assert _texts(found, "strategies") == [
        "Fenshire Joint Local Health and Wellbeing Strategy 2024-2029"]


def test_running_page_headers_are_page_furniture():
    pages = "".join(f"Fenshire Council Plan 2024-2028 | Page {n}\nOur priorities\n\n"
                    f"- Priority number {n} for the town\n\n" for n in range(3, 7))
    found = _found(pages)
    assert not [t for t in _texts(found, "themes") if "Page" in t]
    assert not [s for s in _texts(found, "strategies") if "Page" in s]
    slides = _found("".join(f"Slide {n}\n{t} theme\n• {t} for all\n\n"
                            for n, t in [(3, "Homes"), (4, "Jobs"), (5, "Parks")]))
    assert {"Homes", "Jobs", "Parks"} <= set(_texts(slides, "themes"))


def test_a_place_written_only_inside_names_is_not_an_area():
    found = _found("The Isles of Scilly Council and the Fenby Health and Wellbeing Board met in "
                   "Truro. Partners across Cornwall attended.")
    areas = _texts(found, "areas")
    assert "Cornwall" in areas and "Isles of Scilly" not in areas


def test_a_span_of_time_is_one_dated_entry_with_its_start_and_end():
    found = _found("The survey ran between August and October 2022. Engagement took place from "
                   "4 November to 15 December 2024. The Safer Fenby Plan 2025 to 2028 was "
                   "agreed; the earlier plan ran 2022-25.")
    spans = [(d.get("date"), d.get("start"), d.get("end")) for d in found["dates"]]
    assert spans == [(None, "2022-08", "2022-10"), (None, "2024-11-04", "2024-12-15"),
                     ("2025-2028", None, None), ("2022-25", None, None)]


def test_a_line_that_is_only_a_date_is_about_what_the_line_above_says():
    found = _found("Fenby Safety Partnership Board\n\nThursday 19 October 2023\n\n"
                   "Date of next meeting\n\nWednesday 17 January 2024, 2.00pm, Fenby Hall\n")
    whats = {d["date"]: d["what"] for d in found["dates"]}
    assert whats["2023-10-19"].startswith("Fenby Safety Partnership Board")
    assert whats["2024-01-17"].startswith("Date of next meeting")


def test_minutes_whose_heading_dates_the_meeting_record_the_bodys_meeting():
    found = _found("Fenby Community Safety Partnership\n\nDate: Tuesday 4 March 2025\n\n"
                   "Venue: Fenby Hall\n\nPresent: Ann Lowe (Chair)\n\n1. Welcome\n\nThe "
                   "Chair welcomed members.\n")
    assert {"body": "Fenby Community Safety Partnership", "date": "2025-03-04"} in [
        {k: m.get(k) for k in ("body", "date")} for m in found["meetings"]]
    found = _found("Fenby Council\n\nAgenda and minutes\n\nMarsh Health and Wellbeing Board "
                   "- Wednesday, 9th April, 2025 2.00 pm\n\nItems\n\nThe minutes of the "
                   "meeting held on 8 January 2025 were agreed.\n")
    bodies = {m.get("date"): m["body"] for m in found["meetings"]}
    assert bodies.get("2025-04-09") == "Marsh Health and Wellbeing Board"


def test_a_line_about_the_next_meeting_does_not_date_the_minutes():
    found = _found("Fenby Partnership Board\n\nDate of next meeting: Thursday 5 June 2025\n\n"
                   "The Board noted the report.\n")
    assert found["document"].get("date") != "2025-06-05"


# --- footprint sentences ---------------------------------------------------------------

def test_footprint_sentences_name_a_body_an_area_and_how_they_relate():
    found = _found("The ICP covered Fenshire, Marshton and Oldbury, so each board wrote its "
                   "own strategy. The police's neighbourhood units already matched the four "
                   "districts. The Westley locality is part of the North Fenshire place "
                   "alliance. The strategy covers five themes. We tried to match up the "
                   "key areas from the workshop.")
    assert _texts(found, "coterminosity") == [
        "The ICP covered Fenshire, Marshton and Oldbury, so each board wrote its own "
        "strategy.",
        "The police's neighbourhood units already matched the four districts.",
        "The Westley locality is part of the North Fenshire place alliance."]


# --- abbreviations used alone, capitals, a meeting's own heading ----------------------

def test_abbreviations_used_alone_are_the_bodies_the_document_names():
    found = _found("The Northshire Community Safety Partnership (the CSP) met in June. "
                   "The CSP agreed its plan, and the ICS reported on winter.")
    parts = {p["name"]: p.get("aliases", []) for p in found["partnerships"]}
    assert "CSP" in parts["Northshire Community Safety Partnership"]
    assert "ICS" in parts  # no full name written: a body known by the abbreviation


def test_a_board_named_in_a_heading_in_capitals():
    found = _found("MINUTES OF A MEETING OF THE NORTHSHIRE HEALTH AND WELLBEING BOARD\n\n"
                   "WHO IS ON THE NEW BOARD\n\n"
                   "Meeting of Cabinet held on 3 May 2024.\n")
    assert _texts(found, "partnerships") == ["Northshire Health and Wellbeing Board"]
    assert _texts(found, "organisations") == []  # not 'Meeting of Cabinet'


def test_generic_phrases_are_not_bodies():
    found = _found("The family of partnerships includes the thematic partnerships. "
                   "Councillor Ann Lee is the Portfolio Holder for Partnerships.")
    assert _texts(found, "partnerships") == [] and _texts(found, "organisations") == []


def test_a_childrens_trust_is_a_partnership():
    found = _found("The Children and Young People's Strategic Partnership Board, the "
                   "county's children's trust, meets four times a year.")
    assert "Children and Young People's Strategic Partnership Board" in \
        _texts(found, "partnerships")


def test_a_resolution_s_own_words_do_not_start_a_plan_s_name():
    found = _found("Fenshire Health and Wellbeing Board\n\n"
                   "1. Fenshire Joint Health and Wellbeing Strategy\n"
                   "RESOLVED: That the Fenshire Joint Health and Wellbeing Strategy be "
                   "endorsed.\n"
                   "AGREED: That the Fenshire Carers Action Plan be published.\n")
    names = _texts(found, "strategies")
    assert "Fenshire Joint Health and Wellbeing Strategy" in names
    assert "Fenshire Carers Action Plan" in names
    assert not [n for n in names if n.split()[0] in ("RESOLVED:", "AGREED:", "That")]


# --- lists run into their lead-in's line ----------------------------------------------

def test_bullets_run_into_the_lead_in_line_are_a_list():
    found = _found("The Harbourside Partnership will: • open two youth hubs by the quay "
                   "• train every street warden in first aid • publish a yearly report to "
                   "residents\n")
    assert {"open two youth hubs by the quay", "train every street warden in first aid",
            "publish a yearly report to residents"} <= set(_texts(found, "actions"))


def test_cells_of_a_collapsed_table_after_a_lead_in_are_a_list():
    found = _found("4.2 For each theme the Harbourside Partnership will: | name a lead officer "
                   "from each partner | report progress to the board twice a year |\n")
    assert {"name a lead officer from each partner",
            "report progress to the board twice a year"} <= set(_texts(found, "actions"))
    # a table's heading row has no lead-in: it stays one row
    assert not _texts(_found("| Theme | What it means |\n"), "actions")


# --- decisions: numbers alone on their lines, restarts, minutes approved -------------

def test_items_whose_number_stands_alone_above_them():
    found = _found("Decision taken\n\nORDERED That:\n1.\nThe Executive approve the Harbour "
                   "Safety Plan\n2026-2029 and its three aims.\n2.\nThe Quay Fund be extended "
                   "to April 2027 and a\nreport on its use be brought back.\n3.\nThe Director "
                   "of Place be authorised to\nagree the yearly plan with the partners.\n\n"
                   "OPTIONS\n\nNone.\n")
    resolutions = _texts(found, "resolutions")
    assert "The Executive approve the Harbour Safety Plan 2026-2029 and its three aims" \
        in resolutions
    assert len(resolutions) == 3


def test_a_body_agreed_with_a_colon_and_dash_above_roman_items():
    found = _found("The Board agreed:-\n\n(i) to approve the Harbour Wellbeing Strategy;\n\n"
                   "(ii) to ask officers for a yearly report; and\n\n(iii) to note the budget.\n")
    assert len(_texts(found, "resolutions")) == 3


def test_numbering_that_starts_again_is_a_list_of_its_own():
    found = _found("Members discussed the youth offer.\n\n(1) the refreshed Quay Youth "
                   "Strategy be endorsed;\n(2) a map of referrals be brought to the next "
                   "meeting.\n(1) Send the timetable to the fire service (2) Ask the police "
                   "for the figures\n")
    resolutions = _texts(found, "resolutions")
    assert "the refreshed Quay Youth Strategy be endorsed" in resolutions
    assert not any("timetable" in r for r in resolutions)


@pytest.mark.parametrize("line", [
    "That the Minutes of the meeting held on 3 March 2026 be confirmed as a correct record.",
    "The minute of the meeting held on 3rd March, 2026 was submitted and approved.",
    "The minutes of the meeting held on 3 March 2026 were AGREED as an accurate record, "
    "subject to the name of the Harbour Youth Safety and Wellbeing Strategy being spelt in "
    "full on page 6 and the date of the next workshop being moved to the spring.",
])
def test_minutes_approved_in_other_words(line):
    assert len(_texts(_found(f"Minutes of the last meeting\n\n{line}\n"), "resolutions")) == 1


# --- commitments led in other words; what residents will have ------------------------

@pytest.mark.parametrize("lead", ["Falls should be prevented earlier. This will be done by:",
                                  "We will help older people stay well at home by:",
                                  "What we will need to do well is:",
                                  "Under these, partners had committed to:"])
def test_other_lead_ins_of_commitments(lead):
    found = _found(f"{lead}\n\n- running strength classes in every library\n"
                   "- checking homes for trip hazards after a fall\n")
    assert {"running strength classes in every library",
            "checking homes for trip hazards after a fall"} <= set(_texts(found, "actions"))


def test_what_residents_will_have_is_a_vision_not_commitments():
    found = _found("Our vision\n\nBy 2035 we want every resident to feel well. Residents "
                   "will:\n\n- stay active into later life\n- live in a warm home\n")
    assert not _texts(found, "actions")
    themes = {t["text"]: t["level"] for t in found["themes"]}
    assert themes.get("stay active into later life") == "ambition"
    assert themes.get("live in a warm home") == "ambition"


# --- attendance as a name line and a description line --------------------------------

def test_attendance_copied_from_two_columns_name_then_role():
    found = _found("Present:-\n\nMembers\n\nRole\n\nOlwen CARRICK (Chair)\n\nNominated by "
                   "Fenby Borough Council (Elected Member)\n\nBastian Moor\n\nChief Executive, "
                   "Fenby Valley NHS Foundation Trust\n\nPriya Lal\n\nDirector of Public Health"
                   "\n\nApologies\n\nIvo Hart\n\nFenby Carers Forum\n")
    people = {p["name"]: p for p in found["people"]}
    assert {"Olwen Carrick", "Bastian Moor", "Priya Lal", "Ivo Hart"} <= set(people)
    assert people["Priya Lal"]["role"] == "Director of Public Health"
    # a role line is not a person of its own
    assert not any(n.startswith(("Chief", "Director", "Nominated")) for n in people)


# --- themes in a collapsed table and in a counted series with long items --------------

def test_a_collapsed_table_after_a_lead_in_gives_its_first_cells():
    found = _found("The proposed priorities are:\n\n| Priority | What it means |\n\n"
                   "| Warm homes | fewer families in cold homes |\n\n"
                   "| Good jobs | more local people in steady work |\n")
    themes = _texts(found, "themes")
    assert {"Warm homes", "Good jobs"} <= set(themes)
    assert "Priority" not in themes and not any("|" in t for t in themes)


def test_a_counted_series_after_a_qualified_noun():
    found = _found("The plan sets three long-term ambitions for everyone in the valley: to "
                   "start well, to live well and to be cared for with dignity at the end of "
                   "their lives.\n\nCabinet noted the two priorities of the plan: "
                   "getting young people into training and work; and keeping older people "
                   "active and connected in their own homes.\n")
    themes = set(_texts(found, "themes"))
    assert {"to start well", "to live well",
            "to be cared for with dignity at the end of their lives"} <= themes
    assert {"getting young people into training and work",
            "keeping older people active and connected in their own homes"} <= themes


# --- a label alone above its title; labels in children's words; proposals ------------

def test_a_label_alone_on_its_line_and_its_title_wrapped_below():
    found = _found("Our strategy in brief\nGoal 1:\nA busy market square\nthat brings people "
                   "in\nPhoto: the market\nGoal 2:\nSafe and quiet\nstreets at night\n")
    themes = set(_texts(found, "themes"))
    assert {"A busy market square that brings people in",
            "Safe and quiet streets at night"} <= themes
    assert not {"Goal 1", "Goal 2"} & themes


def test_wishes_written_in_childrens_words_are_ambitions():
    found = _found("Wish 1: When we are worried, someone listens to us\nWe will achieve this "
                   "by:\n- training a listening adult in every school\n")
    themes = {t["text"]: t["level"] for t in found["themes"]}
    assert themes.get("When we are worried, someone listens to us") == "ambition"


def test_proposals_led_by_an_article_before_an_abbreviation():
    found = _found("Proposals\n\n- one HWB subgroup for prevention\n- a shared budget for "
                   "prevention\n- an annual report to residents\n")
    assert "one HWB subgroup for prevention" in _texts(found, "actions")


def test_bullets_a_pdf_font_copied_as_the_letter_l():
    found = _found("Together we have agreed three priorities for the town:\nl a busier high "
                   "street with local shops\nl young people who reach their\npotential\nl "
                   "cleaner parks and rivers\n")
    themes = set(_texts(found, "themes"))
    assert {"a busier high street with local shops", "cleaner parks and rivers"} <= themes
    assert not any(t.startswith("l ") for t in themes)


def test_a_meeting_written_as_its_date_a_dash_and_the_body():
    found = _found("Issue - meetings\n\nMeeting: 04/02/2026 - Cabinet (Item 7)\n\n"
                   "Decision:\n\nCabinet RESOLVED to approve the Quayside Plan.\n")
    assert {"body": "Cabinet", "date": "2026-02-04"} in [
        {k: m.get(k) for k in ("body", "date")} for m in found["meetings"]]


def test_the_meeting_held_on_a_date_is_the_documents_own_bodys():
    found = _found("Issue - meetings\n\nMeeting: 10/03/2026 - Harbourside Health and "
                   "Wellbeing Board (Item 4)\n\nMinutes:\n\nThe minutes of the meeting held "
                   "on 9 December 2025 were agreed as a correct record.\n\nRESOLVED: That "
                   "the report be noted.\n")
    dates = {m.get("date"): m["body"] for m in found["meetings"]}
    assert "Harbourside Health and Wellbeing Board" in dates.get("2025-12-09", "")


# --- sixth session: visions stated in other words --------------------------------------

@pytest.mark.parametrize(("sentence", "vision"), [
    ("Its shared ambition is that every older person in Fenmouth can stay in their own home.",
     "every older person in Fenmouth can stay in their own home"),
    ("B4. Its overarching aim is for Fenmouth to be a town where nobody goes hungry.",
     "Fenmouth to be a town where nobody goes hungry"),
    ("The town is small. Our ambition for 2035 is that every street has a tree on it.",
     "every street has a tree on it"),
    ("The Board's vision, written into its first plan in 2019, is of a harbour town where "
     "young people choose to stay.", "a harbour town where young people choose to stay"),
    ('Our joint vision is "a county where nobody waits long for help".',
     "a county where nobody waits long for help"),
    ("The vision is unchanged: a valley in which every child can swim by the age of eleven.",
     "a valley in which every child can swim by the age of eleven"),
])
def test_a_vision_said_in_other_words_is_an_ambition(sentence, vision):
    themes = {t["text"]: t["level"] for t in _found(sentence + "\n")["themes"]}
    assert themes.get(vision) == "ambition", themes


def test_a_place_that_will_be_a_place_where_is_a_vision():
    found = _found("Where we want to be\n\nBy 2031, Lower Fenmouth will be a district where "
                   "people of every age can find work close to home.\n")
    themes = {t["text"]: t["level"] for t in found["themes"]}
    assert themes.get("By 2031, Lower Fenmouth will be a district where people of every age "
                      "can find work close to home") == "ambition"
    assert not _found("The Council will be a partner to the new board.\n")["themes"]


def test_a_vision_heading_run_into_its_slide_text():
    found = _found("OUR VISION Fenmouth will be a town people are proud of, from the quay to "
                   "the moor\n\nOUR VISION   OUR PLAN   HOW WE WORK\n")
    assert _texts(found, "themes") == ["Fenmouth will be a town people are proud of, from the "
                                       "quay to the moor"]


# --- sixth session: headings with a section's number or letter ----------------------------

def test_numbered_section_headings_lead_their_lists_and_visions():
    found = _found("The plan says what the council will do in the next five years, with whom, "
                   "and how residents will know it worked.\n\n3 OUR TWO AIMS\nA Busier Harbour"
                   "\nA Kinder Town\n\n4 OUR VISION\n\nBy 2032 the parish of Fenmouth will be a "
                   "place where boats come back: busy, clean and welcoming.\n\n5 HOW WE WILL "
                   "KNOW\n\nThe Cabinet will see a report every quarter and the plan will be "
                   "reviewed in 2030.\n")
    themes = _texts(found, "themes")
    assert {"A Busier Harbour", "A Kinder Town"} <= set(themes)
    visions = [t for t in themes if "Fenmouth" in t]
    assert visions == ["By 2032 the parish of Fenmouth will be a place where boats come back: "
                       "busy, clean and welcoming"]  # once, not also cut at the colon


def test_lettered_headings_over_commitments_are_priorities_without_their_letter():
    found = _found("3 Our priorities\n\na A kinder harbour town\n\nWe will\n\n- open a warm "
                   "space in every ward\n\nb A busier high street\n\nWe will\n\n- fill ten "
                   "empty shops\n")
    themes = set(_texts(found, "themes"))
    assert {"A kinder harbour town", "A busier high street"} <= themes
    assert not any(t.startswith(("a ", "b ")) for t in themes)


def test_contents_lines_with_section_numbers_and_pages_lead_no_list():
    found = _found("Contents\n\n1 Who we are 3\n\n2 What the plan will deliver 5\n\n"
                   "21 What people asked for 5\n\n22 Our priorities 6\n\n3 Reporting back 9\n")
    assert not found["actions"] and not found["themes"]


def test_areas_a_plan_is_built_round_when_counted_are_priorities():
    found = _found("The draft was built round three lever areas:\n\n- warm homes;\n\n"
                   "- safe parks; and\n\n- busy high streets.\n\nIt covers two areas:\n\n"
                   "- Fenby\n- Marsh\n- Upton\n")
    themes = {t["text"]: t["level"] for t in found["themes"]}
    assert {themes.get(t) for t in ("warm homes", "safe parks", "busy high streets")} == \
        {"priority"}
    assert not {"Fenby", "Marsh", "Upton"} & set(themes)  # two areas counted, three listed


def test_items_whose_bullets_were_lost_leaving_two_spaces():
    found = _found("6.0 Plan refresh AB presented the four priorities the partners had "
                   "signed up to:  Cleaner rivers  The town centre  Jobs for young people  "
                   "Older people's health\n")
    assert {"Cleaner rivers", "The town centre", "Jobs for young people",
            "Older people's health"} <= set(_texts(found, "themes"))


# --- sixth session: the meetings of minutes whose body has no kind word -----------------

def test_a_capitals_heading_or_a_moderngov_line_names_the_minutes_body():
    found = _found("FENBY TOGETHER\nLSP BOARD MEETING\nMinutes of 4 March 2026\n\n"
                   "The minutes of the meeting held on 2 December 2025 were agreed.\n")
    meetings = {(m["body"].lower(), m.get("date")) for m in found["meetings"]}
    assert {("fenby together", "2026-03-04"), ("fenby together", "2025-12-02")} <= meetings
    found = _found("Agenda and minutes\n\nFenby Together - Thursday 4th March, 2026 10.00 am"
                   "\n\nThat the Minutes of the meeting held on 2 December 2025 be confirmed.\n")
    meetings = {(m["body"], m.get("date")) for m in found["meetings"]}
    assert {("Fenby Together", "2026-03-04"), ("Fenby Together", "2025-12-02")} <= meetings


def test_the_next_meeting_under_its_own_heading_and_the_last_one_by_its_date():
    found = _found("Marsh Partnership Board\n\nDate: Monday 9 March 2026\n\n1 / Minutes of the "
                   "meeting on 8th December 2025\n\nAgreed.\n\n5 / Date of next meeting\n\n"
                   "8th June 2026, 10am, Town Hall.\n\nPrinted: 10/03/2026\n")
    dates = {m.get("date") for m in found["meetings"] if m["body"] == "Marsh Partnership Board"}
    assert {"2026-03-09", "2025-12-08", "2026-06-08"} <= dates
    assert "2026-03-10" not in dates  # the page's print date is not a meeting


def test_a_board_written_with_an_ampersand_is_the_named_board_once():
    found = _found("Meeting: 12/02/2026 - Health & Wellbeing Board (Item 6)\n\nMinutes:\n\n"
                   "The Fenby & Marsh Health and Wellbeing Board noted the update.\n")
    assert _texts(found, "partnerships") == ["Fenby & Marsh Health and Wellbeing Board"]
    assert [(m["body"], m.get("date")) for m in found["meetings"]] == [
        ("Fenby & Marsh Health and Wellbeing Board", "2026-02-12")]


def test_unnumbered_slides_below_a_slides_line_are_read_as_slides():
    found = _found("FENMOUTH TOGETHER Our plan 2026 Jo Bell Partnership Manager\n\nSlides:\n\n"
                   "FENMOUTH TOGETHER Our plan for 2026 Jo Bell Partnership Manager\n\n"
                   "OUR PRIORITIES Safer streets Cleaner beaches Busier harbour\n\n"
                   "RECOMMENDATIONS That the Board adopt the plan That each group report in "
                   "June\n")
    assert found["document"]["kind"] == "slides"
    assert {"Safer streets", "Cleaner beaches", "Busier harbour"} <= set(_texts(found, "themes"))
    assert "That the Board adopt the plan" in " ".join(_texts(found, "resolutions"))


def test_a_decision_pages_labelled_fields_are_not_the_sections_it_counted():
    found = _found("Decision:\nThe Cabinet considered the Fenby Safer Streets Plan, which puts "
                   "its work under two themes.\n\nRESOLVED - That\n\n(1) the two themes be "
                   "endorsed:\nSafer town centres;\nFewer repeat victims;\n\n(2) the plan be "
                   "approved.\n\nReasons for the decision:\nThe duty to publish a plan.\n\n"
                   "Alternative options considered:\nNone.\n\nAccompanying Documents:\n"
                   "Fenby Safer Streets Plan pdf icon PDF 1 MB\n")
    themes = set(_texts(found, "themes"))
    assert {"Safer town centres", "Fewer repeat victims"} <= themes
    assert not {"Reasons for the decision", "Alternative options considered",
                "Accompanying Documents"} & themes


def test_sections_counted_in_a_sentence_and_labelled_below_it_still_are_themes():
    found = _found("The plan is built around two themes, each with its ambition.\n\n"
                   "Harbour & Coast:\nA working harbour and clean beaches\n\n"
                   "Town Centre:\nA busy high street with local shops\n\nWe will:\n"
                   "- open the market every Saturday\n")
    themes = {t["text"]: t["level"] for t in found["themes"]}
    assert themes.get("Harbour & Coast") == themes.get("Town Centre") == "theme"
    assert "We will" not in themes


def test_what_people_told_us_is_findings_and_a_plan_that_commits_us_lists_actions():
    found = _found("Our priorities\n\nIn the survey residents told us:\n\n- The harbour makes "
                   "the town what it is\n- Buses stop too early in the evening\n\n"
                   "The Town Plan 2024-2028 already commits the council to:\n\n- keeping every "
                   "library open six days a week\n- planting a tree for every child born here\n")
    themes = set(_texts(found, "themes"))
    assert not {"The harbour makes the town what it is",
                "Buses stop too early in the evening"} & themes
    assert {"keeping every library open six days a week",
            "planting a tree for every child born here"} <= set(_texts(found, "actions"))
    assert "keeping every library open six days a week" not in themes


def test_bullets_completing_what_the_place_is_to_be_make_up_its_vision():
    found = _found("By 2035 we want Fenmouth to be a town where:\n\n- older people stay in "
                   "their own homes for longer\n- every child can swim by the age of eleven\n"
                   "- the harbour is busy all year round\n")
    themes = {t["text"]: t["level"] for t in found["themes"]}
    assert themes.get("every child can swim by the age of eleven") == "ambition"
    assert themes.get("the harbour is busy all year round") == "ambition"


def test_a_moderngov_line_with_a_short_form_and_a_meeting_held_without_on():
    found = _found("Agenda and minutes\n\nHealth and Wellbeing Board - Tuesday, 3rd March, 2026 "
                   "2.00 pm\n\nMinutes from meeting held 9th December 2025\n\nThe minutes were "
                   "agreed. The Marsh Health and Wellbeing Board noted the report.\n")
    meetings = {(m["body"], m.get("date")) for m in found["meetings"]}
    assert {("Marsh Health and Wellbeing Board", "2026-03-03"),
            ("Marsh Health and Wellbeing Board", "2025-12-09")} <= meetings, meetings


def test_a_label_whose_colon_was_lost_is_not_a_theme_of_its_own():
    found = _found("Our priorities\n\nPriority 1 Keeping older people warm at home\n\nWe will "
                   "fit insulation in 300 homes.\n\nPriority 2 Cutting knife crime\n\nWe will "
                   "fund youth workers in every ward.\n")
    themes = set(_texts(found, "themes"))
    assert {"Keeping older people warm at home", "Cutting knife crime"} <= themes
    assert not {"Priority 1", "Priority 2"} & themes


def test_the_thematic_partnerships_and_the_family_of_partnerships_are_not_bodies():
    found = _found("The Fenby Partnership leads a family of partnerships. The Family of "
                   "Partnerships meets once a year, and the Thematic Partnerships report to "
                   "it, as does the Thematic Group on housing.\n")
    assert _texts(found, "partnerships") == ["Fenby Partnership"]


def test_a_slide_of_recommendations_gives_no_themes():
    found = _found("Slides:\n\n1 Fenby First Our partnership Jo Bell Partnership Manager\n\n"
                   "2 What we do • Bring partners together • Agree one plan\n\n"
                   "3 Recommendations to the Board • That the Board meets every month • That "
                   "each theme group writes a plan\n")
    themes = set(_texts(found, "themes"))
    assert {"Bring partners together", "Agree one plan"} <= themes
    assert not any(t.startswith("That ") for t in themes)


def test_bullets_run_into_the_line_after_a_colon():
    found = _found("Item 5 | The board kept its three priorities and added two more: - Warmer "
                   "homes - Fewer falls at home - Quicker mental health help - Cleaner air - "
                   "Longer healthier lives for people in the poorest wards of the town Members "
                   "asked about costs. The report was noted. |\n")
    themes = set(_texts(found, "themes"))
    assert {"Warmer homes", "Fewer falls at home", "Quicker mental health help",
            "Cleaner air"} <= themes
    assert not any("Members asked" in t for t in themes)


def test_a_counted_series_whose_last_item_holds_an_and():
    found = _found("The plan sits beside the county strategy, whose three areas of focus are "
                   "grow up well, work well, and rest well and stay well.\n")
    assert {"grow up well", "work well", "rest well and stay well"} <= set(
        _texts(found, "themes"))


def test_a_partnerships_values_are_its_principles():
    found = _found("Our values\n\n- Kindness\n- Honesty\n- Working as one team\n")
    themes = {t["text"]: t["level"] for t in found["themes"]}
    assert themes.get("Honesty") == themes.get("Working as one team") == "principle"


def test_a_singular_outcome_heading_over_its_one_sentence():
    found = _found("Place\n\nOur policy outcome\n\nEvery street in the borough is clean, lit "
                   "and safe to walk at night.\n\nOur approach\n\nWe listen before we act.\n")
    themes = {t["text"]: t["level"] for t in found["themes"]}
    assert themes.get("Every street in the borough is clean, lit and safe to walk at "
                      "night") == "outcome"
    assert "We listen before we act" not in themes



def test_a_lead_in_wrapped_over_lines_keeps_its_level_word():
    from lspgraph.documents import Block, Document

    lines = ["Jo Bell presented the draft plan for the town. The plan keeps the three themes",
             "that the board and the council share:", "Harbour – a working port with good jobs",
             "Homes – warm and affordable homes for every family",
             "Health – longer and healthier lives for everyone here",
             "She said that the targets would follow from the county agreement next year."]
    doc = Document("<wrapped>", "txt", [Block("paragraph", t, 0, len(t), k + 1)
                                        for k, t in enumerate(lines)])
    assert {"Harbour", "Homes", "Health"} <= set(_texts(extract(doc), "themes"))


# --- seventh session (extract lane): the eighth batch's misses, in texts of our own ----

def test_welsh_health_boards_are_nhs_bodies_not_partnership_boards():
    found = _found("The regional partnership brings together Marsh County Council, Glanwy "
                   "University Health Board and Afon Teaching Health Board.\n")
    orgs = set(_texts(found, "organisations"))
    assert {"Glanwy University Health Board", "Afon Teaching Health Board"} <= orgs
    assert not {"Glanwy University Health Board", "Afon Teaching Health Board"} & set(
        _texts(found, "partnerships"))


def test_corporations_and_welsh_national_bodies_are_organisations():
    found = _found("Partners include the Fenby Development Corporation, the Welsh "
                   "Government and Natural Resources Wales.\n")
    assert {"Fenby Development Corporation", "Welsh Government",
            "Natural Resources Wales"} <= set(_texts(found, "organisations"))


def test_an_officers_report_asking_the_board_to_resolve_numbered_paragraphs():
    found = _found("2.   Recommendation\n\nThe Board is asked to RESOLVE that:\n"
                   "     2.1  The Fenby Play Strategy 2027-2030 be approved.\n"
                   "     2.2  The three priorities at paragraph 3.2 be adopted.\n\n"
                   "3.   Detail\n\n3.1  The strategy was drafted with parents.\n")
    assert _texts(found, "resolutions") == [
        "The Fenby Play Strategy 2027-2030 be approved",
        "The three priorities at paragraph 3.2 be adopted"]


def test_a_tab_separated_attendance_table_gives_one_person_a_row():
    found = _found("Present:\nCllr Ann Lowe\tFenby Borough Council (Chair)\tAL\n"
                   "Tom Pike\tFenby Fire and Rescue Service\tTP\nJo Bell\tMarsh Aid\tJB\n\n"
                   "1.  Welcome\n    AL welcomed members.\n")
    people = {p["name"]: p for p in found["people"]}
    assert {"Ann Lowe", "Tom Pike", "Jo Bell"} <= set(people)
    assert people["Tom Pike"].get("organisation") == "Fenby Fire and Rescue Service"
    assert people["Jo Bell"].get("organisation") != "JB"  # the initials column


def test_abbreviated_ranks_and_a_second_from_do_not_end_an_attendance_line():
    found = _found("Present: Cllr Ann Lowe (Chair), Insp. Tom Pike (Fenby Police), Jo Bell "
                   "(Fenby College)\n\nApologies for absence were received from Councillor "
                   "Sam Ode and from Kim Lo (Healthwatch Fenby).\n")
    assert {"Ann Lowe", "Tom Pike", "Jo Bell", "Sam Ode", "Kim Lo"} <= set(
        _texts(found, "people"))


def test_people_named_by_their_part_in_the_meeting():
    found = _found("Kim Lo (Marsh Aid) attended in place of Sam Ode. Ravi Shah attended for "
                   "Fenby CVS.\n\n(Moved by Councillor D Hale and seconded by Jo Bell)\n\n"
                   "The Partnership Co-ordinator, Tom Pike, presented the plan. HM (Hana "
                   "Moss, Fenby Care Forum) said that home care needed its own actions. The "
                   "Community Safety Manager said the plan was on track.\n")
    people = set(_texts(found, "people"))
    assert {"Kim Lo", "Sam Ode", "Ravi Shah", "Jo Bell", "Tom Pike", "Hana Moss"} <= people
    assert "Safety Manager" not in people


def test_a_list_numbered_one_throughout_is_one_list_of_decisions():
    found = _found("RESOLVED to:-\n\n  1. endorse the three priorities of the plan;\n\n"
                   "  1. ask the Director of Public Health to report in March;\n\n"
                   "  1. note the work of the Fenby Place Partnership.\n\nNext item\n")
    assert len(found["resolutions"]) == 3
    assert "note the work of the Fenby Place Partnership" in _texts(found, "resolutions")


def test_decisions_recorded_after_a_proposer_and_seconder_and_minutes_confirmed():
    found = _found("Councillor Hale proposed, Councillor Ode seconded and Members agreed to "
                   "note the report and to ask for figures on shop theft.\n\n"
                   "The Board confirmed the minutes of its meeting on 9 July 2026 as a "
                   "correct record.\n")
    texts = " | ".join(_texts(found, "resolutions"))
    assert "note the report and to ask for figures on shop theft" in texts
    assert "confirmed the minutes of its meeting on 9 July 2026" in texts


def test_recommendations_on_a_slide_and_to_the_deciding_body():
    slide = _found("Slides:\n\n8. Recommendations That the Board adopts the five themes That "
                   "each lead writes a delivery plan by June\n")
    assert _texts(slide, "resolutions") == ["That the Board adopts the five themes",
                                            "That each lead writes a delivery plan by June"]
    listed = _found("12 Recommendations\n\n• That each group agrees three targets\n\n"
                    "• That the Board reviews its membership in March\n")
    assert len(listed["resolutions"]) == 2
    committee = _found("Members welcomed the plan.\n\nRECOMMENDED to Cabinet that the draft "
                       "strategy be approved, subject to hate crime being named.\n")
    assert any("the draft strategy be approved" in t for t in _texts(committee, "resolutions"))


def test_a_plan_table_gives_its_priorities_as_themes_and_its_cells_as_actions():
    bars = _found("Our local priorities\n\nPriority | We will | Lead agency | By when\n"
                  "Safer parks | light the paths in Marsh Park | Fenby Council | 2027\n"
                  "Safer parks | fund two park wardens | Fenby Police | 2028\n"
                  "Road safety | hold speed watch sessions in the villages | Fenby Fire "
                  "and Rescue Service | ongoing\n")
    assert {"Safer parks", "Road safety"} <= set(_texts(bars, "themes"))
    assert {"light the paths in Marsh Park", "fund two park wardens",
            "hold speed watch sessions in the villages"} <= set(_texts(bars, "actions"))
    spaced = _found("Our plan on a page\n\nOur priorities      What we will do"
                    "                      How we will know\n"
                    "1 Start well        Open two family hubs in the north       More "
                    "children ready for school\n"
                    "                    and in the rural villages\n"
                    "2 Age well          Set up one falls service with the       Fewer "
                    "hip fractures\n"
                    "                    community trust\n\nWho we are\n")
    assert {"Start well", "Age well"} <= set(_texts(spaced, "themes"))
    assert {"Open two family hubs in the north and in the rural villages",
            "Set up one falls service with the community trust"} <= set(
        _texts(spaced, "actions"))


def test_a_councils_departments_are_not_bodies_but_primary_care_networks_are():
    found = _found("Contact: Democratic Services, Fenby Borough Council. The report was "
                   "written with Children's Services and the Fenby Primary Care Networks.\n")
    orgs = set(_texts(found, "organisations"))
    assert "Fenby Borough Council" in orgs and "Fenby Primary Care Networks" in orgs
    assert not {"Democratic Services", "Children's Services"} & orgs


def test_a_partnerships_ways_of_working_are_its_principles():
    found = _found("Our ways of working\n- Start with what residents tell us\n"
                   "- Share data between partners\n- Spend money where the need is greatest\n")
    themes = {t["text"]: t["level"] for t in found["themes"]}
    assert themes.get("Share data between partners") == "principle"
    assert themes.get("Start with what residents tell us") == "principle"


def test_glossed_lines_counted_by_a_sentence_with_a_full_stop_are_themes():
    found = _found("In May the partnership agreed three priorities for 2027 to 2029. They "
                   "follow the county's strategy.\nCleaner air – fewer cars idling near "
                   "schools\nActive lives – more people walking to work\nWarm homes – "
                   "insulation for the oldest houses\nWhat we will do\nWe will plant trees.\n")
    themes = {t["text"]: t["level"] for t in found["themes"]}
    assert themes.get("Cleaner air") == "priority" and themes.get("Warm homes") == "priority"
    # a count that does not match the glossed lines below it leads into none of them
    other = _found("The board agreed two priorities. They follow the strategy.\n"
                   "Cleaner air – fewer cars idling\nActive lives – more walking\n"
                   "Warm homes – insulation for old houses\n")
    assert "Cleaner air" not in _texts(other, "themes")


def test_an_accordion_pages_plus_titles_are_headings():
    found = _found("Show all sections\n+ About us\nThe partnership brings schools and the "
                   "health board together to plan services for children.\n+ Our priorities "
                   "2026-2029\nSafe at home – help for families under strain\nReady for "
                   "school – good childcare in every town\n+ Contact us\nWrite to the "
                   "partnership manager at the county hall.\n")
    themes = {t["text"]: t["level"] for t in found["themes"]}
    assert themes.get("Safe at home") == "priority"
    assert themes.get("Ready for school") == "priority"
    blocks = read_text("Expand all sections\nOur aims +\nWe want every child to be safe and "
                       "well at home and at school.\nDelivery +\nThe plan is delivered by "
                       "four groups that meet every quarter.\n", "<t>").blocks
    assert [(b.kind, b.text) for b in blocks if b.kind == "heading"] == [
        ("heading", "Our aims"), ("heading", "Delivery")]


def test_a_numbered_list_run_into_a_minute_after_a_level_is_themes():
    found = _found("4 | Safer Fenby plan. The officer presented the draft. Proposed "
                   "priorities: 1) Knife crime; 2) Shop theft; 3) Speeding in the villages. "
                   "Members agreed the plan. | JB\n")
    assert {"Knife crime", "Shop theft", "Speeding in the villages"} <= set(
        _texts(found, "themes"))
    actions = _found("The Board will: 1) meet; 2) publish a plan. It closed.\n")
    assert not _texts(actions, "themes")


def test_a_labelled_note_under_each_lettered_objective_keeps_the_list_whole():
    found = _found("Our objectives\nA. Warm homes – fewer cold houses\n   Measure: fewer "
                   "homes below band C\nB. Good jobs – more people in work\n   Measure: more "
                   "apprentices\nC. Safe streets – less violent crime\n   Measure: fewer "
                   "admissions\n")
    themes = {t["text"]: t["level"] for t in found["themes"]}
    assert themes.get("Safe streets") == "objective" and themes.get("Good jobs") == "objective"


def test_a_council_for_voluntary_service_is_one_voluntary_body():
    found = _found("The compact was signed by Fenby Council for Voluntary Service, Fenby "
                   "Borough Council and Marshland Association of Voluntary Organisations "
                   "(MAVO). Later MAVO reported on grants.\n")
    orgs = {o["name"]: o for o in found["organisations"]}
    assert orgs["Fenby Council for Voluntary Service"]["kind"] == "voluntary"
    assert "Marshland Association of Voluntary Organisations" in orgs
    assert "Fenby Borough Council" in orgs and "Voluntary Service" not in orgs


def test_attendance_written_with_semicolons_bars_and_pointed_initials():
    semi = _found("Present: Cllr Ann Lowe (Chair, Fenby Council); Tom Pike (Probation "
                  "Service); Gil Tanner (Fenby County Council Adult Services).\n")
    assert {"Ann Lowe", "Tom Pike", "Gil Tanner"} <= set(_texts(semi, "people"))
    bars = _found("Attendees: Cllr Ann Lowe (Chair), Fenby Council | Kim Lo, Fenby Council | "
                  "Sam Ode, Fenshire Police\n")
    assert {"Kim Lo", "Sam Ode"} <= set(_texts(bars, "people"))
    assert not {"Fenby Council", "Fenshire Police"} & set(_texts(bars, "people"))
    pointed = _found("PRESENT: Mr D.J. Orton - Leader (in the Chair)\n\nApologies for absence "
                     "were received from Mrs P.A. Quill and Mr T. Hythe.\n")
    names = " ".join(_texts(pointed, "people"))
    assert "D.J. Orton" in names and "Quill" in names and "Hythe" in names


def test_a_table_whose_first_column_is_the_priorities_without_an_action_column():
    found = _found("Our priorities\n\nPriority             Why it matters                "
                   "   Lead partner\nSafer parks          Thefts from cars rose in 2025     "
                   "   Fenby Police\n                     and again in the spring\nQuiet "
                   "streets        Noise complaints doubled           Fenby Council\n\n"
                   "What we will do\n")
    assert {"Safer parks", "Quiet streets"} <= set(_texts(found, "themes"))
    assert not {"Fenby Police", "Thefts from cars rose in 2025"} & set(_texts(found, "themes"))
    listing = _found("Name        Priority        Lead\nAnn Lowe    Safer parks     "
                     "Fenby Police\nTom Pike    Quiet streets   Fenby Council\n")
    assert "Ann Lowe" not in _texts(listing, "themes")


def test_a_county_voluntary_or_active_body_named_by_its_place_alone():
    found = _found("The bid was backed by Support Staffordshire, Voluntary Norfolk and Active "
                   "Lincolnshire. The Active Travel Officer and the Support Team attended.\n")
    orgs = set(_texts(found, "organisations"))
    assert {"Support Staffordshire", "Voluntary Norfolk", "Active Lincolnshire"} <= orgs
    assert not {"Active Travel", "Support Team"} & orgs
    # a plan's theme named 'Safer <place>' stays a theme, not a body
    themes = _found("Our themes are:\n- Safer Leeds\n- Healthier Leeds\n")
    assert "Safer Leeds" in _texts(themes, "themes")


def test_a_reports_labelled_officer_is_a_person():
    found = _found("Report author: Hal Brightwater\n\nLead officer: Sunniva Okoro\n\n"
                   "Contact officer: Partnerships Team, Fenby Council\n")
    names = set(_texts(found, "people"))
    assert {"Hal Brightwater", "Sunniva Okoro"} <= names
    assert "Partnerships Team" not in names


def test_an_agreed_label_after_a_minutes_discussion_in_a_table_row():
    found = _found("3 | Youth work. KP outlined the bid for a detached youth worker. AGREED: "
                   "the partnership to fund the post for a year. | KP\n4 | Any other business. "
                   "None. | –\n")
    assert "the partnership to fund the post for a year" in _texts(found, "resolutions")


def test_a_theme_slides_to_objectives_then_its_deliverables():
    found = _found("Slide 4\nGreener Fenby theme\n– To cut fly-tipping on the estates\n– To "
                   "plant more street trees\n– A repair cafe in every market town\n– Free "
                   "bulky waste collection for older residents\n")
    themes, actions = set(_texts(found, "themes")), set(_texts(found, "actions"))
    assert "To cut fly-tipping on the estates" in themes
    assert {"A repair cafe in every market town",
            "Free bulky waste collection for older residents"} <= actions
    assert "A repair cafe in every market town" not in themes


def test_back_to_top_links_and_labels_in_cells_are_not_themes():
    found = _found("Our aims\n\nAim A: Homes people can afford\nAim B: Quieter streets\n\n"
                   "Back to contents\n\nDelivery\n\nThe partnership will:\n- meet each "
                   "quarter\n\nOur priorities\nPriority 1 | Exploitation – children and adults "
                   "exploited for labour or crime\nPriority 2 | Neglect – spotting it early and "
                   "acting on it together\n")
    themes = set(_texts(found, "themes"))
    assert {"Homes people can afford", "Quieter streets", "Exploitation", "Neglect"} <= themes
    assert not {"Back to contents", "Delivery", "Priority 1"} & themes
    assert not any(t.startswith("Exploitation –") for t in themes)


def test_full_council_is_a_meeting_body_not_an_organisation():
    found = _found("Fenby District Council's plan was adopted at the meeting of Full Council "
                   "held on 21 February 2026.\n")
    orgs = set(_texts(found, "organisations"))
    assert "Full Council" not in orgs and "Fenby District Council" in orgs
    assert any(m["body"] == "Full Council" for m in found["meetings"])


def test_a_plans_span_of_years_is_no_meeting_date():
    found = _found("The Fenby Community Safety Partnership agreed its plan for 2026-2029 at "
                   "its meeting on 4 March 2026.\n")
    dates = [m.get("date") for m in found["meetings"]]
    assert "2026-03-04" in dates and "2026-2029" not in dates


def test_a_venue_or_a_persons_name_is_not_an_area():
    found = _found("Venue: Preston Room, Council Offices, Fenby.\n\nDr Ellen Stroud presented "
                   "the report on Cornwall.\n")
    areas = set(_texts(found, "areas"))
    assert "Cornwall" in areas and not {"Preston", "Stroud"} & areas


def test_a_councils_scrutiny_board_is_an_organisation_not_a_partnership():
    found = _found("The Fenby Community Safety Partnership reported to the Overview and "
                   "Scrutiny Board of Fenby Borough Council.\n")
    assert "Overview and Scrutiny Board" in _texts(found, "organisations")
    assert "Overview and Scrutiny Board" not in _texts(found, "partnerships")
    assert "Fenby Community Safety Partnership" in _texts(found, "partnerships")
