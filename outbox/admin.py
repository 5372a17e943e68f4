from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import DeliveryStatus, DeliveryStep, OutboxMail

DELIVERY_FIELDS = (
    "status",
    "attempts",
    "last_error",
    "next_attempt_at",
    "enqueued_at",
    "claimed_at",
    "handed_at",
    "message_id",
    "sent_at",
)


IN_FLIGHT = (DeliveryStatus.SENDING, DeliveryStatus.UNKNOWN)
STEP_FILTERS = {
    DeliveryStep.NOT_CLAIMED: {"status": DeliveryStatus.PENDING},
    DeliveryStep.CLAIMED: {"status__in": IN_FLIGHT, "handed_at__isnull": True},
    DeliveryStep.HANDED: {"status__in": IN_FLIGHT, "handed_at__isnull": False},
    DeliveryStep.ACCEPTED: {"status": DeliveryStatus.SENT},
}


class DeliveryStepFilter(admin.SimpleListFilter):
    title = _("delivery step")
    parameter_name = "step"

    def lookups(self, request, model_admin):
        return DeliveryStep.choices

    def queryset(self, request, queryset):
        if self.value() in STEP_FILTERS:
            return queryset.filter(**STEP_FILTERS[self.value()])
        return queryset


class DeliveryAdminMixin:
    """Columns and "Send again" actions shared by every outbox source's admin."""

    actions = ["requeue", "requeue_including_handed"]

    @admin.display(boolean=True, description=_("handed to the mail server"))
    def handed_over(self, obj):
        return obj.handed_at is not None

    @admin.display(description=_("delivery step"))
    def step(self, obj):
        step = obj.delivery_step
        if step is None:
            return "—"
        label = DeliveryStep(step).label
        # The Message-ID finds the mail in the server's log: was an "unknown" one accepted after all?
        return f"{label} · {obj.message_id}" if step != DeliveryStep.NOT_CLAIMED and obj.message_id else label

    def has_add_permission(self, request):
        # Rows are written by the code that decides to send; a hand-made one would bypass it.
        return False

    def _requeue(self, request, queryset, *, include_handed: bool):
        count, left_out = services.rows_requeue(
            actor=request.user, rows=list(queryset), include_handed=include_handed
        )
        self.message_user(
            request,
            ngettext("%(count)d message will be sent again.", "%(count)d messages will be sent again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        if left_out:
            self.message_user(
                request,
                ngettext(
                    "%(count)d message was left out: it was handed to the mail server and may have "
                    "arrived. Use “Send again, even if possibly delivered” to send it anyway.",
                    "%(count)d messages were left out: they were handed to the mail server and may have "
                    "arrived. Use “Send again, even if possibly delivered” to send them anyway.",
                    left_out,
                )
                % {"count": left_out},
                messages.WARNING,
            )

    @admin.action(description=_("Send again (failed, skipped, too late, or unknown and never handed over)"))
    def requeue(self, request, queryset):
        self._requeue(request, queryset, include_handed=False)

    @admin.action(description=_("Send again, even if possibly delivered (may duplicate)"))
    def requeue_including_handed(self, request, queryset):
        risky = queryset.filter(status="unknown", handed_at__isnull=False).count()
        self._requeue(request, queryset, include_handed=True)
        if risky:
            self.message_user(
                request,
                ngettext(
                    "Warning: %(count)d of them had been handed to the mail server; the recipient may get "
                    "it twice.",
                    "Warning: %(count)d of them had been handed to the mail server; recipients may get "
                    "them twice.",
                    risky,
                )
                % {"count": risky},
                messages.WARNING,
            )


@admin.register(OutboxMail)
class OutboxMailAdmin(DeliveryAdminMixin, admin.ModelAdmin):
    list_display = (
        "kind",
        "key",
        "to",
        "language",
        "status",
        "step",
        "attempts",
        "created_at",
        "sent_at",
    )
    list_filter = ("status", DeliveryStepFilter, "kind")
    search_fields = ("key", "to", "subject", "message_id")
    date_hierarchy = "created_at"
    raw_id_fields = ("recipient",)
    readonly_fields = (
        "kind",
        "key",
        "recipient_key",
        "recipient",
        "to",
        "language",
        "subject",
        "body",
        "html",
        "unsubscribe_url",
        "builder",
        "ref",
        "created_at",
        *DELIVERY_FIELDS,
    )
