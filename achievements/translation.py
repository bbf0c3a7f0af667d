from modeltranslation.translator import TranslationOptions, register

from achievements.models import Achievement


@register(Achievement)
class AchievementTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description", "keywords")
