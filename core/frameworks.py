"""Frameworks of the publication that the platform shows as prompts where people work.

"Een nieuw samenspel van innoveren, werken en leren?" (Netwerk Learning
Communities, 2023) offers several short lists that help a community reflect.
They are not stored per community; they are defined once here (in our own
words, translatable) and shown in sprint reviews, stand-ups and on the temple
page. ``tests/test_publication.py`` checks their count and wording, so an edit
cannot silently drop an item. Frameworks that communities fill in or score
live as scans and canvases in ``scans/definitions.py``.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.vocabularies import Level


@dataclass(frozen=True)
class Element:
    code: str
    label: str | Promise
    explanation: str | Promise = ""


# 3.3g: the three forms of joint learning; the sprint review asks about each.
JOINT_LEARNING_FORMS = (
    Element(
        "team_activity",
        _("Team activity"),
        _("Working together, in and outside the meetings, so you share knowledge and ask each other things."),
    ),
    Element(
        "team_reflexivity",
        _("Team reflexivity"),
        _("Discussing and adjusting the goal, progress, results and the way you work together."),
    ),
    Element(
        "boundary_crossing",
        _("Boundary crossing"),
        _(
            "Moving between and connecting different practices, such as school and the workplace; "
            "for instance by inviting teachers or suppliers to share what they know."
        ),
    ),
)

# 3.3f and 3.4d: learning activities on the job. The two lists overlap; merged, they are these ten.
# Stand-ups and work sessions plan them, so the stand-up form offers them as ideas.
WORKPLACE_LEARNING_ACTIVITIES = (
    Element("observe", _("Watching how others do it")),
    Element("experiment", _("Experimenting with new techniques, alone or together")),
    Element("share_knowledge", _("Sharing knowledge")),
    Element("feedback", _("Asking for and giving feedback or help")),
    Element("look_up", _("Looking up information and passing it on (videos, manuals)")),
    Element("outsiders", _("Involving people from outside or visiting another organisation")),
    Element("presentations", _("Attending presentations")),
    Element("reflect", _("Reflecting on your own work")),
    Element("online_module", _("Following an online module")),
    Element("brainstorm", _("Brainstorming and talking things through")),
)

# 3.4c: the stand-up in three steps, with what the facilitator and the participants do in each.
STANDUP_STEPS = (
    Element(
        "before",
        _("Beforehand"),
        _(
            "The facilitator reminds everyone to pick a photo or an experience from the past week; "
            "participants choose one to share."
        ),
    ),
    Element(
        "during",
        _("During (15 minutes at most)"),
        _(
            "Each participant shows the photo or tells the experience (what made you proud, what surprised "
            "you) and answers the three core questions. The facilitator keeps time, parks discussion points, "
            "may suggest how to remove blockers and makes progress visible."
        ),
    ),
    Element(
        "after",
        _("Afterwards"),
        _(
            "The facilitator analyses the progress, writes the meeting report and plans the next work "
            "session; participants carry on with their learning and work activities."
        ),
    ),
)

# 2.2: the temple model relates context factors to outcomes on three levels.
TEMPLE_CONTEXT_LEVELS = (
    Element(
        Level.MICRO.value,
        _("Micro: the individual"),
        _("What in the situation of the participants themselves helps or hinders what they get out of it?"),
    ),
    Element(
        Level.MESO.value,
        _("Meso: the organisation"),
        _(
            "What in the partner organisations helps or hinders, for instance room in the schedule or "
            "support?"
        ),
    ),
    Element(
        Level.MACRO.value,
        _("Macro: the wider society"),
        _("Which developments in the sector, the region or policy affect what the community can achieve?"),
    ),
)
