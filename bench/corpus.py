"""A synthetic but realistic multilingual corpus of listings for `make bench-search` (bench/search.py).

Every listing is drawn as a handful of *concepts* (technical terms such as "solar cell" or "vaccine") and template
choices, independent of language; its source text and each of its stored translations are that draw rendered in one
language each, so translations say the same thing as the original, as a translator's would. Nine languages have the
vocabulary and the sentence templates (en, zh-hans, ru, pt-br, es, fr, ar, hi, id): every listing is written in one of
them and translated into four to six of the others.

Term frequencies are Zipf-like: the technology fields, the concepts within a field and the general terms ("system",
"technology", ...) are drawn with weights 1 / rank^s, so a few terms are frequent (the hard queries for an engine: long
posting lists) and many are rare. Numbers and model codes make texts differ from each other.

The vocabulary and the sentences were written for this benchmark. Everything here is deterministic for a given seed.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from vocabulary import BY_FIELD, GENERAL

LANGUAGES = ("en", "zh-hans", "ru", "pt-br", "es", "fr", "ar", "hi", "id")
# Share of listings written in each language (the rest of the 17 appear only as readers' languages).
SOURCE_WEIGHTS = {
    "en": 25,
    "zh-hans": 20,
    "ru": 12,
    "pt-br": 10,
    "hi": 8,
    "ar": 8,
    "es": 6,
    "fr": 5,
    "id": 6,
}
# Where authors writing in a language are (ISO 3166 alpha-2, weighted).
COUNTRIES_BY_LANGUAGE = {
    "en": {"ZA": 4, "IN": 3, "ET": 2, "NG": 1, "AE": 1},
    "zh-hans": {"CN": 1},
    "ru": {"RU": 5, "KZ": 1, "BY": 1},
    "pt-br": {"BR": 1},
    "hi": {"IN": 1},
    "ar": {"EG": 3, "AE": 2, "SA": 1},
    "es": {"CU": 2, "BO": 1},
    "fr": {"DZ": 1, "SN": 1},
    "id": {"ID": 1},
}
MIN_TRANSLATIONS = 4
MAX_TRANSLATIONS = 6
ZIPF_S = 1.1

# Sentence templates, aligned across languages by position: {A} is the listing's main concept, {B} and {C} secondary
# ones, {N} a number. A listing picks template indices once; every language renders the same choice.
TEMPLATES: dict[str, dict[str, list[str]]] = {
    "en": {
        "title": ["{A} for {B}", "{A} based on {B}", "Integrated {A} and {B} system", "Low-cost {A}"],
        "summary": [
            "Our team developed a new {A} that improves {B} in {C}.",
            "The solution combines {A} and {B} and cuts the cost by {N}%.",
            "Tested in {N} pilot projects, the {A} is ready for {B}.",
        ],
        "description": [
            "The work started as a university project on {A} and grew into a complete {B}.",
            "Field tests over {N} months showed stable results for {C}.",
            "The design uses standard components, so local partners can produce the {A}.",
            "Compared with imported solutions, our {B} needs {N}% less energy.",
            "We offer licensing, technical training and joint development of {A}.",
            "The {C} was validated together with industrial partners in several provinces.",
            "Key advantages are simple maintenance, a long service life and reliable {B}.",
            "Patent protection covers the {A} and the main steps of the {C}.",
        ],
        "demand_title": ["Looking for {A} for {B}", "Need {A} to improve {B}", "Partner wanted: {A}"],
        "demand": [
            "Our company is looking for a proven {A} to improve {B}.",
            "The solution should work with our existing {C} and reduce costs by at least {N}%.",
            "We expect a pilot within {N} months and are open to licensing or joint development.",
            "Suppliers with experience in {B} are welcome to contact us.",
        ],
        "comma": [", "],
    },
    "zh-hans": {
        "title": ["用于{B}的{A}", "基于{B}的{A}", "{A}与{B}集成系统", "低成本{A}"],
        "summary": [
            "我们团队研发了一种新型{A}，可提升{C}中的{B}。",
            "该方案结合了{A}和{B}，成本降低{N}%。",
            "该{A}已在{N}个试点项目中验证，可用于{B}。",
        ],
        "description": [
            "该项目源于大学关于{A}的研究，现已发展为完整的{B}。",
            "为期{N}个月的现场试验表明，{C}效果稳定。",
            "设计采用标准部件，本地合作伙伴可以生产该{A}。",
            "与进口方案相比，我们的{B}能耗降低{N}%。",
            "我们提供许可、技术培训以及{A}的联合开发。",
            "{C}已与多个省份的企业伙伴共同验证。",
            "主要优势是维护简单、使用寿命长、{B}可靠。",
            "专利保护涵盖{A}及{C}的主要步骤。",
        ],
        "demand_title": ["寻求用于{B}的{A}", "需要{A}以改进{B}", "征集{A}合作伙伴"],
        "demand": [
            "我公司正在寻找成熟的{A}，以改进{B}。",
            "方案应与现有{C}兼容，并将成本降低至少{N}%。",
            "我们希望在{N}个月内开展试点，接受技术许可或联合开发。",
            "欢迎在{B}方面有经验的供应商与我们联系。",
        ],
        "comma": ["、", "，"],
    },
    "ru": {
        "title": [
            "{A} для отрасли: {B}",
            "{A} на основе решения «{B}»",
            "Интегрированная система: {A} и {B}",
            "Недорогое решение: {A}",
        ],
        "summary": [
            "Наша команда разработала решение «{A}», которое улучшает {B} и {C}.",
            "Решение объединяет {A} и {B} и снижает затраты на {N}%.",
            "Технология «{A}» прошла испытания в {N} пилотных проектах.",
        ],
        "description": [
            "Работа началась как университетский проект, направление — {A}.",
            "Полевые испытания в течение {N} месяцев показали стабильные результаты: {C}.",
            "Конструкция использует стандартные компоненты, поэтому {A} могут выпускать местные партнёры.",
            "По сравнению с импортными решениями {B} требует на {N}% меньше энергии.",
            "Мы предлагаем лицензирование, техническое обучение и совместную разработку: {A}.",
            "Решение ({C}) проверено вместе с промышленными партнёрами в нескольких регионах.",
            "Основные преимущества: простое обслуживание, долгий срок службы, надёжность. Применение — {B}.",
            "Патентная защита охватывает {A} и основные этапы, включая {C}.",
        ],
        "demand_title": ["Ищем технологию: {A} для {B}", "Требуется {A} для улучшения: {B}", "Ищем партнёра: {A}"],
        "demand": [
            "Наша компания ищет проверенную технологию ({A}) для улучшения показателя «{B}».",
            "Решение должно работать с существующим оборудованием ({C}) и снижать затраты не менее чем на {N}%.",
            "Мы ожидаем пилотный проект в течение {N} месяцев и открыты к лицензированию или совместной разработке.",
            "Просим поставщиков с опытом в области «{B}» связаться с нами.",
        ],
        "comma": [", "],
    },
    "pt-br": {
        "title": ["{A} para {B}", "{A} baseado em {B}", "Sistema integrado de {A} e {B}", "{A} de baixo custo"],
        "summary": [
            "Nossa equipe desenvolveu um novo {A} que melhora {B} em {C}.",
            "A solução combina {A} e {B} e reduz o custo em {N}%.",
            "Testado em {N} projetos-piloto, o {A} está pronto para {B}.",
        ],
        "description": [
            "O trabalho começou como um projeto universitário sobre {A} e se tornou um {B} completo.",
            "Testes de campo durante {N} meses mostraram resultados estáveis em {C}.",
            "O projeto usa componentes padrão, e parceiros locais podem produzir o {A}.",
            "Em comparação com soluções importadas, nosso {B} consome {N}% menos energia.",
            "Oferecemos licenciamento, treinamento técnico e desenvolvimento conjunto de {A}.",
            "O {C} foi validado com parceiros industriais em vários estados.",
            "As principais vantagens são a manutenção simples, a longa vida útil e {B} confiável.",
            "A proteção patentária cobre o {A} e as principais etapas de {C}.",
        ],
        "demand_title": ["Procuramos {A} para {B}", "Necessidade de {A} para melhorar {B}", "Parceiro procurado: {A}"],
        "demand": [
            "Nossa empresa procura {A} comprovado para melhorar {B}.",
            "A solução deve funcionar com nosso {C} atual e reduzir custos em pelo menos {N}%.",
            "Esperamos um piloto em {N} meses e estamos abertos a licenciamento ou desenvolvimento conjunto.",
            "Fornecedores com experiência em {B} podem entrar em contato.",
        ],
        "comma": [", "],
    },
    "es": {
        "title": ["{A} para {B}", "{A} basado en {B}", "Sistema integrado de {A} y {B}", "{A} de bajo costo"],
        "summary": [
            "Nuestro equipo desarrolló un nuevo {A} que mejora {B} en {C}.",
            "La solución combina {A} y {B} y reduce el costo en un {N}%.",
            "Probado en {N} proyectos piloto, el {A} está listo para {B}.",
        ],
        "description": [
            "El trabajo comenzó como un proyecto universitario sobre {A} y se convirtió en un {B} completo.",
            "Las pruebas de campo durante {N} meses mostraron resultados estables en {C}.",
            "El diseño usa componentes estándar, por lo que socios locales pueden fabricar el {A}.",
            "Frente a las soluciones importadas, nuestro {B} consume un {N}% menos de energía.",
            "Ofrecemos licencias, capacitación técnica y desarrollo conjunto de {A}.",
            "El {C} fue validado con socios industriales en varias provincias.",
            "Las principales ventajas son el mantenimiento sencillo, la larga vida útil y un {B} fiable.",
            "La patente protege el {A} y las etapas principales de {C}.",
        ],
        "demand_title": ["Buscamos {A} para {B}", "Se necesita {A} para mejorar {B}", "Socio buscado: {A}"],
        "demand": [
            "Nuestra empresa busca un {A} probado para mejorar {B}.",
            "La solución debe funcionar con nuestro {C} actual y reducir los costos al menos un {N}%.",
            "Esperamos un piloto en {N} meses y estamos abiertos a licencias o desarrollo conjunto.",
            "Invitamos a proveedores con experiencia en {B} a contactarnos.",
        ],
        "comma": [", "],
    },
    "fr": {
        "title": ["{A} pour {B}", "{A} fondé sur {B}", "Système intégré de {A} et {B}", "{A} à bas coût"],
        "summary": [
            "Notre équipe a développé un nouveau {A} qui améliore {B} dans {C}.",
            "La solution combine {A} et {B} et réduit le coût de {N} %.",
            "Testé dans {N} projets pilotes, le {A} est prêt pour {B}.",
        ],
        "description": [
            "Le travail a commencé comme un projet universitaire sur {A} et est devenu un {B} complet.",
            "Des essais sur le terrain pendant {N} mois ont montré des résultats stables pour {C}.",
            "La conception utilise des composants standard, donc des partenaires locaux peuvent fabriquer le {A}.",
            "Par rapport aux solutions importées, notre {B} consomme {N} % d'énergie en moins.",
            "Nous proposons des licences, une formation technique et le développement conjoint de {A}.",
            "Le {C} a été validé avec des partenaires industriels dans plusieurs régions.",
            "Les principaux avantages sont un entretien simple, une longue durée de vie et un {B} fiable.",
            "Le brevet protège le {A} et les principales étapes du {C}.",
        ],
        "demand_title": ["Recherche {A} pour {B}", "Besoin de {A} pour améliorer {B}", "Partenaire recherché : {A}"],
        "demand": [
            "Notre entreprise recherche un {A} éprouvé pour améliorer {B}.",
            "La solution doit fonctionner avec notre {C} actuel et réduire les coûts d'au moins {N} %.",
            "Nous prévoyons un pilote sous {N} mois et sommes ouverts à une licence ou à un développement conjoint.",
            "Les fournisseurs ayant une expérience en {B} sont invités à nous contacter.",
        ],
        "comma": [", "],
    },
    "ar": {
        "title": ["{A} من أجل {B}", "{A} قائم على {B}", "نظام متكامل من {A} و{B}", "{A} منخفض التكلفة"],
        "summary": [
            "طور فريقنا {A} جديدًا يحسن {B} في مجال {C}.",
            "يجمع الحل بين {A} و{B} ويخفض التكلفة بنسبة {N}%.",
            "تم اختبار {A} في {N} مشروعًا تجريبيًا وهو جاهز للاستخدام في {B}.",
        ],
        "description": [
            "بدأ العمل كمشروع جامعي حول {A} وتطور إلى {B} متكامل.",
            "أظهرت الاختبارات الميدانية لمدة {N} شهرًا نتائج مستقرة في {C}.",
            "يستخدم التصميم مكونات قياسية، لذلك يمكن للشركاء المحليين إنتاج {A}.",
            "مقارنة بالحلول المستوردة، يستهلك {B} لدينا طاقة أقل بنسبة {N}%.",
            "نقدم الترخيص والتدريب الفني والتطوير المشترك في مجال {A}.",
            "تم التحقق من {C} مع شركاء صناعيين في عدة مناطق.",
            "أهم المزايا هي سهولة الصيانة وطول العمر التشغيلي وموثوقية {B}.",
            "تغطي حماية براءة الاختراع {A} والخطوات الرئيسية في {C}.",
        ],
        "demand_title": ["نبحث عن {A} من أجل {B}", "مطلوب {A} لتحسين {B}", "شريك مطلوب في مجال {A}"],
        "demand": [
            "تبحث شركتنا عن {A} مجرب لتحسين {B}.",
            "يجب أن يعمل الحل مع {C} الحالي وأن يخفض التكاليف بنسبة {N}% على الأقل.",
            "نتوقع مشروعًا تجريبيًا خلال {N} شهرًا ونرحب بالترخيص أو التطوير المشترك.",
            "نرحب بتواصل الموردين ذوي الخبرة في {B}.",
        ],
        "comma": ["، "],
    },
    "hi": {
        "title": ["{B} के लिए {A}", "{B} पर आधारित {A}", "{A} और {B} की एकीकृत प्रणाली", "कम लागत वाला {A}"],
        "summary": [
            "हमारी टीम ने एक नया {A} विकसित किया है जो {C} में {B} को बेहतर बनाता है।",
            "यह समाधान {A} और {B} को जोड़ता है और लागत {N}% कम करता है।",
            "{N} पायलट परियोजनाओं में परीक्षण के बाद {A} {B} के लिए तैयार है।",
        ],
        "description": [
            "यह कार्य {A} पर एक विश्वविद्यालय परियोजना के रूप में शुरू हुआ और एक पूर्ण {B} बन गया।",
            "{N} महीनों के क्षेत्र परीक्षणों ने {C} में स्थिर परिणाम दिखाए।",
            "डिज़ाइन में मानक घटकों का उपयोग होता है, इसलिए स्थानीय साझेदार {A} का निर्माण कर सकते हैं।",
            "आयातित समाधानों की तुलना में हमारा {B} {N}% कम ऊर्जा खर्च करता है।",
            "हम {A} के लिए लाइसेंस, तकनीकी प्रशिक्षण और संयुक्त विकास प्रदान करते हैं।",
            "{C} को कई राज्यों में औद्योगिक साझेदारों के साथ सत्यापित किया गया है।",
            "मुख्य लाभ सरल रखरखाव, लंबा सेवा जीवन और विश्वसनीय {B} हैं।",
            "पेटेंट संरक्षण {A} और {C} के मुख्य चरणों को कवर करता है।",
        ],
        "demand_title": ["{B} के लिए {A} की आवश्यकता", "{B} सुधारने हेतु {A} चाहिए", "साझेदार की तलाश: {A}"],
        "demand": [
            "हमारी कंपनी {B} सुधारने के लिए एक सिद्ध {A} की तलाश में है।",
            "समाधान हमारे मौजूदा {C} के साथ काम करे और लागत कम से कम {N}% घटाए।",
            "हम {N} महीनों में पायलट की उम्मीद करते हैं और लाइसेंस या संयुक्त विकास के लिए तैयार हैं।",
            "{B} में अनुभव रखने वाले आपूर्तिकर्ता हमसे संपर्क करें।",
        ],
        "comma": [", "],
    },
    "id": {
        "title": ["{A} untuk {B}", "{A} berbasis {B}", "Sistem terpadu {A} dan {B}", "{A} berbiaya rendah"],
        "summary": [
            "Tim kami mengembangkan {A} baru yang meningkatkan {B} di bidang {C}.",
            "Solusi ini menggabungkan {A} dan {B} serta menekan biaya hingga {N}%.",
            "Setelah diuji dalam {N} proyek percontohan, {A} siap untuk {B}.",
        ],
        "description": [
            "Pekerjaan ini berawal dari proyek universitas tentang {A} dan berkembang menjadi {B} yang lengkap.",
            "Uji lapangan selama {N} bulan menunjukkan hasil yang stabil pada {C}.",
            "Desainnya memakai komponen standar sehingga mitra lokal dapat memproduksi {A}.",
            "Dibandingkan solusi impor, {B} kami membutuhkan energi {N}% lebih sedikit.",
            "Kami menawarkan lisensi, pelatihan teknis, dan pengembangan bersama {A}.",
            "{C} telah divalidasi bersama mitra industri di beberapa provinsi.",
            "Keunggulan utamanya adalah perawatan mudah, umur pakai panjang, dan {B} yang andal.",
            "Perlindungan paten mencakup {A} dan langkah utama {C}.",
        ],
        "demand_title": ["Mencari {A} untuk {B}", "Dibutuhkan {A} untuk meningkatkan {B}", "Mencari mitra: {A}"],
        "demand": [
            "Perusahaan kami mencari {A} yang teruji untuk meningkatkan {B}.",
            "Solusi harus kompatibel dengan {C} yang ada dan menekan biaya minimal {N}%.",
            "Kami mengharapkan uji coba dalam {N} bulan dan terbuka untuk lisensi atau pengembangan bersama.",
            "Pemasok yang berpengalaman di bidang {B} dipersilakan menghubungi kami.",
        ],
        "comma": [", "],
    },
}
# Chinese and Japanese sentences are not separated by spaces.
SENTENCE_JOINER = {"zh-hans": ""}


def _parse(block: str) -> list[dict[str, str]]:
    concepts = []
    for line in block.strip().splitlines():
        words = [word.strip() for word in line.split("|")]
        if len(words) != len(LANGUAGES):
            raise ValueError(f"a concept needs {len(LANGUAGES)} languages: {line!r}")
        concepts.append(dict(zip(LANGUAGES, words, strict=True)))
    return concepts


GENERAL_CONCEPTS = _parse(GENERAL)
FIELD_CONCEPTS = {slug: _parse(block) for slug, block in BY_FIELD.items()}
FIELDS = list(FIELD_CONCEPTS)  # in Zipf rank order: the first field has the most listings


def zipf_weights(count: int, s: float = ZIPF_S) -> list[float]:
    return [1.0 / (rank**s) for rank in range(1, count + 1)]


@dataclass(frozen=True)
class Draw:
    """What a listing says, before it is put into words: concepts, template choices, numbers, metadata."""

    kind: str  # "achievement" | "demand"
    field: str
    source_language: str
    translations: tuple[str, ...]
    country: str
    a: dict[str, str]
    b: dict[str, str]
    c: dict[str, str]
    extra_keywords: tuple[dict[str, str], ...]
    title_template: int
    summary_templates: tuple[int, ...]
    description_templates: tuple[int, ...]
    numbers: tuple[int, ...]
    code: str  # a model code in ~30% of titles ("" otherwise)
    trl: int
    ip_status: str
    modes: tuple[str, ...]
    days_ago: int


IP_STATUSES = {
    "granted_patent": 30,
    "pending_application": 20,
    "pct": 5,
    "utility_model": 10,
    "software_copyright": 8,
    "know_how": 12,
    "none": 15,
}
TRANSFER_MODES = {"licensing": 40, "assignment": 15, "joint_development": 30, "technical_service": 20, "equity": 8}
TRL_WEIGHTS = [2, 3, 6, 9, 10, 10, 8, 5, 3]  # TRL 1..9


class CorpusGenerator:
    """Draws listings one by one; ``random.Random(seed)`` makes the corpus reproducible."""

    def __init__(self, seed: int = 4) -> None:
        self.random = random.Random(seed)
        self.field_weights = zipf_weights(len(FIELDS), 0.8)
        self.general_weights = zipf_weights(len(GENERAL_CONCEPTS))
        self.concept_weights = {slug: zipf_weights(len(items)) for slug, items in FIELD_CONCEPTS.items()}
        self.sources = list(SOURCE_WEIGHTS)
        self.source_weights = list(SOURCE_WEIGHTS.values())

    def _pick(self, items: list, weights: list[float]):
        return self.random.choices(items, weights=weights, k=1)[0]

    def _concept(self, field: str) -> dict[str, str]:
        return self._pick(FIELD_CONCEPTS[field], self.concept_weights[field])

    def draw(self, kind: str) -> Draw:
        r = self.random
        field = self._pick(FIELDS, self.field_weights)
        source = self._pick(self.sources, self.source_weights)
        others = [lang for lang in LANGUAGES if lang != source]
        translations = tuple(r.sample(others, r.randint(MIN_TRANSLATIONS, MAX_TRANSLATIONS)))
        countries = COUNTRIES_BY_LANGUAGE[source]
        country = self._pick(list(countries), list(countries.values()))
        # One listing in ten borrows its main concept from another field (interdisciplinary work).
        a_field = field if r.random() > 0.1 else self._pick(FIELDS, self.field_weights)
        a = self._concept(a_field)
        b = a
        while b is a:
            b = self._concept(field) if r.random() < 0.5 else self._pick(GENERAL_CONCEPTS, self.general_weights)
        c = b
        while c is b:
            c = self._pick(GENERAL_CONCEPTS, self.general_weights)
        extra = tuple(self._concept(field) for _ in range(r.randint(1, 3)))
        sentences = len(TEMPLATES["en"]["description" if kind == "achievement" else "demand"])
        n_description = r.randint(4, 6) if kind == "achievement" else r.randint(2, 4)
        title_count = len(TEMPLATES["en"]["title" if kind == "achievement" else "demand_title"])
        return Draw(
            kind=kind,
            field=field,
            source_language=source,
            translations=translations,
            country=country,
            a=a,
            b=b,
            c=c,
            extra_keywords=extra,
            title_template=r.randrange(title_count),
            summary_templates=tuple(sorted(r.sample(range(3), 2))),
            description_templates=tuple(sorted(r.sample(range(sentences), min(n_description, sentences)))),
            numbers=tuple(r.randint(2, 60) for _ in range(4)),
            code=f"{r.choice('ABCDEFGHKMNPRSTVXZ')}{r.choice('ABCDEFGHKMNPRSTVXZ')}-{r.randint(100, 9999)}"
            if r.random() < 0.3
            else "",
            trl=r.choices(range(1, 10), weights=TRL_WEIGHTS, k=1)[0],
            ip_status=self._pick(list(IP_STATUSES), list(IP_STATUSES.values())),
            modes=tuple(
                sorted(set(r.choices(list(TRANSFER_MODES), weights=list(TRANSFER_MODES.values()), k=r.randint(1, 3))))
            ),
            days_ago=r.randint(0, 730),
        )


def _fill(template: str, draw: Draw, lang: str, number: int) -> str:
    return template.format(A=draw.a[lang], B=draw.b[lang], C=draw.c[lang], N=number)


def render(draw: Draw, lang: str) -> dict[str, str]:
    """The listing's texts in ``lang``: title, summary, description, keywords (achievements) or title, description."""
    words = TEMPLATES[lang]
    joiner = SENTENCE_JOINER.get(lang, " ")
    numbers = iter(draw.numbers * 4)
    if draw.kind == "achievement":
        title = _fill(words["title"][draw.title_template], draw, lang, next(numbers))
        summary = joiner.join(_fill(words["summary"][i], draw, lang, next(numbers)) for i in draw.summary_templates)
        description = joiner.join(
            _fill(words["description"][i], draw, lang, next(numbers)) for i in draw.description_templates
        )
    else:
        title = _fill(words["demand_title"][draw.title_template], draw, lang, next(numbers))
        summary = ""
        description = joiner.join(
            _fill(words["demand"][i], draw, lang, next(numbers)) for i in draw.description_templates
        )
    if draw.code:
        title = f"{title} ({draw.code})"
    # Titles start with a capital letter where the script has them.
    title = title[:1].upper() + title[1:]
    texts = {"title": title[:200], "description": description}
    if draw.kind == "achievement":
        keywords = dict.fromkeys(concept[lang] for concept in (draw.a, draw.b, draw.c, *draw.extra_keywords))
        texts["summary"] = summary
        texts["keywords"] = words["comma"][0].join(keywords)[:300]
    return texts


