"""The default field catalogue. A library carries its own copy in library.json,
so reviewers can add or relabel fields without touching code."""

from __future__ import annotations

from .models import FieldDef

#: Words that often stand near each field's evidence (suggestions use them).
_HINTS: dict[str, list[str]] = {
    "institution": ["university", "researchers at", "team", "led by", "professor", "scientists", "clinic", "institute"],
    "condition": ["injury", "injuries", "fractures", "disease", "patients with", "sustained", "mimic", "suffering from"],
    "study_design": ["clinical trial", "phase", "first clinical study", "animal trials", "government approval", "preclinical"],
    "subjects": ["<n>", "patients", "adults", "participants", "rats", "mice", "trial with"],
    "cell_source": ["derived from", "stem cells from", "adipose", "fat", "induced pluripotent", "harvested", "extracted"],
    "cell_preparation": ["cultivated", "grown", "expanded", "reprogrammed", "differentiated", "spheroids", "mature into"],
    "delivery_method": ["injected", "injecting", "implanted", "applied", "combined with", "transplanted", "operation"],
    "dose": ["<dose>", "million cells", "number of cells", "injections", "dose"],
    "outcomes": ["<percent>", "improvement", "improved", "showed", "function", "scale", "healing", "strength"],
    "safety": ["safety", "adverse events", "serious", "side effects", "complications", "tolerated"],
    "follow_up": ["<duration>", "follow-up", "followed", "months", "year", "period"],
    "publication": ["published in", "journal", "findings published", "documented in", "report"],
}

DEFAULT_FIELDS: tuple[FieldDef, ...] = tuple(
    FieldDef(key=key, label=label, description=description, group=group, order=order, hints=_HINTS.get(key, []))
    for order, (key, label, group, description) in enumerate(
        [
            ("institution", "Institution and team", "Context", "Who ran the study."),
            ("condition", "Condition", "Context", "The disease or injury studied."),
            ("study_design", "Study design / evidence level", "Context", "Animal study, first clinical study, phase 1 trial, ...; facet evidence_level."),
            ("subjects", "Subjects", "Population", "Species and number of subjects; facets species, n."),
            ("cell_source", "Cell source", "Intervention", "Where the cells come from."),
            ("cell_preparation", "Cell preparation", "Intervention", "How the cells were grown or changed before use."),
            ("delivery_method", "Delivery method", "Intervention", "How and where the cells were given, as the source words it."),
            ("dose", "Dose", "Intervention", "Number of cells and administrations; facet dose_cells."),
            ("outcomes", "Outcomes", "Results", "What changed, on which measure; facets responders, responders_pct."),
            ("safety", "Safety", "Results", "Adverse events observed."),
            ("follow_up", "Follow-up", "Results", "How long subjects were followed; facet follow_up_months."),
            ("publication", "Publication", "Context", "Where the study's results were published."),
        ],
        start=1,
    )
)
