import datetime

import factory
from django.utils import timezone

from tests.communities.factories import CommunityFactory
from tests.factories import UserFactory
from valuecreation import services
from valuecreation.models import Cycle, ValueEntry, ValueLevel

__all__ = ["ValueEntryFactory"]


class ValueEntryFactory(factory.django.DjangoModelFactory):
    """Entries built through the service, so validation and story roots are real."""

    class Meta:
        model = ValueEntry

    community = factory.SubFactory(CommunityFactory)
    author = factory.SubFactory(UserFactory)
    cycle = Cycle.IMMEDIATE
    level = ValueLevel.INDIVIDUAL
    title = factory.Sequence(lambda n: f"Waarde {n}")
    story = "Een tip uit de stand-up hielp me verder."
    date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=2))

    @classmethod
    def _create(cls, model_class, *args, community, author, **kwargs):
        return services.value_entry_create(actor=author, community=community, data=kwargs)
