from modeltranslation.translator import TranslationOptions, register

from experts.models import Course, Expert


@register(Expert)
class ExpertTranslationOptions(TranslationOptions):
    fields = ("headline", "bio")


@register(Course)
class CourseTranslationOptions(TranslationOptions):
    fields = ("title", "summary")
