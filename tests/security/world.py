"""One world with an object behind every project URL, and a user for every role."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import RoleRequest
from accounts.roles import Role
from communities import services as community_services
from communities.models import (
    Community,
    Invitation,
    JoinRequest,
    Membership,
    MembershipRole,
    Partnership,
    Sprint,
    Standup,
    StandupAnswer,
    Visibility,
)
from core.vocabularies import Phase
from discovery import services as discovery_services
from discovery.models import Route
from exchange import services as exchange_services
from instruments import services as instrument_services
from instruments.models import Instrument, InstrumentChange, InstrumentRevision, InstrumentStatus
from moderation import services as moderation_services
from moderation.models import FlaggedItem
from moderation.registry import KINDS
from reminders import services as reminder_services
from reminders.models import ReminderKind
from scans import services as scan_services
from scans.models import CanvasVersion, CommunityCanvas, Round, Scan
from tests.communities.factories import (
    CommunityFactory,
    InstrumentUseFactory,
    ScheduleFactory,
    SprintFactory,
    StandupFactory,
    next_weekday,
)
from tests.factories import ExperienceFactory, InstrumentFactory, UserFactory
from tests.scans.factories import make_canvas, make_scan
from tests.valuecreation.factories import ValueEntryFactory
from valuecreation.models import ValueEntry


@dataclass
class World:
    users: dict
    instrument: Instrument  # published, owned by the developer
    submitted: Instrument
    revision: InstrumentRevision
    change: InstrumentChange
    owner_token: str
    item: FlaggedItem
    community: Community
    partnership: Partnership
    join_request: JoinRequest
    invitation: Invitation
    sprint: Sprint
    standup: Standup
    answer: StandupAnswer
    member_membership: Membership
    entry: ValueEntry
    scan: Scan
    round: Round
    sheet: CommunityCanvas
    version: CanvasVersion
    route: Route
    unsubscribe_token: str
    calendar_token: str
    extra: dict = field(default_factory=dict)


def build_world() -> World:
    developer = UserFactory(role=Role.INSTRUMENT_DEVELOPER, email="dev@example.org", name="Dirk Developer")
    facilitator = UserFactory(role=Role.FACILITATOR, email="fac@example.org", name="Fien Facilitator")
    member = UserFactory(email="member@example.org", name="Mo Member")
    coordinator = UserFactory(role=Role.NETWORK_COORDINATOR, email="coord@example.org", name="Co Ordinator")
    users = {
        "anonymous": None,
        "outsider": UserFactory(email="outsider@example.org", name="Otto Outsider"),
        "member": member,
        "facilitator": facilitator,
        "developer": developer,
        "coordinator": coordinator,
        "admin": UserFactory(is_staff=True, is_superuser=True, email="admin@example.org"),
        "suspect": UserFactory(email="suspect@example.org", name="Sam Suspect"),
    }

    instrument = InstrumentFactory(
        title="Cultuurscan",
        owner=developer,
        facets={"phase": [Phase.EXECUTE], "audience": ["facilitators"]},
        tags=["dialoog"],
    )
    other = InstrumentFactory(title="Partnerschapkaart", owner=developer)
    submitted = InstrumentFactory(title="Wachtkamer", owner=developer, status=InstrumentStatus.SUBMITTED)
    revision = instrument_services.revision_propose(
        actor=developer, instrument=other, data={"title": "Nieuw"}
    )
    # An edit by a coordinator: the history entry the revert form reverts.
    instrument_services.instrument_update(
        actor=coordinator, instrument=instrument, data={"summary": "Een nieuwe samenvatting."}
    )
    review = instrument_services.review_save(actor=member, instrument=instrument, rating=4, text="Goed")
    ExperienceFactory(instrument=instrument, author=member)
    invitation = instrument_services.owner_invite(
        actor=developer, instrument=instrument, email="co-owner@example.org"
    )
    moderation_services.report_create(
        actor=users["outsider"], kind=KINDS["review"], obj=review, reason="spam"
    )

    community = CommunityFactory(
        name="Gas erop", visibility=Visibility.PUBLIC, facilitator=facilitator, themes=["energy"]
    )
    membership = Membership.objects.create(community=community, user=member, role=MembershipRole.MEMBER)
    partnership = community_services.partner_add(
        actor=facilitator, community=community, name="Saxion", practice_type="education"
    )
    join_request = JoinRequest.objects.create(
        community=community, user=UserFactory(email="applicant@example.org"), message="Graag!"
    )
    community_invitation = Invitation.objects.create(
        community=community,
        email="invitee@example.org",
        token="tok-security",
        invited_by=facilitator,
        expires_at=community_services.timezone.now() + community_services.INVITATION_VALIDITY,
    )
    sprint = SprintFactory(community=community, number=1)
    ScheduleFactory(community=community, weekday=0)
    standup = StandupFactory(community=community, date=next_weekday(0))
    answer = StandupAnswer.objects.create(standup=standup, member=member, did="Geoefend.", will_do="Meten.")
    InstrumentUseFactory(community=community, instrument=instrument, recorded_by=member)
    entry = ValueEntryFactory(
        community=community,
        author=member,
        title="Tip over inregelen",
        date=timezone.localdate() - datetime.timedelta(days=2),
    )

    scan = make_scan(slug="actie", dimensions=2, open_question=True)
    round_ = scan_services.round_open(actor=facilitator, community=community, scan=scan)
    make_scan(slug="tweede", dimensions=1)  # no round yet: the round form can open one
    canvas = make_canvas(slug="canvas")
    sheet = scan_services.canvas_start(actor=member, community=community, canvas=canvas, title="Geheel")
    version, _created = scan_services.canvas_save(actor=member, sheet=sheet, texts={"a": "Eerste tekst"})

    route = discovery_services.route_create(
        actor=coordinator,
        title="Starten",
        purpose="Een community starten.",
        is_published=True,
        steps=[(instrument, "Omdat het helpt.")],
    )
    challenge = exchange_services.challenge_create(
        actor=coordinator,
        title="Aardgasvrije wijken",
        description="Wijken van het gas af.",
        themes=["energy"],
    )
    exchange_services.community_challenges_set(actor=facilitator, community=community, challenges=[challenge])
    step = exchange_services.step_publish(
        actor=facilitator,
        community=community,
        kind="lesson",
        title="Warmtescan",
        what_we_did="Met bewoners gemeten.",
        instrument=instrument,
    )
    world = World(
        users=users,
        instrument=instrument,
        submitted=submitted,
        revision=revision,
        change=InstrumentChange.objects.filter(instrument=instrument, action="edited").get(),
        owner_token=invitation.token,
        item=FlaggedItem.objects.get(),
        community=community,
        partnership=partnership,
        join_request=join_request,
        invitation=community_invitation,
        sprint=sprint,
        standup=standup,
        answer=answer,
        member_membership=membership,
        entry=entry,
        scan=scan,
        round=round_,
        sheet=sheet,
        version=version,
        route=route,
        unsubscribe_token=reminder_services.unsubscribe_token(member, ReminderKind.DIGEST),
        calendar_token=reminder_services.calendar_token_for(member, community),
        extra={
            "role_request": RoleRequest.objects.create(
                user=users["outsider"],
                role=Role.FACILITATOR,
                motivation="Ik begeleid een community.",
            ),
        },
    )
    _notifications(world)
    world.extra.update(challenge=challenge, step=step)
    _discussions(world, challenge)
    return world


def _discussions(world: World, challenge) -> None:
    """A question of the member's with a reply, a first post waiting for review, and a request."""
    from django.test import override_settings

    from exchange.models import ThreadKind

    member, developer = world.users["member"], world.users["developer"]
    with override_settings(EXCHANGE_HOLD_FIRST_POSTS=0):
        thread = exchange_services.thread_start(
            actor=member,
            subject=challenge,
            title="Wie deed al een warmtescan?",
            body="Graag ervaringen.",
            kind=ThreadKind.QUESTION,
        )
        reply = exchange_services.post_reply(actor=developer, thread=thread, body="Wij, in Zuid.")
    with override_settings(EXCHANGE_HOLD_FIRST_POSTS=5):
        pending = exchange_services.post_reply(
            actor=world.users["outsider"], thread=thread, body="Eerste post."
        )
    instrument_request = exchange_services.request_create(
        actor=member,
        title="Een instrument om eigenaren van warmtenetten te vinden",
        description="Voor de wijk.",
    )
    world.extra.update(
        thread=thread,
        reply=reply,
        first_post=thread.posts.order_by("created_at", "id").first(),
        pending_post=pending,
        instrument_request=instrument_request,
    )


def _notifications(world: World) -> None:
    """A notification for the member (so the list has items and mark-read forms) and an unsubscribe link."""
    from notifications import services as notification_services
    from notifications.models import Notification, NotificationKind

    member = world.users["member"]
    notification_services.notify(
        kind=NotificationKind.SCAN_ROUND,
        event_key="security:round",
        recipients=[member],
        target=world.round,
        actor=world.users["facilitator"],
        can_see=lambda user: True,
    )
    world.extra["notification"] = Notification.objects.filter(recipient=member).first()
    world.extra["notification_unsubscribe_token"] = notification_services.unsubscribe_token(
        member, NotificationKind.MENTION
    )
