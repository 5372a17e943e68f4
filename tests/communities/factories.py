import datetime

import factory
from django.utils import timezone

from communities import services
from communities.models import (
    Community,
    CommunityInstrumentUse,
    Membership,
    MembershipRole,
    Sprint,
    Standup,
    StandupSchedule,
    Visibility,
)
from core.vocabularies import Level, Phase, Province
from tests.factories import InstrumentFactory, UserFactory

__all__ = [
    "CommunityFactory",
    "InstrumentFactory",
    "InstrumentUseFactory",
    "MembershipFactory",
    "ScheduleFactory",
    "SprintFactory",
    "StandupFactory",
    "UserFactory",
    "next_weekday",
]


def next_weekday(weekday: int, start: datetime.date | None = None) -> datetime.date:
    start = start or timezone.localdate()
    return start + datetime.timedelta(days=(weekday - start.weekday()) % 7)


class CommunityFactory(factory.django.DjangoModelFactory):
    """Communities built through the service; ``facilitator`` becomes the first facilitator."""

    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"Community {n}")
    challenge = "Samen leren werken met nieuwe technologie."
    level = Level.MESO
    province = Province.OVERIJSSEL
    phase = Phase.EXECUTE
    visibility = Visibility.PUBLIC

    @classmethod
    def _create(cls, model_class, *args, facilitator=None, themes=(), sectors=(), **kwargs):
        return services.community_create(actor=facilitator, data=kwargs, themes=themes, sectors=sectors)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    community = factory.SubFactory(CommunityFactory)
    user = factory.SubFactory(UserFactory)
    role = MembershipRole.MEMBER


class SprintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sprint

    community = factory.SubFactory(CommunityFactory)
    number = factory.Sequence(lambda n: n + 1)
    goal = "Eerste experiment op de werkvloer."
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=11))


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandupSchedule

    community = factory.SubFactory(CommunityFactory)
    weekday = 0
    time = datetime.time(8, 30)
    place = "Keet op de bouwplaats"


class StandupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standup

    community = factory.SubFactory(CommunityFactory)
    date = factory.LazyFunction(lambda: next_weekday(0))


class InstrumentUseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityInstrumentUse

    community = factory.SubFactory(CommunityFactory)
    instrument = factory.SubFactory(InstrumentFactory)
    phase = Phase.EXECUTE
