from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyMixin
from instruments.admin import register_experience_inline

from .models import (
    BuildingBlock,
    Community,
    CommunityBuildingBlock,
    CommunityExecutionPhase,
    CommunityInstrumentUse,
    CommunityTheme,
    ExperienceLink,
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    ParkedPoint,
    Partnership,
    Sprint,
    Standup,
    StandupAnswer,
    StandupSchedule,
)


class CommunityThemeInline(admin.TabularInline):
    model = CommunityTheme
    extra = 0


class PartnershipInline(admin.TabularInline):
    model = Partnership
    extra = 0
    autocomplete_fields = ["organisation"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]
    fields = ["user", "role", "joined_on", "learning_goal"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "level",
        "variant",
        "province",
        "phase",
        "visibility",
        "member_total",
        "updated_at",
    ]
    list_filter = ["visibility", "level", "variant", "province", "phase", "themes__theme"]
    search_fields = ["name", "challenge", "region"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["municipality"]
    date_hierarchy = "created_at"
    inlines = [CommunityThemeInline, PartnershipInline, MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("memberships", distinct=True))

    @admin.display(description=_("members"), ordering="member_total")
    def member_total(self, obj):
        return obj.member_total


@admin.register(CommunityTheme)
class CommunityThemeAdmin(admin.ModelAdmin):
    list_display = ["community", "theme"]
    list_filter = ["theme"]
    search_fields = ["community__name"]
    list_select_related = ["community"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "practice_type", "is_public", "website"]
    list_filter = ["practice_type", "is_public"]
    search_fields = ["name"]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "community", "created_at"]
    list_filter = ["organisation__practice_type"]
    search_fields = ["organisation__name", "community__name"]
    list_select_related = ["organisation", "community"]
    autocomplete_fields = ["organisation", "community"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "community", "role", "joined_on"]
    list_filter = ["role", "community__visibility"]
    search_fields = ["user__email", "user__name", "community__name", "learning_goal"]
    list_select_related = ["user", "community"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["community"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "community", "invited_by", "created_at", "expires_at", "sent_at", "accepted_at"]
    list_filter = [("accepted_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["email", "community__name"]
    list_select_related = ["community", "invited_by"]
    readonly_fields = ["token", "created_at", "sent_at", "accepted_at", "accepted_by"]
    raw_id_fields = ["invited_by"]
    autocomplete_fields = ["community"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "community", "status", "created_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "community__name", "message"]
    list_select_related = ["user", "community", "decided_by"]
    raw_id_fields = ["user", "decided_by"]


@admin.register(BuildingBlock)
class BuildingBlockAdmin(admin.ModelAdmin):
    list_display = ["code", "pillar", "position"]
    list_filter = ["pillar"]
    list_editable = ["position"]
    search_fields = ["code"]


@admin.register(CommunityBuildingBlock)
class CommunityBuildingBlockAdmin(admin.ModelAdmin):
    list_display = ["community", "block", "updated_at"]
    list_filter = ["block__pillar", "block"]
    search_fields = ["community__name", "text"]
    list_select_related = ["community", "block"]


@admin.register(CommunityExecutionPhase)
class CommunityExecutionPhaseAdmin(admin.ModelAdmin):
    list_display = ["community", "phase", "starts_on", "ends_on"]
    list_filter = ["phase"]
    search_fields = ["community__name"]
    list_select_related = ["community"]


@admin.register(Sprint)
class SprintAdmin(admin.ModelAdmin):
    list_display = ["community", "number", "starts_on", "ends_on"]
    list_filter = ["starts_on"]
    search_fields = ["community__name", "goal", "review_notes"]
    list_select_related = ["community"]


@admin.register(StandupSchedule)
class StandupScheduleAdmin(admin.ModelAdmin):
    list_display = ["community", "weekday", "time", "place", "online_url"]
    list_filter = ["weekday"]
    search_fields = ["community__name", "place"]
    list_select_related = ["community"]


class StandupAnswerInline(admin.StackedInline):
    model = StandupAnswer
    extra = 0
    raw_id_fields = ["member"]


class ParkedPointInline(admin.TabularInline):
    model = ParkedPoint
    extra = 0
    raw_id_fields = ["author"]


@admin.register(Standup)
class StandupAdmin(admin.ModelAdmin):
    list_display = ["community", "date", "sprint", "status", "answer_total"]
    list_filter = ["status", "date"]
    search_fields = ["community__name"]
    list_select_related = ["community", "sprint"]
    date_hierarchy = "date"
    inlines = [StandupAnswerInline, ParkedPointInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(answer_total=Count("answers"))

    @admin.display(description=_("answers"), ordering="answer_total")
    def answer_total(self, obj):
        return obj.answer_total


@admin.register(StandupAnswer)
class StandupAnswerAdmin(admin.ModelAdmin):
    list_display = ["standup", "member", "updated_at"]
    list_filter = ["standup__status"]
    search_fields = ["member__email", "standup__community__name", "did", "will_do", "blockers"]
    list_select_related = ["standup__community", "member"]
    raw_id_fields = ["standup", "member"]


@admin.register(ParkedPoint)
class ParkedPointAdmin(admin.ModelAdmin):
    list_display = ["text", "standup", "author", "created_at"]
    search_fields = ["text", "standup__community__name"]
    list_select_related = ["standup__community", "author"]
    raw_id_fields = ["standup", "author"]


@admin.register(CommunityInstrumentUse)
class CommunityInstrumentUseAdmin(admin.ModelAdmin):
    list_display = ["instrument", "community", "used_on", "phase", "recorded_by"]
    list_filter = ["phase", "community__level", "community__visibility"]
    search_fields = ["instrument__title", "community__name", "note"]
    list_select_related = ["instrument", "community", "recorded_by"]
    raw_id_fields = ["instrument", "recorded_by"]
    autocomplete_fields = ["community"]


class ExperienceLinkInline(ReadOnlyMixin, admin.TabularInline):
    """The community an experience is linked to, on the experience's admin page, read-only.

    Read-only because the link is set by its author through ``services.experience_link_set``, which
    holds the rule (only a community the author is a member of); an admin edit would skip it.
    """

    model = ExperienceLink
    fields = ["community", "community_visibility", "linked_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    # One link at most (one-to-one): the admin titles the inline with the singular.
    verbose_name = verbose_name_plural = _("Used in the community")

    @admin.display(description=_("visibility"))
    def community_visibility(self, obj):
        return obj.community.get_visibility_display()

    @admin.display(description=_("created at"))
    def linked_at(self, obj):
        return obj.created_at


register_experience_inline(ExperienceLinkInline)


@admin.register(ExperienceLink)
class ExperienceLinkAdmin(admin.ModelAdmin):
    """Which experience with an instrument its author linked to which community."""

    list_display = ["experience_instrument", "experience_author", "community", "created_at"]
    list_filter = ["community__visibility"]
    search_fields = ["community__name", "experience__instrument__title", "experience__author__email"]
    list_select_related = ["community", "experience__instrument", "experience__author"]
    raw_id_fields = ["experience"]
    autocomplete_fields = ["community"]
    date_hierarchy = "created_at"

    @admin.display(description=_("instrument"), ordering="experience__instrument__title")
    def experience_instrument(self, obj):
        return obj.experience.instrument

    @admin.display(description=_("author"), ordering="experience__author__email")
    def experience_author(self, obj):
        return obj.experience.author