def listing_texts(draw: Draw) -> dict[str, dict[str, str]]:
    """language -> texts, for the source language and every stored translation."""
    return {lang: render(draw, lang) for lang in (draw.source_language, *draw.translations)}


# --- queries ---------------------------------------------------------------------------------------------------

QUERY_LANGUAGES = ("zh-hans", "ru", "pt-br", "en", "ar", "hi")


@dataclass(frozen=True)
class BenchQuery:
    """One query of the mix: the words, the reader's language, and three facet filters."""

    kind: str  # "frequent" | "or"
    lang: str
    text: str
    filters: dict[str, tuple[str, ...]]
    types: tuple[str, ...] | None
    trl_min: int | None

    def api_params(self) -> list[tuple[str, str]]:
        params = [("q", self.text), ("lang", self.lang)]
        for name, values in self.filters.items():
            params += [(name, value) for value in values]
        for value in self.types or ():
            params.append(("type", value))
        if self.trl_min is not None:
            params.append(("trl_min", str(self.trl_min)))
        return params


def all_concepts() -> list[tuple[dict[str, str], float, str | None]]:
    """Every concept with its rough corpus frequency weight and its field (None: a general term, in every field)."""
    field_weights = dict(zip(FIELDS, zipf_weights(len(FIELDS), 0.8), strict=True))
    general = zipf_weights(len(GENERAL_CONCEPTS))
    concepts = [(concept, 3.0 * w, None) for concept, w in zip(GENERAL_CONCEPTS, general, strict=True)]
    for slug, items in FIELD_CONCEPTS.items():
        weights = zipf_weights(len(items))
        concepts += [(concept, field_weights[slug] * w, slug) for concept, w in zip(items, weights, strict=True)]
    return concepts


