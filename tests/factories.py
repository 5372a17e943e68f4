import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role, assign_role
from core.vocabularies import InstrumentFormat
from instruments import services
from instruments.models import Experience, Instrument, InstrumentStatus

DEFAULT_PASSWORD = "correct-horse-battery-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Faker("name", locale="nl_NL")
    organisation = "Hogeschool Utrecht"
    # Past the first-sign-in questions, so logging in lands where the test expects.
    onboarded_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or DEFAULT_PASSWORD)
        if create:
            obj.save(update_fields=["password"])
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create and extracted:
            assign_role(obj, Role(extracted))


class InstrumentFactory(factory.django.DjangoModelFactory):
    """Instruments built through the service, so derived fields are right."""

    class Meta:
        model = Instrument

    title = factory.Sequence(lambda n: f"Instrument {n}")
    summary = "Een korte samenvatting."
    goal = "Helpt de community verder."
    description = "Een **beschrijving**."
    format = InstrumentFormat.SCAN
    status = InstrumentStatus.PUBLISHED

    @classmethod
    def _create(cls, model_class, *args, owner=None, facets=None, tags=(), **kwargs):
        status = kwargs.pop("status")
        instrument = services.instrument_create(
            actor=owner, data=kwargs, facets=facets or {}, tags=tags, status=status
        )
        if status == InstrumentStatus.PUBLISHED and instrument.published_at is None:
            instrument.published_at = timezone.now()
            instrument.save(update_fields=["published_at"])
        return instrument


class ExperienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Experience

    instrument = factory.SubFactory(InstrumentFactory)
    author = factory.SubFactory(UserFactory)
    what_worked = "De gesprekken kwamen op gang."

    @classmethod
    def _create(cls, model_class, *args, instrument, author, **kwargs):
        return services.experience_create(actor=author, instrument=instrument, **kwargs)
