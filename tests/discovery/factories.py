import factory

from discovery.models import Route, RouteStep
from tests.factories import InstrumentFactory


class RouteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Route

    title = factory.Sequence(lambda n: f"Route {n}")
    slug = factory.Sequence(lambda n: f"route-{n}")
    purpose = "Een learning community starten."
    is_published = True


class RouteStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RouteStep

    route = factory.SubFactory(RouteFactory)
    instrument = factory.SubFactory(InstrumentFactory)
    position = factory.Sequence(lambda n: n + 1)
    why = "Omdat het helpt."
