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


LEVEL_EXPLANATIONS = {
    Level.MICRO: _("A team or department learning and innovating inside one organisation."),
    Level.MESO: _("Several organisations working and learning together on a shared question."),
    Level.MACRO: _("A regional or sector-wide network tackling a societal challenge."),
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


class Language(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")
