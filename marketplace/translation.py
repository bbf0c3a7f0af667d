from modeltranslation.translator import TranslationOptions, register

from marketplace.models import Institution, TechnologyField


@register(TechnologyField)
class TechnologyFieldTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Institution)
class InstitutionTranslationOptions(TranslationOptions):
    fields = ("name", "description")
