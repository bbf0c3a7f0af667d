from modeltranslation.translator import TranslationOptions, register

from projects.models import Project


@register(Project)
class ProjectTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description", "use_of_funds")