def query_mix(count: int, *, countries: list[tuple[str, int]], seed: int = 40) -> Iterator[BenchQuery]:
    """``count`` queries, evenly over QUERY_LANGUAGES, half single frequent terms and half two-term OR queries.

    Terms are drawn by corpus frequency (so frequent terms dominate, as in real query logs); each query has three
    facet filters: a technology field, a country (weighted by how many listings it has), and one of TRL minimum,
    listing type, transfer mode or institution type.
    """
    r = random.Random(seed)
    concepts = all_concepts()
    weights = [w for _c, w, _f in concepts]
    # The most frequent third of the concepts: "frequent terms".
    frequent = sorted(concepts, key=lambda item: -item[1])[: len(concepts) // 3]
    frequent_weights = [w for _c, w, _f in frequent]
    country_codes, country_weights = [c for c, _n in countries], [n for _c, n in countries]
    field_weights = zipf_weights(len(FIELDS), 0.8)
    thirds = ("trl_min", "type", "transfer_mode", "institution_type")
    for index in range(count):
        lang = QUERY_LANGUAGES[index % len(QUERY_LANGUAGES)]
        kind = "frequent" if (index // len(QUERY_LANGUAGES)) % 2 == 0 else "or"
        if kind == "frequent":
            first, _weight, term_field = r.choices(frequent, weights=frequent_weights, k=1)[0]
            text = first[lang]
        else:
            (first, _w1, term_field), (second, _w2, _f2) = r.choices(concepts, weights=weights, k=2)
            while second is first:
                second = r.choices(concepts, weights=weights, k=1)[0][0]
            # "|" is OR in Elasticsearch's simple_query_string; the embedded engine ORs words anyway.
            text = f"{first[lang]} | {second[lang]}"
        # Readers mostly filter on the field their words belong to; sometimes on another one.
        if term_field is None or r.random() < 0.25:
            term_field = r.choices(FIELDS, weights=field_weights, k=1)[0]
        filters: dict[str, tuple[str, ...]] = {
            "field": (term_field,),
            "country": (r.choices(country_codes, weights=country_weights, k=1)[0],),
        }
        types, trl_min = None, None
        third = thirds[index % len(thirds)]
        if third == "trl_min":
            trl_min = r.randint(3, 7)
        elif third == "type":
            types = (r.choice(("achievement", "demand")),)
        elif third == "transfer_mode":
            filters["transfer_mode"] = (r.choices(list(TRANSFER_MODES), weights=list(TRANSFER_MODES.values()))[0],)
        else:
            filters["institution_type"] = (r.choice(("university", "research_institute", "enterprise")),)
        yield BenchQuery(kind=kind, lang=lang, text=text, filters=filters, types=types, trl_min=trl_min)


# --- loading into a database (Django set up by the caller) ------------------------------------------------------

LOAD_BATCH = 2000
# States of the listings that are not published (``unpublished_share`` of the corpus), weighted: the review queue,
# authors' drafts, listings sent back, refused or withdrawn.
UNPUBLISHED_STATES = {"submitted": 30, "draft": 30, "changes_requested": 15, "rejected": 10, "archived": 15}


def load(
    *,
    achievements: int,
    demands: int,
    seed: int = 4,
    unpublished_share: float = 0.0,
    owner_listings: int = 0,
    progress=None,
) -> dict:
    """Institutions, authors and the listings, bulk-inserted (``bulk_create`` in batches of ``LOAD_BATCH``); returns
    the corpus composition. ``unpublished_share`` of the listings get another state than published (drafts, the review
    queue, ...); the first ``owner_listings`` of them (achievements and demands in proportion) belong to one author,
    ``bulk-owner@bench.example.org`` (a "My listings" page with that many rows)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Role, User
    from achievements.models import Achievement
    from demands.models import Demand
    from marketplace.i18n import column
    from marketplace.models import Institution, InstitutionKind, ModerationState, TechnologyField, TransferMode

    started = time.monotonic()
    fields = {field.slug: field for field in TechnologyField.objects.all()}
    missing = set(FIELDS) - set(fields)
    if missing:
        raise SystemExit(f"technology fields missing from the taxonomy: {sorted(missing)}")
    modes = {mode.code: mode for mode in TransferMode.objects.all()}
    countries = sorted({code for weights in COUNTRIES_BY_LANGUAGE.values() for code in weights})
    kinds = [
        InstitutionKind.UNIVERSITY,
        InstitutionKind.RESEARCH_INSTITUTE,
        InstitutionKind.ENTERPRISE,
        InstitutionKind.TT_CENTER,
    ]
    institutions = Institution.objects.bulk_create(
        [
            Institution(
                slug=f"bench-{country.lower()}-{kind}",
                name_en=f"Bench {InstitutionKind(kind).label} {country}",
                source_language="en",
                kind=kind,
                country=country,
                is_verified=True,
            )
            for country in countries
            for kind in kinds
        ]
    )
    by_country: dict[str, list] = {}
    for institution in institutions:
        by_country.setdefault(str(institution.country), []).append(institution)
    unusable = make_password(None)
    authors = User.objects.bulk_create(
        [
            User(
                email=f"author-{institution.slug}@bench.example.org",
                display_name=f"Author {institution.slug}",
                country=institution.country,
                role=Role.ENTERPRISE if institution.kind == InstitutionKind.ENTERPRISE else Role.RESEARCHER,
                password=unusable,
            )
            for institution in institutions
        ]
    )
    author_of = {institution.pk: author for institution, author in zip(institutions, authors, strict=True)}
    bulk_owner = User.objects.create(
        email="bulk-owner@bench.example.org", display_name="Bulk owner", role=Role.RESEARCHER, password=unusable
    )

    generator = CorpusGenerator(seed=seed)
    now = timezone.now()
    rng = random.Random(seed + 1)
    states = list(UNPUBLISHED_STATES)
    state_weights = list(UNPUBLISHED_STATES.values())
    source_counts: Counter[str] = Counter()
    translation_counts: Counter[int] = Counter()
    stored_languages: Counter[str] = Counter()
    country_counts: Counter[str] = Counter()
    state_counts: Counter[str] = Counter()
    text_chars = 0
    total_listings = achievements + demands
    owned = {"achievement": 0, "demand": 0}
    owned_quota = {
        "achievement": round(owner_listings * achievements / total_listings) if total_listings else 0,
        "demand": owner_listings - (round(owner_listings * achievements / total_listings) if total_listings else 0),
    }

    def make(kind: str):
        nonlocal text_chars
        draw = generator.draw(kind)
        texts = listing_texts(draw)
        institution = rng.choice(by_country[draw.country])
        published = now - timedelta(days=draw.days_ago, seconds=rng.randint(0, 86_399))
        state = ModerationState.PUBLISHED
        if rng.random() < unpublished_share:
            state = rng.choices(states, state_weights)[0]
        owner = author_of[institution.pk]
        if owned[kind] < owned_quota[kind]:
            owned[kind] += 1
            owner = bulk_owner
        values = {
            "owner_id": owner.pk,
            "institution_id": institution.pk,
            "field_id": fields[draw.field].pk,
            "country": draw.country,
            "source_language": draw.source_language,
            "state": state,
            "submitted_at": None if state == "draft" else published - timedelta(days=2),
            "published_at": published if state in ("published", "archived") else None,
        }
        for lang, fields_text in texts.items():
            for name, value in fields_text.items():
                values[column(name, lang)] = value
                text_chars += len(value)
            stored_languages[lang] += 1
        source_counts[draw.source_language] += 1
        translation_counts[len(draw.translations)] += 1
        country_counts[draw.country] += 1
        state_counts[state] += 1
        if kind == "achievement":
            values.update(trl=draw.trl, ip_status=draw.ip_status, price_negotiable=True)
        return values, draw.modes

    for kind, model, total, relation in (
        ("achievement", Achievement, achievements, "transfer_modes"),
        ("demand", Demand, demands, "cooperation_modes"),
    ):
        through = getattr(model, relation).through
        owner_column = f"{model._meta.model_name}_id"
        insert = RowInserter(model, now)
        modes_insert = RowInserter(through, now)
        next_id = (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        next_mode_id = (through.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        done = 0
        while done < total:
            size = min(LOAD_BATCH, total - done)
            made = [make(kind) for _ in range(size)]
            for values, _codes in made:
                values["id"] = next_id
                next_id += 1
            links = []
            for values, codes in made:
                for code in codes:
                    links.append({"id": next_mode_id, owner_column: values["id"], "transfermode_id": modes[code].pk})
                    next_mode_id += 1
            with transaction.atomic():
                insert.rows([values for values, _codes in made])
                modes_insert.rows(links)
            done += size
            if progress and (done % 20_000 < LOAD_BATCH or done == total):
                progress(f"corpus: {done}/{total} {kind}s")
        insert.reset_sequence()
        modes_insert.reset_sequence()
    seconds = time.monotonic() - started
    listings = achievements + demands
    return {
        "achievements": achievements,
        "demands": demands,
        "listings": listings,
        "states": dict(state_counts.most_common()),
        "bulk_owner_listings": sum(owned.values()),
        "source_languages": dict(source_counts.most_common()),
        "source_language_count": len(source_counts),
        "translations_per_listing": {str(k): v for k, v in sorted(translation_counts.items())},
        "min_translations_per_listing": min(translation_counts) if translation_counts else 0,
        "listings_with_text_in_language": dict(stored_languages.most_common()),
        "countries": dict(country_counts.most_common()),
        "institutions": len(institutions),
        "text_characters": text_chars,
        "mean_text_characters_per_listing": round(text_chars / listings) if listings else 0,
        "generation_seconds": round(seconds, 1),
        "database_mb": None,  # filled in by the caller
    }


class RowInserter:
    """Plain rows (attribute name -> value, ids included) into a model's table without model instances: PostgreSQL's
    COPY, else one executemany INSERT per batch. Building 150k instances of a model with 17 languages of text columns
    (modeltranslation computes every column's default in each language) took longer than writing them."""

    def __init__(self, model, now) -> None:
        from django.db import connection

        self.model = model
        self.connection = connection
        self.fields = [
            field for field in model._meta.concrete_fields if not field.generated
        ]  # the database writes those
        self.defaults = {}
        for field in self.fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                default = now
            else:
                default = field.get_default()
            # TextChoices defaults (ModerationState.DRAFT) as their plain value.
            self.defaults[field.attname] = default.value if hasattr(default, "value") else default

    def rows(self, rows: list[dict]) -> None:
        """Insert ``rows``; without an ``id`` in the first row, the database numbers them."""
        if not rows:
            return
        fields = [field for field in self.fields if not (field.primary_key and field.attname not in rows[0])]
        attnames = [field.attname for field in fields]
        table = self.connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(self.connection.ops.quote_name(field.column) for field in fields)
        tuples = [tuple(row.get(name, self.defaults[name]) for name in attnames) for row in rows]
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for values in tuples:
                        copy.write_row(values)
            else:
                marks = ", ".join(["%s"] * len(fields))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuples)  # noqa: S608

    def reset_sequence(self) -> None:
        from django.core.management.color import no_style

        with self.connection.cursor() as cursor:
            for statement in self.connection.ops.sequence_reset_sql(no_style(), [self.model]):
                cursor.execute(statement)
