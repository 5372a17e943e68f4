"""The shared vocabularies of the platform, defined once.

Codes are stable English identifiers stored in the database; labels are
translatable (Dutch in the UI by default). Models, filters, fixtures and
templates all use these classes: no magic strings elsewhere.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    START = "start", _("Starting")
    DESIGN = "design", _("Designing")
    EXECUTE = "execute", _("Executing")
    SUSTAIN = "sustain", _("Sustaining")


class Level(models.TextChoices):
    MICRO = "micro", _("Micro")
    MESO = "meso", _("Meso")
    MACRO = "macro", _("Macro")


# After publication 2.1: the levels differ in how local the community is and in
# how complex its task and how diverse its partners are, not in how many
# organisations take part (a micro community has several partners too).
LEVEL_EXPLANATIONS = {
    Level.MICRO: _(
        "Local and challenge-based: partners such as vocational education help to solve a concrete "
        "question or project of one of the participating organisations."
    ),
    Level.MESO: _("Regional: several organisations take on questions of their region together."),
    Level.MACRO: _(
        "Supra-regional: many public and private parties work on solutions for a large societal challenge."
    ),
}


class Pillar(models.TextChoices):
    GOALS = "goals", _("Goals")
    STRUCTURE = "structure", _("Structure")
    PROCESS = "process", _("Process")
    CULTURE = "culture", _("Culture")


class Audience(models.TextChoices):
    FACILITATORS = "facilitators", _("Facilitators")
    PARTICIPANTS = "participants", _("Participants")
    INITIATORS = "initiators", _("Initiators and designers")
    STEERING_GROUP = "steering_group", _("Steering group and management")
    RESEARCHERS = "researchers", _("Researchers")


class Theme(models.TextChoices):
    ENERGY = "energy", _("Energy transition and sustainability")
    AGRI_FOOD = "agri_food", _("Agriculture, water and food")
    HEALTH = "health", _("Health and care")
    SAFETY = "safety", _("Safety")
    KEY_TECHNOLOGIES = "key_technologies", _("Key technologies")
    EARNING_CAPACITY = "earning_capacity", _("Societal earning capacity")


class PracticeType(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    BUSINESS = "business", _("Business")
    SEMI_PUBLIC = "semi_public", _("Semi-public or institution")
    KNOWLEDGE = "knowledge", _("Knowledge institute")
    EDUCATION = "education", _("Education")
    CITIZENS = "citizens", _("Citizens")


class InstrumentFormat(models.TextChoices):
    SCAN = "scan", _("Scan")
    CANVAS = "canvas", _("Canvas or worksheet")
    METHOD = "method", _("Method")
    REFLECTION = "reflection", _("Reflection tool")
    MODEL = "model", _("Model or framework")
    CARD_SET = "card_set", _("Card set")
    # Funding overviews, checklists and agreement templates (publication 3.2d, 3.2e, 3.4e).
    GUIDE = "guide", _("Guide, checklist or overview")


class Language(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")


class Province(models.TextChoices):
    """Where a community works; ``national`` for communities spanning regions."""

    DRENTHE = "drenthe", _("Drenthe")
    FLEVOLAND = "flevoland", _("Flevoland")
    FRIESLAND = "friesland", _("Friesland")
    GELDERLAND = "gelderland", _("Gelderland")
    GRONINGEN = "groningen", _("Groningen")
    LIMBURG = "limburg", _("Limburg")
    NORTH_BRABANT = "north_brabant", _("North Brabant")
    NORTH_HOLLAND = "north_holland", _("North Holland")
    OVERIJSSEL = "overijssel", _("Overijssel")
    SOUTH_HOLLAND = "south_holland", _("South Holland")
    UTRECHT = "utrecht", _("Utrecht")
    ZEELAND = "zeeland", _("Zeeland")
    NATIONAL = "national", _("Several regions or nationwide")


class CommunityVariant(models.TextChoices):
    """The names a learning community goes by in practice (publication: summary, 1.1, 2.1 and 2.2)."""

    LEARNING_COMMUNITY = "learning_community", _("Learning community")
    FIELDLAB = "fieldlab", _("Fieldlab")
    SKILLS_LAB = "skills_lab", _("Skills lab")
    LIVING_LAB = "living_lab", _("Living lab")
    PRACTICE_WORKSHOP = "practice_workshop", _("Practice workshop (praktijkwerkplaats)")
    INNOVATION_WORKSHOP = "innovation_workshop", _("Innovation workshop (innovatiewerkplaats)")
    CENTRE_OF_EXPERTISE = "centre_of_expertise", _("Centre of expertise")
    CENTRE_FOR_INNOVATIVE_CRAFTSMANSHIP = (
        "centre_for_innovative_craftsmanship",
        _("Centre for innovative craftsmanship (CIV)"),
    )
    HYBRID_LEARNING_ENVIRONMENT = "hybrid_learning_environment", _("Hybrid learning environment")
    LEARNING_NETWORK = "learning_network", _("Learning network")


class ExecutionPhase(models.TextChoices):
    """The three phases of running a community (publication 3.4)."""

    ORIENTATION = "orientation", _("Orientation phase")
    ACTION = "action", _("Action phase")
    EVALUATION = "evaluation", _("Evaluation and sustaining phase")


class Weekday(models.IntegerChoices):
    """ISO-free Python numbering: Monday is 0, as ``date.weekday()`` returns."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")
