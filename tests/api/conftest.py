from dataclasses import dataclass

import pytest

from communities.models import Visibility
from instruments import services
from instruments.models import Experience, Instrument, InstrumentLink, InstrumentStatus
from tests.communities.factories import CommunityFactory, InstrumentUseFactory
from tests.factories import ExperienceFactory, InstrumentFactory, UserFactory

SECRET_NOTE = "Vertrouwelijke notitie van de community"


@dataclass
class Catalogue:
    cultuurscan: Instrument
    formula: Instrument
    doelenkaart: Instrument
    submitted: Instrument
    hidden: Instrument
    visible_experience: Experience
    hidden_experience: Experience
    author_email: str


def seed_catalogue() -> Catalogue:
    """A small catalogue with everything the API must show and everything it must not."""
    author = UserFactory(email="ervaring.auteur@example.org", name="Anna Auteur")
    reviewer = UserFactory()
    cultuurscan = InstrumentFactory(
        title="Cultuurscan",
        summary="Breng de cultuur van de community in beeld.",
        format="scan",
        facets={
            "phase": ["execute", "start"],
            "audience": ["facilitators"],
            "pillar": ["culture"],
            "level": ["meso"],
            "theme": ["energy"],
        },
        tags=["dialoog", "cultuur"],
        url="https://example.org/cultuurscan",
        licence="CC BY 4.0",
        year=2021,
    )
    InstrumentLink.objects.create(instrument=cultuurscan, label="Handleiding", url="https://example.org/h")
    services.review_save(actor=reviewer, instrument=cultuurscan, rating=4)
    services.review_save(actor=author, instrument=cultuurscan, rating=5)
    visible_experience = ExperienceFactory(
        instrument=cultuurscan,
        author=author,
        theme="energy",
        level="meso",
        phase="execute",
        what_worked="Het gesprek over vertrouwen kwam op gang.",
        tips="Neem de tijd.",
    )
    hidden_experience = ExperienceFactory(
        instrument=cultuurscan, author=author, what_worked="Verborgen ervaring met scheldwoorden."
    )
    services.experience_set_hidden(actor=None, experience=hidden_experience, hidden=True)
    formula = InstrumentFactory(
        title='=HYPERLINK("http://evil.example")',
        summary="+SUM(1,2)",
        goal="-1+1",
        format="canvas",
        facets={"phase": ["design"], "audience": ["participants"]},
        tags=["actie"],
        authors="@auteur",
    )
    ExperienceFactory(instrument=formula, author=author, what_worked="=1+1", sector='@sector, met "quotes"')
    doelenkaart = InstrumentFactory(
        title="Doelenkaart",
        format="method",
        facets={"phase": ["start"], "audience": ["facilitators", "initiators"], "pillar": ["goals"]},
    )
    submitted = InstrumentFactory(
        title="Ingediende scan",
        status=InstrumentStatus.SUBMITTED,
        owner=UserFactory(),
        facets={"phase": ["execute"], "audience": ["facilitators"]},
        tags=["dialoog"],
    )
    hidden = InstrumentFactory(title="Verborgen canvas", facets={"phase": ["execute"]}, tags=["dialoog"])
    ExperienceFactory(instrument=hidden, author=author, what_worked="Ervaring bij een verborgen instrument.")
    services.instrument_set_hidden(actor=None, instrument=hidden, hidden=True)
    secret_community = CommunityFactory(name="Besloten community", visibility=Visibility.MEMBERS_ONLY)
    InstrumentUseFactory(community=secret_community, instrument=cultuurscan, note=SECRET_NOTE)
    return Catalogue(
        cultuurscan=cultuurscan,
        formula=formula,
        doelenkaart=doelenkaart,
        submitted=submitted,
        hidden=hidden,
        visible_experience=visible_experience,
        hidden_experience=hidden_experience,
        author_email=author.email,
    )


@pytest.fixture
def catalogue(db) -> Catalogue:
    return seed_catalogue()
