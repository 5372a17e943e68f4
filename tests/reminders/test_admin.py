import pytest
from django.core import mail

from reminders import tasks
from reminders.models import ReminderPreference, SentReminder, SentStatus
from reminders.scanning import scan

from .conftest import utc

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("admin"))
    return client


def test_sent_log_and_preferences_in_admin(admin_client, team):
    scan(utc(2026, 11, 22, 15, 1))
    ReminderPreference.objects.create(user=team.members[0], standup=False)
    assert admin_client.get("/admin/reminders/sentreminder/?status__exact=pending").status_code == 200
    reminder = SentReminder.objects.first()
    assert admin_client.get(f"/admin/reminders/sentreminder/{reminder.pk}/change/").status_code == 200
    assert admin_client.get("/admin/reminders/sentreminder/add/").status_code == 403
    assert admin_client.get("/admin/reminders/reminderpreference/").status_code == 200


# Pinned to the scan's moment, fixtures included: the requeue stamps the row with the clock and
# queue_pending reads it, and the admin's session must not look a day old. The scan's own reminders
# are delivered first, so the only mail left to send is the requeued one, whatever the date.
@pytest.mark.clock(utc(2026, 11, 22, 15, 1))
def test_admin_can_send_a_failed_reminder_again(admin_client, team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        scan(utc(2026, 11, 22, 15, 1))
        tasks.queue_pending()
    assert len(mail.outbox) == len(team.everyone)
    mail.outbox.clear()
    reminder = SentReminder.objects.first()
    # A worker stopped after claiming, before handing the mail to the server: safe to send again.
    SentReminder.objects.filter(pk=reminder.pk).update(status=SentStatus.UNKNOWN, handed_at=None)
    response = admin_client.post(
        "/admin/reminders/sentreminder/",
        {"action": "requeue", "_selected_action": [reminder.pk]},
    )
    assert response.status_code == 302
    reminder.refresh_from_db()
    assert reminder.status == SentStatus.PENDING and reminder.attempts == 0
    with django_capture_on_commit_callbacks(execute=True):
        tasks.queue_pending()
    assert [m.to[0] for m in mail.outbox] == [reminder.recipient.email]


@pytest.mark.clock(utc(2026, 11, 22, 15, 1))  # fixtures included: the admin session too
def test_send_again_warns_about_and_leaves_out_reminders_handed_to_the_server(
    admin_client, team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        scan(utc(2026, 11, 22, 15, 1))
        tasks.queue_pending()
    mail.outbox.clear()
    reminder = SentReminder.objects.first()
    assert reminder.handed_at is not None and reminder.message_id.startswith("<reminder-")
    SentReminder.objects.filter(pk=reminder.pk).update(status=SentStatus.UNKNOWN)
    listing = admin_client.get("/admin/reminders/sentreminder/?status__exact=unknown")
    assert "handed to the mail server" in listing.content.decode().lower()
    response = admin_client.post(
        "/admin/reminders/sentreminder/",
        {"action": "requeue", "_selected_action": [reminder.pk]},
        follow=True,
    )
    assert "may have arrived" in response.content.decode()
    reminder.refresh_from_db()
    assert reminder.status == SentStatus.UNKNOWN
    response = admin_client.post(
        "/admin/reminders/sentreminder/",
        {"action": "requeue_including_handed", "_selected_action": [reminder.pk]},
        follow=True,
    )
    assert "may get it twice" in response.content.decode()
    reminder.refresh_from_db()
    assert reminder.status == SentStatus.PENDING


def test_members_see_the_lead_time_field_on_the_schedule_form(client_for, team):
    page = client_for(team.facilitator).get(f"/communities/{team.community.slug}/schedule/")
    assert b'name="reminder_lead_minutes"' in page.content
    response = client_for(team.facilitator).post(
        f"/communities/{team.community.slug}/schedule/",
        {"weekday": 0, "time": "09:00", "place": "Keet", "reminder_lead_minutes": "99999"},
    )
    assert response.status_code == 400  # more than six days: refused with a message, not a 500
