"""The default field catalogue. A library carries its own copy in library.json,
so reviewers can add or relabel fields without touching code."""

from __future__ import annotations

from .models import FieldDef

#: Words that often stand near each field's evidence (suggestions use them).
_HINTS: dict[str, list[str]] = {
    "institution": ["university", "researchers at", "team", "led by", "co-led", "professor", "scientists", "clinic", "institute"],
    "condition": ["injury", "injuries", "fractures", "disease", "patients with", "sustained", "mimic", "suffering from"],
    "study_design": ["clinical trial", "phase", "first clinical study", "animal trials", "randomised", "controlled", "case series", "control group"],
    "subjects": ["<n>", "patients", "adults", "participants", "rats", "mice", "trial with", "details of the patients"],
    "comparator": ["control group", "placebo", "compared with", "versus", "sham", "untreated", "controlled"],
    "timing": ["days after", "weeks after", "within", "before the operation", "acute", "chronic", "after the injury", "<duration>"],
    "cell_source": ["derived from", "stem cells from", "adipose", "fat", "induced pluripotent", "harvested", "extracted"],
    "cell_origin": ["own", "autologous", "allogeneic", "donor", "patient's own", "from the patient"],
    "cell_preparation": ["cultivated", "grown", "expanded", "reprogrammed", "differentiated", "spheroids", "mature into"],
    "co_interventions": ["combined with", "scaffold", "tricalcium phosphate", "matrix", "rehabilitation", "physical therapy", "surgery"],
    "delivery_method": ["injected", "injecting", "implanted", "applied", "transplanted", "operation", "into the"],
    "dose": ["<dose>", "million cells", "number of cells", "injections", "dose"],
    "outcomes": ["<percent>", "improvement", "improved", "showed", "function", "healing", "strength", "significantly"],
    "outcome_measures": ["scale", "score", "measured", "gauged by", "assessed", "ASIA", "motor function scores", "<duration>"],
    "safety": ["safety", "serious adverse", "adverse events", "no serious", "complications", "monitored"],
    "safety_minor": ["minor", "side effects", "headaches", "pain", "mild", "reported"],
    "follow_up": ["<duration>", "follow-up", "followed", "months", "year", "period"],
    "publication": ["published in", "journal", "findings published", "documented in", "adapted from", "report"],
    "registration": ["approval", "approved", "registered", "ClinicalTrials.gov", "NCT", "ethics", "government approval"],
    "funding": ["funded", "funding", "grant", "supported by", "sponsored", "financial"],
}

#: Facets whose values are one of a fixed set (``checking`` reports any other):
#: facet name → allowed values.
FACET_CHOICES: dict[str, tuple[str, ...]] = {
    "cell_origin": ("autologous", "allogeneic", "xenogeneic", "not_stated"),
    "safety_data": ("events_reported", "none_reported", "no_safety_data"),
    "publication_status": (
        "peer_reviewed_journal", "preprint", "conference_abstract", "press_release_only", "news_report_only",
        "unpublished", "not_stated",
    ),
    "species": ("human", "rat", "mouse", "pig", "dog", "monkey", "sheep", "rabbit", "other"),
}

#: The facets each default field's claims usually carry (offered by Edit → Claim facets…).
FIELD_FACETS: dict[str, tuple[str, ...]] = {
    "subjects": ("species", "n"),
    "cell_origin": ("cell_origin",),
    "dose": ("dose_cells",),
    "outcomes": ("responders", "responders_pct", "n"),
    "safety": ("safety_data",),
    "safety_minor": ("safety_data",),
    "follow_up": ("follow_up_months",),
    "publication": ("publication_status",),
}

DEFAULT_FIELDS: tuple[FieldDef, ...] = tuple(
    FieldDef(key=key, label=label, description=description, group=group, order=order, hints=_HINTS.get(key, []))
    for order, (key, label, group, description) in enumerate(
        [
            ("institution", "Institution and team", "Context", "Who ran the study."),
            ("condition", "Condition", "Context", "The disease or injury studied."),
            (
                "study_design", "Study design", "Context",
                "How the study was designed (animal study, case series, controlled, randomised), in the source's "
                "words; the study's evidence level and trial phase follow from it.",
            ),
            ("subjects", "Subjects", "Population", "Species and number of subjects; facets species, n."),
            (
                "comparator", "Comparator / control", "Population",
                "What the treated subjects were compared with (placebo, sham, untreated, usual care), or that "
                "there was no control group.",
            ),
            (
                "timing", "Timing after injury or onset", "Population",
                "When the treatment was given, counted from the injury or the onset of the disease.",
            ),
            ("cell_source", "Cell source", "Intervention", "Where the cells come from."),
            (
                "cell_origin", "Cell origin", "Intervention",
                "Whose cells: the subject's own (autologous), a donor's (allogeneic), another species' "
                "(xenogeneic); facet cell_origin, not_stated when the source does not say.",
            ),
            ("cell_preparation", "Cell preparation", "Intervention", "How the cells were grown or changed before use."),
            (
                "co_interventions", "Scaffold and co-interventions", "Intervention",
                "A scaffold or carrier given with the cells, and other treatments given alongside.",
            ),
            ("delivery_method", "Delivery method", "Intervention", "How and where the cells were given, as the source words it."),
            ("dose", "Dose", "Intervention", "Number of cells and administrations; facet dose_cells."),
            ("outcomes", "Outcomes", "Results", "What changed, as the source states it; facets responders, responders_pct."),
            (
                "outcome_measures", "Outcome measures and time points", "Results",
                "The scale or test each outcome was measured on, and when.",
            ),
            (
                "safety", "Safety: serious adverse events", "Results",
                "Serious adverse events, or that none were reported; facet safety_data (events_reported, "
                "none_reported, no_safety_data). Not reported: the source gives no safety data.",
            ),
            (
                "safety_minor", "Safety: minor adverse events", "Results",
                "Minor or expected adverse events, apart from the serious ones.",
            ),
            ("follow_up", "Follow-up", "Results", "How long subjects were followed; facet follow_up_months."),
            (
                "publication", "Publication", "Context",
                "Where the study's results were published; facet publication_status (peer_reviewed_journal, "
                "preprint, news_report_only, ...).",
            ),
            (
                "registration", "Registration and approval", "Context",
                "Trial registration (e.g. an NCT number) and ethics or government approval.",
            ),
            ("funding", "Funding", "Context", "Who paid for the study."),
        ],
        start=1,
    )
)
