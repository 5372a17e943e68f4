"""`{% framework "joint_learning_forms" as items %}`: a framework of the publication for template prompts."""

from django import template

from core import frameworks

register = template.Library()

FRAMEWORKS = {
    "joint_learning_forms": frameworks.JOINT_LEARNING_FORMS,
    "workplace_learning_activities": frameworks.WORKPLACE_LEARNING_ACTIVITIES,
    "standup_steps": frameworks.STANDUP_STEPS,
    "temple_context_levels": frameworks.TEMPLE_CONTEXT_LEVELS,
}


@register.simple_tag
def framework(name: str):
    return FRAMEWORKS[name]
