"""The instrument finder: phase → goal → audience → a short ranked list with reasons.

The goals per phase follow the publication's tips for starting (3.2),
designing (3.3), executing (3.4) and sustaining (3.5) a learning community.
Each goal says which pillars, tags and words point to instruments that serve
it; the finder scores the catalogue on those signals, so a new instrument with
the right classification is found without touching this file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.models import TaggedItem

from core.vocabularies import Audience, Phase, Pillar
from instruments.models import Classification, Facet, Instrument
from instruments.selectors import published_instruments, with_card_data

from .search import filter_instruments


@dataclass(frozen=True)
class Goal:
    code: str
    phase: str
    label: str
    help: str
    pillars: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    words: tuple[str, ...] = ()


GOALS: tuple[Goal, ...] = (
    # Starting (publication 3.2, tips a-h)
    Goal(
        "translate_challenge",
        Phase.START,
        _("Turn a big societal challenge into a question that matters to the partners"),
        _("Tip 3.2a: make the challenge directly relevant for the organisations and schools taking part."),
        pillars=(Pillar.GOALS,),
        tags=("opgave", "verkenning", "interviews"),
        words=("uitdaging", "opgave", "vraagstuk"),
    ),
    Goal(
        "building_blocks",
        Phase.START,
        _("Agree on the building blocks with regional stakeholders"),
        _("Tip 3.2b: a design session that makes the building blocks concrete."),
        pillars=(Pillar.STRUCTURE, Pillar.GOALS),
        tags=("ontwerpsessie", "bouwstenen", "regio", "stakeholders"),
        words=("bouwstenen", "ontwerpsessie", "stakeholders"),
    ),
    Goal(
        "readiness",
        Phase.START,
        _("Check whether the consortium is ready to act"),
        _("Tip 3.2c: a shared goal, a mandate and willingness to invest time."),
        pillars=(Pillar.GOALS, Pillar.CULTURE),
        tags=("actiebereidheid", "consortium", "startfase"),
        words=("actiebereidheid", "consortium", "mandaat"),
    ),
    Goal(
        "choose_type",
        Phase.START,
        _("Choose the type of learning community"),
        _("Tip 3.2f: four design considerations."),
        pillars=(Pillar.STRUCTURE,),
        tags=("ontwerpen", "vertrouwelijkheid"),
        words=("type", "ontwerpoverwegingen"),
    ),
    Goal(
        "value_for_partners",
        Phase.START,
        _("Make clear what it is worth to each partner"),
        _("Tip 3.2g: the social innovation business model, together with stakeholders."),
        pillars=(Pillar.GOALS,),
        tags=("businessmodel", "waarde", "financiering"),
        words=("waarde", "businessmodel", "financiering"),
    ),
    Goal(
        "shared_focus",
        Phase.START,
        _("Find a focus everyone supports"),
        _("Tip 3.2h: interviews and observations with employees, students, teachers and experts."),
        pillars=(Pillar.GOALS,),
        tags=("interviews", "observatie", "verkenning"),
        words=("interviews", "observaties", "focus"),
    ),
    Goal(
        "build_trust_start",
        Phase.START,
        _("Build trust between the partners"),
        _("Trust is the ground a new collaboration stands on."),
        pillars=(Pillar.CULTURE,),
        tags=("vertrouwen",),
        words=("vertrouwen",),
    ),
    # Designing (3.3)
    Goal(
        "concretise_content",
        Phase.DESIGN,
        _("Make the content of the community concrete"),
        _("Tip 3.3d: the micro learning community worksheet, with schools and organisations."),
        pillars=(Pillar.GOALS, Pillar.STRUCTURE),
        tags=("ontwerpsessie", "installatietechniek"),
        words=("werkblad", "leerdoel", "concreet"),
    ),
    Goal(
        "shared_goal",
        Phase.DESIGN,
        _("Agree on a shared goal"),
        _("Tips 3.3f: a subject whose results can be used in the participants' work straight away."),
        pillars=(Pillar.GOALS,),
        tags=("doelen", "designkit"),
        words=("doel", "doelen", "verwachtingen"),
    ),
    Goal(
        "structure_and_roles",
        Phase.DESIGN,
        _("Choose a structure, composition and roles"),
        _("Tips 3.3b, c and g: a heterogeneous group that strengthens each other, and a steering group."),
        pillars=(Pillar.STRUCTURE,),
        tags=("structuur", "werkwijze", "tempelmodel"),
        words=("structuur", "samenstelling", "rollen"),
    ),
    Goal(
        "learning_culture",
        Phase.DESIGN,
        _("Make the culture you want explicit"),
        _("Openness, trust and room to experiment, agreed before you start."),
        pillars=(Pillar.CULTURE,),
        tags=("cultuur", "vertrouwen", "leercultuur"),
        words=("cultuur", "vertrouwen", "openheid"),
    ),
    Goal(
        "facilitator",
        Phase.DESIGN,
        _("Find and support a facilitator"),
        _("Tips 3.3a and e: a facilitator who coaches, connects and enthuses."),
        pillars=(Pillar.PROCESS,),
        tags=("facilitator", "impact"),
        words=("facilitator", "begeleiding"),
    ),
    # Executing (3.4)
    Goal(
        "safe_climate",
        Phase.EXECUTE,
        _("Create a safe climate to learn from each other"),
        _("Tip 3.4a: people only learn from each other where it is socially safe."),
        pillars=(Pillar.CULTURE,),
        tags=("vertrouwen", "partnerschap"),
        words=("vertrouwen", "veilig", "gelijkwaardig"),
    ),
    Goal(
        "sprints",
        Phase.EXECUTE,
        _("Structure the work in phases and sprints"),
        _("Tip 3.4b: orientation, action in sprints of two or three weeks, evaluation."),
        pillars=(Pillar.PROCESS, Pillar.STRUCTURE),
        tags=("sprints", "agile", "werksessie"),
        words=("sprint", "sprints", "fasen"),
    ),
    Goal(
        "weekly_rhythm",
        Phase.EXECUTE,
        _("Keep a weekly rhythm and spot blockers early"),
        _("Tip 3.4c: a short weekly stand-up with three core questions."),
        pillars=(Pillar.PROCESS,),
        tags=("stand-up", "voortgang", "acties"),
        words=("stand-up", "voortgang", "blokkades"),
    ),
    Goal(
        "workplace_learning",
        Phase.EXECUTE,
        _("Stimulate learning on the job"),
        _("Tip 3.4d: reflect on what people do differently in their own work."),
        pillars=(Pillar.PROCESS,),
        tags=("reflectie", "werkplekleren", "leervragen"),
        words=("werkvloer", "reflectie", "leren"),
    ),
    Goal(
        "blended",
        Phase.EXECUTE,
        _("Work together online or blended"),
        _("Tip 3.4e: a blended variant of the learning community."),
        pillars=(Pillar.CULTURE, Pillar.PROCESS),
        tags=("online", "blended", "profiel"),
        words=("online", "blended"),
    ),
    Goal(
        "improve_dialogue",
        Phase.EXECUTE,
        _("Improve the dialogue in the group"),
        _("Tip 3.4f: practical instruments to facilitate the dialogue."),
        pillars=(Pillar.PROCESS, Pillar.CULTURE),
        tags=("dialoog", "reflectie", "partnerschap"),
        words=("dialoog", "gesprek", "interactie", "reflectie"),
    ),
    Goal(
        "goals_to_actions",
        Phase.EXECUTE,
        _("Turn the shared goal into concrete actions"),
        _("From a shared goal to actions participants pick up themselves."),
        pillars=(Pillar.GOALS, Pillar.PROCESS),
        tags=("acties", "voortgang"),
        words=("acties", "actie"),
    ),
    # Sustaining (3.5)
    Goal(
        "keep_developing",
        Phase.SUSTAIN,
        _("Keep developing the community over time"),
        _("Tip 3.5a: sustaining is developing further, not repeating elsewhere."),
        pillars=(Pillar.GOALS, Pillar.STRUCTURE, Pillar.PROCESS, Pillar.CULTURE),
        tags=("verduurzamen", "monitoring"),
        words=("verduurzamen", "doorontwikkeling", "monitoren"),
    ),
    Goal(
        "show_results",
        Phase.SUSTAIN,
        _("Make results and value visible"),
        _("Tips 3.5d and h: a beacon to steer by, interim results shared, the partners in the story."),
        pillars=(Pillar.GOALS,),
        tags=("opbrengsten", "waardecreatie"),
        words=("opbrengsten", "waarde", "resultaten"),
    ),
    Goal(
        "relationships",
        Phase.SUSTAIN,
        _("Keep working on the relationships"),
        _("Tip 3.5c: relationships need structural attention, also after the first ideas."),
        pillars=(Pillar.CULTURE,),
        tags=("partnerschap", "dialoog", "vertrouwen"),
        words=("relaties", "partnerschap", "samenwerking"),
    ),
    Goal(
        "share_knowledge",
        Phase.SUSTAIN,
        _("Pass on what works to other teams"),
        _("Tip 3.5g: the continuous line between development and application."),
        pillars=(Pillar.PROCESS,),
        tags=("patronen", "kennisdeling"),
        words=("kennisdeling", "patronen", "overdraagbaar"),
    ),
    Goal(
        "funding",
        Phase.SUSTAIN,
        _("Secure longer-term support and funding"),
        _("Tip 3.5f: structural (financial) support beyond the project."),
        pillars=(Pillar.GOALS,),
        tags=("businessmodel", "financiering"),
        words=("financiering", "businessmodel"),
    ),
)

GOALS_BY_CODE = {goal.code: goal for goal in GOALS}
RESULT_SIZE = 6


def goals_for(phase: str) -> list[Goal]:
    return [goal for goal in GOALS if goal.phase == phase]


@dataclass
class FinderResult:
    instrument: Instrument
    score: float
    reasons: list[str] = field(default_factory=list)


def find(*, phase: str, goal: Goal, audience: str | None, limit: int = RESULT_SIZE) -> list[FinderResult]:
    """Listed instruments scored on phase, goal (tags, pillars, words) and audience.

    An instrument needs at least the phase or a goal signal to be listed; the
    phase weighs most because a tool for starting rarely helps a community
    that is sustaining. Five queries whatever the catalogue size.
    """
    listed = published_instruments()  # published and not hidden
    scores: dict[int, float] = {}
    reasons: dict[int, list[str]] = {}

    def add(pk: int, points: float, reason: str | None = None):
        scores[pk] = scores.get(pk, 0) + points
        if reason and reason not in reasons.setdefault(pk, []):
            reasons[pk].append(reason)

    phase_label = Phase(phase).label
    audience_label = Audience(audience).label if audience else None
    condition = Q(facet=Facet.PHASE, value=phase) | Q(facet=Facet.PILLAR, value__in=goal.pillars)
    if audience:
        condition |= Q(facet=Facet.AUDIENCE, value=audience)
    classified = list(
        Classification.objects.filter(condition, instrument__in=listed).values_list(
            "instrument_id", "facet", "value"
        )
    )
    pillar_hits: dict[int, list[str]] = {}
    goal_signal: set[int] = set()
    for pk, facet, value in classified:
        if facet == Facet.PHASE:
            add(pk, 4, str(_("made for the phase “%(phase)s”") % {"phase": phase_label}))
        elif facet == Facet.AUDIENCE:
            add(pk, 2, str(_("meant for %(audience)s") % {"audience": str(audience_label).lower()}))
        else:
            pillar_hits.setdefault(pk, []).append(str(Pillar(value).label).lower())
            add(pk, 1)
    for pk, pillars in pillar_hits.items():
        reasons.setdefault(pk, []).append(str(_("works on %(pillars)s") % {"pillars": ", ".join(pillars)}))

    if goal.tags:
        tagged = TaggedItem.objects.filter(
            tag__slug__in=goal.tags,
            content_type__app_label="instruments",
            content_type__model="instrument",
            object_id__in=listed.values("pk"),
        ).values_list("object_id", "tag__name")
        for pk, name in tagged:
            add(pk, 3, str(_("tagged “%(tag)s”") % {"tag": name}))
            goal_signal.add(pk)

    if goal.words:
        text_hits = filter_instruments(listed, " ".join(goal.words), any_word=True).values_list(
            "pk", "search_rank"
        )
        for pk, rank in text_hits[:200]:
            add(pk, 2 + min(float(rank or 0), 1.0), str(_("its description matches this goal")))
            goal_signal.add(pk)

    # Phase or a goal signal is required; the audience alone does not make a suggestion.
    phase_ids = {pk for pk, facet, _value in classified if facet == Facet.PHASE}
    eligible = {pk for pk in scores if pk in phase_ids or pk in goal_signal}
    if not eligible:
        return []
    ranked_ids = sorted(eligible, key=lambda pk: -scores[pk])[: limit * 3]
    instruments = with_card_data(listed.filter(pk__in=ranked_ids))
    ordered = sorted(
        instruments, key=lambda i: (-scores[i.pk], -(i.rating_avg or 0), -i.experience_count, i.title)
    )
    results = []
    for instrument in ordered[:limit]:
        extra = []
        if instrument.rating_count:
            extra.append(
                ngettext(
                    "rated %(avg)s by %(count)s person",
                    "rated %(avg)s by %(count)s people",
                    instrument.rating_count,
                )
                # number_format: a decimal comma in Dutch ("4,5"), a point in English.
                % {"avg": formats.number_format(instrument.rating_avg, 1), "count": instrument.rating_count}
            )
        results.append(
            FinderResult(instrument, round(scores[instrument.pk], 2), reasons.get(instrument.pk, []) + extra)
        )
    return results
