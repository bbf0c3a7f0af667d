"""Human translations of a dozen demo listings, stored as "verified" language versions.

Written by people for the demo, so that a newcomer sees the multilingual platform at once: each listing below reads
in three to five more languages, mostly those no offline engine serves (Chinese, Russian, Arabic) plus a few that
Apertium does serve, where a person's version reads better than the machine's.

Keys: ``kind`` ("achievement" or "demand"), ``owner`` and ``title`` (the listing's stable key in the demo: its owner
and its title in the source language, as in achievements.py / demands.py), then ``languages``: language code ->
{field: text}. Keywords stay comma-separated. English versions of listings
that already carry an ``en`` block in achievements.py / demands.py only add the fields that block lacks.
"""

from __future__ import annotations

TRANSLATIONS: list[dict] = [
    # --- achievements ------------------------------------------------------------------------------------------------
    {
        "kind": "achievement",
        "owner": "researcher",
        "title": "竹纤维增强复合建筑板材连续化制备技术",
        "languages": {
            "en": {
                "description": "The bamboo is defibred into oriented fibre bundles, impregnated with a "
                "low-formaldehyde phenolic resin, then continuously laid up and hot-pressed. The "
                "boards have a higher modulus of "
                "rupture and modulus of elasticity than plywood of the same thickness, and they swell little when "
                "they absorb water, so they suit humid environments.\n\n"
                "A pilot line at a partner company has validated the process at an annual capacity of about 20,000 "
                "cubic metres; the products passed mechanical and formaldehyde-emission tests at an independent "
                "testing body. We provide the process package, equipment selection and on-site technical guidance.\n\n"
                "Markets: prefabricated buildings, container floors, concrete formwork, outdoor landscape elements.",
                "keywords": "bamboo, composite materials, prefabricated construction, bamboo scrimber, "
                "continuous hot pressing",
            },
            "ru": {
                "title": "Технология непрерывного производства строительных композитных плит, армированных "
                "бамбуковым волокном",
                "summary": "Быстрорастущий бамбук расщепляют на волокна, пропитывают смолой и непрерывно прессуют в "
                "горячем прессе. Получаются высокопрочные композитные плиты, которые могут частично заменить фанеру "
                "и фиброцементные плиты в стеновых панелях, плитах перекрытия и опалубке сборных зданий.",
                "description": "Бамбук расщепляют на ориентированные пучки волокон, пропитывают фенольной смолой с "
                "низким содержанием формальдегида, затем непрерывно формируют ковёр и прессуют в горячем прессе. "
                "Предел прочности при статическом изгибе и модуль упругости плит выше, чем у фанеры той же толщины, "
                "а разбухание по толщине при водопоглощении невелико, поэтому плиты подходят для влажной среды.\n\n"
                "Технология проверена на опытно-промышленной линии партнёрского предприятия мощностью около "
                "20 тысяч кубометров в год; продукция прошла испытания механических свойств и эмиссии формальдегида "
                "в независимой лаборатории. Предоставляем технологический пакет, подбор оборудования и техническое "
                "сопровождение на площадке.\n\n"
                "Рынки: сборное строительство, полы контейнеров, опалубка для бетона, элементы благоустройства.",
                "keywords": "бамбук, композитные материалы, сборное строительство, прессованный бамбук, "
                "непрерывное горячее прессование",
            },
            "es": {
                "title": "Producción continua de tableros compuestos para construcción reforzados con fibra de bambú",
                "summary": "El bambú de crecimiento rápido se desfibra, se impregna con resina y se prensa en caliente "
                "de forma continua para obtener tableros de alta resistencia que pueden sustituir en parte al "
                "contrachapado y al fibrocemento en muros, losas y encofrados de edificios prefabricados.",
                "description": "El bambú se desfibra en haces de fibras orientadas, que se impregnan con una resina "
                "fenólica de bajo contenido de formaldehído y luego se forman y prensan en caliente en continuo. El "
                "módulo de rotura y el módulo de elasticidad de los tableros superan los de un contrachapado del "
                "mismo espesor, y su hinchamiento en espesor al absorber agua es bajo, por lo que son aptos para "
                "ambientes húmedos.\n\n"
                "El proceso se validó en una línea piloto de una empresa asociada, con una capacidad anual de unos "
                "20 000 metros cúbicos; los productos superaron los ensayos mecánicos y de emisión de formaldehído "
                "de un laboratorio independiente. Ofrecemos el paquete de proceso, la selección de equipos y "
                "asistencia técnica en planta.\n\n"
                "Mercados: construcción prefabricada, pisos de contenedores, encofrados para hormigón y elementos "
                "de paisajismo exterior.",
                "keywords": "bambú, materiales compuestos, construcción prefabricada, bambú reconstituido, "
                "prensado en caliente continuo",
            },
            "fr": {
                "title": "Production en continu de panneaux composites de construction renforcés de fibres de bambou",
                "summary": "Le bambou à croissance rapide est défibré, imprégné de résine et pressé à chaud en "
                "continu pour obtenir des panneaux très résistants, capables de remplacer en partie le contreplaqué "
                "et le fibrociment dans les murs, les planchers et les coffrages des bâtiments préfabriqués.",
                "description": "Le bambou est défibré en faisceaux de fibres orientées, imprégnés d'une résine "
                "phénolique à faible teneur en formaldéhyde, puis mis en nappe et pressés à chaud en continu. Le "
                "module de rupture et le module d'élasticité des panneaux dépassent ceux d'un contreplaqué de même "
                "épaisseur, et leur gonflement en épaisseur après absorption d'eau est faible : ils conviennent aux "
                "milieux humides.\n\n"
                "Le procédé a été validé sur une ligne pilote chez une entreprise partenaire, d'une capacité "
                "d'environ 20 000 mètres cubes par an ; les produits ont réussi les essais mécaniques et d'émission "
                "de formaldéhyde d'un laboratoire indépendant. Nous fournissons le dossier de procédé, le choix des "
                "équipements et l'assistance technique sur site.\n\n"
                "Marchés : construction préfabriquée, planchers de conteneurs, coffrages pour béton, aménagements "
                "paysagers extérieurs.",
                "keywords": "bambou, matériaux composites, construction préfabriquée, bambou reconstitué, "
                "pressage à chaud en continu",
            },
        },
    },
    {
        "kind": "achievement",
        "owner": "yanet.rodriguez",
        "title": "Plataforma de expresión de proteínas recombinantes en Pichia pastoris para biofármacos",
        "languages": {
            "en": {
                "title": "Recombinant protein expression platform in Pichia pastoris for biopharmaceuticals",
                "summary": "Strains, vectors and a high-density fermentation process to produce recombinant "
                "therapeutic proteins in yeast, with purification in three chromatography steps.",
                "description": "The platform includes a characterised strain bank, vectors with a methanol-inducible "
                "promoter and a fed-batch fermentation protocol scaled up to 300 litres.\n\n"
                "We offer transfer of the technology package, with staff training and support in validating the "
                "process under good manufacturing practice.",
                "keywords": "recombinant proteins, Pichia pastoris, fermentation, biopharmaceuticals",
            },
            "pt-br": {
                "title": "Plataforma de expressão de proteínas recombinantes em Pichia pastoris para biofármacos",
                "summary": "Cepas, vetores e processo de fermentação de alta densidade para produzir proteínas "
                "terapêuticas recombinantes em levedura, com purificação em três etapas cromatográficas.",
                "description": "A plataforma inclui um banco de cepas caracterizado, vetores com promotor induzível "
                "por metanol e um protocolo de fermentação em batelada alimentada escalonado até 300 litros.\n\n"
                "Oferecemos a transferência do pacote tecnológico, com treinamento da equipe e acompanhamento na "
                "validação do processo segundo as boas práticas de fabricação.",
                "keywords": "proteínas recombinantes, Pichia pastoris, fermentação, biofármacos",
            },
            "fr": {
                "title": "Plateforme d'expression de protéines recombinantes chez Pichia pastoris pour les "
                "biomédicaments",
                "summary": "Souches, vecteurs et procédé de fermentation à haute densité pour produire des protéines "
                "thérapeutiques recombinantes dans la levure, avec une purification en trois étapes "
                "chromatographiques.",
                "description": "La plateforme comprend une banque de souches caractérisée, des vecteurs à promoteur "
                "inductible par le méthanol et un protocole de fermentation en mode semi-continu (fed-batch) porté à "
                "l'échelle de 300 litres.\n\n"
                "Nous proposons le transfert du paquet technologique, avec la formation du personnel et un "
                "accompagnement pour la validation du procédé selon les bonnes pratiques de fabrication.",
                "keywords": "protéines recombinantes, Pichia pastoris, fermentation, biomédicaments",
            },
            "zh-hans": {
                "title": "用于生物药生产的毕赤酵母重组蛋白表达平台",
                "summary": "提供菌株、载体和高密度发酵工艺，在酵母中生产重组治疗性蛋白，并通过三步层析完成纯化。",
                "description": "平台包括经过表征的菌种库、带甲醇诱导型启动子的载体，以及已放大至300升的补料分批发酵"
                "方案。\n\n"
                "可转让整套技术包，并提供人员培训，以及按药品生产质量管理规范（GMP）开展工艺验证的全程支持。",
                "keywords": "重组蛋白, 毕赤酵母, 发酵, 生物药",
            },
        },
    },
    {
        "kind": "achievement",
        "owner": "sipho.dlamini",
        "title": "Isothermal point-of-care assay for rifampicin-resistant tuberculosis",
        "languages": {
            "zh-hans": {
                "title": "利福平耐药结核病等温扩增即时检测技术",
                "summary": "一种痰液检测方法，采用等温扩增和侧向层析读数，无需热循环仪，一小时内即可检出结核"
                "分枝杆菌的主要利福平耐药突变。",
                "description": "该检测针对rpoB基因的耐药决定区。试剂冻干于单管中，室温下稳定，适合基层诊所使用。"
                "\n\n"
                "已利用存档临床分离株完成分析性能验证；正与两家省级实验室筹备前瞻性临床研究。我们寻求诊断试剂"
                "生产企业获得该检测的许可，并共同出资开展临床研究。",
                "keywords": "结核病, 诊断, 等温扩增, 侧向层析, 耐药",
            },
            "ru": {
                "title": "Изотермический экспресс-тест на туберкулёз с устойчивостью к рифампицину для пунктов "
                "первичной помощи",
                "summary": "Тест по образцу мокроты, который менее чем за час выявляет основные мутации устойчивости "
                "M. tuberculosis к рифампицину с помощью изотермической амплификации и тест-полоски латерального "
                "потока, без термоциклера.",
                "description": "Тест направлен на область гена rpoB, определяющую устойчивость. Реагенты "
                "лиофилизированы в одной пробирке и стабильны при комнатной температуре, что удобно для учреждений "
                "первичной медико-санитарной помощи.\n\n"
                "Аналитическая валидация на архивных клинических изолятах завершена; с двумя лабораториями "
                "провинциального уровня планируется проспективное клиническое исследование. Мы ищем производителя "
                "диагностических средств, который получит лицензию на тест и примет участие в финансировании "
                "клинического исследования.",
                "keywords": "туберкулёз, диагностика, изотермическая амплификация, латеральный поток, "
                "лекарственная устойчивость",
            },
            "ar": {
                "title": "اختبار متساوي الحرارة في نقطة الرعاية للسل المقاوم للريفامبيسين",
                "summary": "اختبار لعينات البلغم يكشف الطفرات الرئيسية لمقاومة المتفطرة السلية للريفامبيسين في أقل "
                "من ساعة، باستخدام التضخيم متساوي الحرارة وقراءة النتيجة على شريط تدفق جانبي، دون الحاجة إلى جهاز "
                "للدورات الحرارية.",
                "description": "يستهدف الاختبار المنطقة المحددة للمقاومة في جين rpoB. الكواشف مجففة بالتجميد في "
                "أنبوب واحد ومستقرة في درجة حرارة الغرفة، مما يناسب عيادات الرعاية الأولية.\n\n"
                "اكتمل التحقق التحليلي على عزلات سريرية مؤرشفة، ويجري التخطيط لدراسة سريرية مستقبلية مع مختبرين "
                "على مستوى المقاطعات. نبحث عن شركة مصنّعة لأدوات التشخيص تحصل على ترخيص الاختبار وتشارك في تمويل "
                "الدراسة السريرية.",
                "keywords": "السل, التشخيص, التضخيم متساوي الحرارة, التدفق الجانبي, مقاومة الأدوية",
            },
            "es": {
                "title": "Prueba isotérmica en el punto de atención para la tuberculosis resistente a la rifampicina",
                "summary": "Una prueba en esputo que detecta en menos de una hora las principales mutaciones de "
                "resistencia a la rifampicina de M. tuberculosis, mediante amplificación isotérmica y lectura en "
                "tira de flujo lateral, sin termociclador.",
                "description": "La prueba se dirige a la región determinante de la resistencia del gen rpoB. Los "
                "reactivos están liofilizados en un solo tubo y son estables a temperatura ambiente, lo que conviene "
                "a los centros de atención primaria.\n\n"
                "La validación analítica con aislados clínicos archivados ha concluido; se prepara un estudio "
                "clínico prospectivo con dos laboratorios provinciales. Buscamos un fabricante de diagnósticos que "
                "obtenga la licencia de la prueba y cofinancie el estudio clínico.",
                "keywords": "tuberculosis, diagnóstico, amplificación isotérmica, flujo lateral, farmacorresistencia",
            },
        },
    },
    {
        "kind": "achievement",
        "owner": "d.volkov",
        "title": "Липосомальная форма доксорубицина со сниженной кардиотоксичностью",
        "languages": {
            "en": {
                "description": "Production involves extrusion and active loading of the drug along an ammonium "
                "sulphate gradient. A laboratory process specification has been written; we need a partner for "
                "scale-up and for preclinical studies to GLP standards.",
                "keywords": "liposomes, doxorubicin, oncology, drug delivery",
            },
            "zh-hans": {
                "title": "降低心脏毒性的多柔比星脂质体制剂",
                "summary": "采用改良脂质组成的聚乙二醇化脂质体递送多柔比星；动物临床前研究显示，在保持抗肿瘤活性的"
                "同时降低了心脏毒性。",
                "description": "制备工艺包括挤出法和硫酸铵梯度主动载药。已制定实验室工艺规程；现寻求合作伙伴开展"
                "放大生产及符合GLP规范的临床前研究。",
                "keywords": "脂质体, 多柔比星, 肿瘤学, 药物递送",
            },
            "pt-br": {
                "title": "Doxorrubicina lipossomal com cardiotoxicidade reduzida",
                "summary": "Lipossomas peguilados com composição lipídica modificada para a entrega de doxorrubicina; "
                "estudos pré-clínicos em animais mostraram menor cardiotoxicidade, com a atividade antitumoral "
                "preservada.",
                "description": "O processo de obtenção inclui extrusão e carregamento ativo do fármaco por gradiente "
                "de sulfato de amônio. Há um protocolo de produção em escala de laboratório; buscamos um parceiro "
                "para o escalonamento e para estudos pré-clínicos conforme as Boas Práticas de Laboratório (BPL).",
                "keywords": "lipossomas, doxorrubicina, oncologia, entrega de fármacos",
            },
            "es": {
                "title": "Doxorrubicina liposomal con cardiotoxicidad reducida",
                "summary": "Liposomas pegilados con una composición lipídica modificada para administrar "
                "doxorrubicina; los estudios preclínicos en animales mostraron menor cardiotoxicidad sin pérdida de "
                "la actividad antitumoral.",
                "description": "La obtención incluye extrusión y carga activa del fármaco mediante un gradiente de "
                "sulfato de amonio. Se dispone de un protocolo de laboratorio; buscamos un socio para el escalado y "
                "los estudios preclínicos según las Buenas Prácticas de Laboratorio (BPL).",
                "keywords": "liposomas, doxorrubicina, oncología, administración de fármacos",
            },
        },
    },
    {
        "kind": "achievement",
        "owner": "ana.ferreira",
        "title": "Produção de hidrogênio verde por reforma a vapor de etanol",
        "languages": {
            "en": {
                "description": "The catalyst showed little coke formation in long-duration tests. The bench-scale "
                "reactor supplies hydrogen to a 5 kW fuel cell.\n\n"
                "We are looking for companies in the sugar-and-ethanol or industrial-gas sectors to scale it up.",
                "keywords": "green hydrogen, ethanol, catalyst, fuel cell",
            },
            "es": {
                "title": "Producción de hidrógeno verde por reformado de etanol con vapor",
                "summary": "Catalizador de níquel soportado y reactor compacto para producir hidrógeno a partir de "
                "etanol hidratado, aprovechando la infraestructura de distribución de etanol que ya existe en Brasil.",
                "description": "El catalizador mostró una baja formación de coque en ensayos de larga duración. El "
                "reactor de laboratorio produce hidrógeno para una pila de combustible de 5 kW.\n\n"
                "Buscamos empresas del sector sucroenergético o de gases industriales para el escalado.",
                "keywords": "hidrógeno verde, etanol, catalizador, pila de combustible",
            },
            "zh-hans": {
                "title": "乙醇水蒸气重整制取绿色氢气",
                "summary": "负载型镍催化剂和紧凑型反应器，以含水乙醇为原料制取氢气，可利用巴西现有的乙醇配送网络。",
                "description": "该催化剂在长周期试验中积碳很少。台架反应器产生的氢气可供一台5千瓦燃料电池使用。\n\n"
                "我们寻求糖和乙醇行业或工业气体行业的企业合作开展放大。",
                "keywords": "绿色氢气, 乙醇, 催化剂, 燃料电池",
            },
            "ru": {
                "title": "Производство зелёного водорода паровой конверсией этанола",
                "summary": "Нанесённый никелевый катализатор и компактный реактор для получения водорода из "
                "гидратированного этанола с использованием уже существующей в Бразилии инфраструктуры "
                "распределения этанола.",
                "description": "В длительных испытаниях катализатор показал низкое коксообразование. Лабораторный "
                "реактор производит водород для топливного элемента мощностью 5 кВт.\n\n"
                "Ищем компании сахарно-этанольной отрасли или производителей промышленных газов для "
                "масштабирования.",
                "keywords": "зелёный водород, этанол, катализатор, топливный элемент",
            },
        },
    },
    {
        "kind": "achievement",
        "owner": "priya.nair",
        "title": "Sodium-ion battery packs for rural solar mini-grids",
        "languages": {
            "zh-hans": {
                "title": "面向农村光伏微电网的钠离子电池组",
                "summary": "采用钠离子电芯的电池组，配有针对光伏微电网每日充放电循环优化的电池管理系统；不含锂和钴，"
                "可在零电量状态下安全运输。",
                "description": "10千瓦时的试点电池组已在两个村级微电网中运行一年。许可内容包括电池组设计、电池管理"
                "系统（BMS）固件和装配说明。",
                "keywords": "钠离子, 储能, 微电网, 光伏",
            },
            "ru": {
                "title": "Натрий-ионные аккумуляторные батареи для сельских солнечных мини-сетей",
                "summary": "Батареи на натрий-ионных элементах с системой управления (BMS), настроенной на "
                "ежедневное циклирование в солнечных мини-сетях; без лития и кобальта, безопасная перевозка в "
                "полностью разряженном состоянии.",
                "description": "Опытные батареи ёмкостью 10 кВт·ч уже год работают в мини-сетях двух деревень. "
                "Лицензия охватывает конструкцию батареи, прошивку BMS и инструкции по сборке.",
                "keywords": "натрий-ионные аккумуляторы, накопление энергии, мини-сеть, солнечная энергия",
            },
            "ar": {
                "title": "حزم بطاريات صوديوم-أيون للشبكات الشمسية الصغيرة في الأرياف",
                "summary": "حزم بطاريات بخلايا صوديوم-أيون ونظام لإدارة البطارية مضبوط لدورات الشحن والتفريغ اليومية "
                "في الشبكات الشمسية الصغيرة؛ خالية من الليثيوم والكوبالت، ويمكن نقلها بأمان وهي فارغة الشحن تماماً.",
                "description": "تعمل حزم تجريبية بسعة 10 كيلوواط ساعة منذ عام في شبكتين صغيرتين تخدمان قريتين. يشمل "
                "الترخيص تصميم الحزمة والبرنامج الثابت لنظام إدارة البطارية وتعليمات التجميع.",
                "keywords": "صوديوم-أيون, تخزين الطاقة, شبكة صغيرة, طاقة شمسية",
            },
            "pt-br": {
                "title": "Baterias de íon-sódio para minirredes solares rurais",
                "summary": "Baterias com células de íon-sódio e um sistema de gerenciamento de bateria ajustado para "
                "ciclos diários em minirredes solares; sem lítio nem cobalto, e seguras para transporte com carga "
                "zero.",
                "description": "Baterias-piloto de 10 kWh funcionam há um ano nas minirredes de duas aldeias. A "
                "licença abrange o projeto da bateria, o firmware do BMS e as instruções de montagem.",
                "keywords": "íon-sódio, armazenamento de energia, minirrede, energia solar",
            },
        },
    },
    {
        "kind": "achievement",
        "owner": "omar.alhashimi",
        "title": "طلاء نانوي ذاتي التنظيف للألواح الشمسية في البيئات الصحراوية",
        "languages": {
            "en": {
                "title": "Self-cleaning nano-coating for solar panels in desert environments",
                "summary": "A transparent water- and dust-repellent coating that reduces the soiling of photovoltaic "
                "panels and the number of washes they need, while keeping their light transmission.",
                "description": "The coating has been tested at an outdoor pilot station for twelve months. It can be "
                "sprayed onto installed panels or applied during manufacturing.",
                "keywords": "solar energy, nano-coating, self-cleaning, dust",
            },
            "fr": {
                "title": "Revêtement nanométrique autonettoyant pour panneaux solaires en milieu désertique",
                "summary": "Un revêtement transparent, hydrofuge et anti-poussière, qui limite l'encrassement des "
                "panneaux photovoltaïques et espace les lavages tout en préservant la transmission de la lumière.",
                "description": "Le revêtement a été testé pendant douze mois sur une station pilote en extérieur. Il "
                "peut être pulvérisé sur des panneaux déjà installés ou appliqué lors de la fabrication.",
                "keywords": "énergie solaire, nanorevêtement, autonettoyant, poussière",
            },
            "zh-hans": {
                "title": "适用于沙漠环境的太阳能电池板自清洁纳米涂层",
                "summary": "一种透明的疏水防尘涂层，可减少光伏板表面积尘、降低清洗频次，同时保持透光率。",
                "description": "该涂层已在室外试验电站测试十二个月。既可喷涂于已安装的电池板，也可在制造过程中施加。",
                "keywords": "太阳能, 纳米涂层, 自清洁, 灰尘",
            },
            "ru": {
                "title": "Самоочищающееся нанопокрытие для солнечных панелей в пустынных условиях",
                "summary": "Прозрачное водо- и пылеотталкивающее покрытие, которое уменьшает загрязнение "
                "фотоэлектрических панелей пылью и сокращает число промывок, сохраняя светопропускание.",
                "description": "Покрытие двенадцать месяцев испытывалось на открытой опытной станции. Его можно "
                "наносить распылением на уже установленные панели или в процессе производства.",
                "keywords": "солнечная энергия, нанопокрытие, самоочистка, пыль",
            },
        },
    },
    {
        "kind": "achievement",
        "owner": "karim.mansour",
        "title": "Liant géopolymère à base de laitier et de déchets de verre",
        "languages": {
            "en": {
                "title": "Geopolymer binder made from slag and waste glass",
                "summary": "A clinker-free, alkali-activated binder that puts blast-furnace slag and recycled glass "
                "to use in low-carbon blocks and precast elements.",
                "description": "Compressive strengths at 28 days are comparable with those of ordinary Portland "
                "cement. We are looking for a precast manufacturer for industrial-scale trials.",
                "keywords": "geopolymer, slag, recycled glass, low-carbon concrete",
            },
            "es": {
                "title": "Aglomerante geopolimérico a base de escoria y residuos de vidrio",
                "summary": "Un aglomerante sin clínker, activado con una solución alcalina, que aprovecha la escoria "
                "de alto horno y el vidrio reciclado en bloques y elementos prefabricados con baja huella de "
                "carbono.",
                "description": "Las resistencias a compresión a 28 días son comparables a las de un cemento Portland "
                "común. Buscamos un fabricante de prefabricados para realizar ensayos a escala industrial.",
                "keywords": "geopolímero, escoria, vidrio reciclado, hormigón bajo en carbono",
            },
            "ar": {
                "title": "رابط جيوبوليمري من الخبث ونفايات الزجاج",
                "summary": "رابط خالٍ من الكلنكر يُنشَّط بمحلول قلوي، يستثمر خبث الأفران العالية والزجاج المعاد تدويره "
                "في إنتاج طوب وعناصر مسبقة الصب منخفضة البصمة الكربونية.",
                "description": "تضاهي مقاومة الانضغاط بعد 28 يوماً مقاومةَ الإسمنت البورتلاندي العادي. نبحث عن مصنّع "
                "للعناصر مسبقة الصب لإجراء تجارب على النطاق الصناعي.",
                "keywords": "جيوبوليمر, خبث, زجاج معاد تدويره, خرسانة منخفضة الكربون",
            },
            "zh-hans": {
                "title": "以矿渣和废玻璃为原料的地质聚合物胶凝材料",
                "summary": "一种无熟料、经碱性溶液激发的胶凝材料，将高炉矿渣和回收玻璃用于生产低碳砌块和预制构件。",
                "description": "其28天抗压强度与普通硅酸盐水泥相当。我们正在寻找预制构件企业开展工业规模试验。",
                "keywords": "地质聚合物, 矿渣, 回收玻璃, 低碳混凝土",
            },
        },
    },
    # --- demands -----------------------------------------------------------------------------------------------------
    {
        "kind": "demand",
        "owner": "enterprise",
        "title": "Point-of-care HIV viral-load test for primary clinics",
        "languages": {
            "zh-hans": {
                "title": "面向基层诊所的HIV病毒载量即时检测",
                "description": "我们希望通过许可或联合开发引进一种床旁检测，可在90分钟内用指尖血或血浆样本测定HIV"
                "病毒载量，供由护士负责的基层诊所使用。\n\n"
                "要求：可使用市电或电池供电；可在最高35 °C的环境温度下工作；在判定治疗失败的阈值处，结果与实验室"
                "PCR具有可比性；检测卡盒成本在公共卫生预算可承受的范围内。我们可以在南非及周边市场组织本地评价研究"
                "并办理注册审批。",
            },
            "pt-br": {
                "title": "Teste de carga viral do HIV no ponto de atendimento para clínicas de atenção primária",
                "description": "Queremos licenciar ou codesenvolver um teste feito junto ao paciente que meça a carga "
                "viral do HIV em sangue da ponta do dedo ou em plasma em menos de 90 minutos, para clínicas de "
                "atenção primária conduzidas por enfermeiros.\n\n"
                "Requisitos: funcionar com energia da rede ou bateria, tolerar temperaturas ambientes de até 35 °C, "
                "dar resultados comparáveis aos do PCR laboratorial no limiar de falha terapêutica e ter um custo por "
                "cartucho sustentável para os orçamentos da saúde pública. Podemos organizar estudos locais de "
                "avaliação e o registro regulatório na África do Sul e nos mercados vizinhos.",
            },
            "fr": {
                "title": "Test de charge virale du VIH au point de service pour les centres de soins primaires",
                "description": "Nous souhaitons acquérir sous licence ou co-développer un test délocalisé qui mesure "
                "la charge virale du VIH sur sang capillaire prélevé au bout du doigt ou sur plasma en moins de 90 "
                "minutes, pour des centres de soins primaires tenus par des infirmiers.\n\n"
                "Exigences : fonctionnement sur secteur ou sur batterie, tolérance à des températures ambiantes "
                "jusqu'à 35 °C, résultats comparables à ceux de la PCR de laboratoire au seuil d'échec thérapeutique, "
                "coût par cartouche supportable pour les budgets de santé publique. Nous pouvons organiser des études "
                "d'évaluation locales et l'enregistrement réglementaire en Afrique du Sud et dans les pays voisins.",
            },
            "ru": {
                "title": "Экспресс-тест на вирусную нагрузку ВИЧ для учреждений первичной помощи",
                "description": "Мы хотим получить лицензию или совместно разработать тест у постели пациента, который "
                "менее чем за 90 минут измеряет вирусную нагрузку ВИЧ по капиллярной крови из пальца или по плазме, "
                "для учреждений первичной помощи, где приём ведут медсёстры.\n\n"
                "Требования: работа от сети или от аккумулятора, устойчивость к температуре окружающей среды до "
                "35 °C, результаты, сопоставимые с лабораторной ПЦР на пороге неэффективности терапии, стоимость "
                "картриджа, посильная для бюджетов общественного здравоохранения. Мы можем организовать местные "
                "оценочные исследования и регистрацию в ЮАР и соседних странах.",
            },
        },
    },
    {
        "kind": "demand",
        "owner": "institution-admin",
        "title": "eVTOL and logistics-drone makers wanted for plateau demonstration routes",
        "languages": {
            "zh-hans": {
                "title": "征集eVTOL和物流无人机企业参与高原示范航线",
                "description": "云南山区地形复杂，药品、样本和生鲜农产品的地面运输耗时较长。我们正在为海拔1500至"
                "3500米的县城与村庄之间的示范航线组建合作伙伴团队，包括航空器制造商、运营商和空中交通管理服务商。"
                "可采用联合开发或股权合作等方式。",
            },
            "ru": {
                "title": "Ищем производителей eVTOL и грузовых дронов для демонстрационных маршрутов в высокогорье",
                "description": "В горах провинции Юньнань наземная доставка лекарств, проб и свежей продукции "
                "идёт медленно. Мы собираем партнёров для демонстрационных маршрутов между уездными "
                "центрами и деревнями на высоте "
                "1500–3500 м: производителей летательных аппаратов, операторов и поставщиков систем управления "
                "воздушным движением. Возможны как совместная разработка, так и участие в капитале.",
            },
            "es": {
                "title": "Se buscan fabricantes de eVTOL y drones logísticos para rutas de demostración en el "
                "altiplano",
                "description": "Las montañas de Yunnan hacen lento el transporte terrestre de medicamentos, muestras "
                "y productos frescos. Estamos reuniendo socios para rutas de demostración entre cabeceras de "
                "condado y aldeas situadas entre 1500 y 3500 m de altitud: fabricantes de aeronaves, operadores y "
                "proveedores de gestión del tránsito aéreo. Caben tanto el desarrollo conjunto como la participación "
                "en el capital.",
            },
        },
    },
    {
        "kind": "demand",
        "owner": "m.lebedeva",
        "title": "Переработка отходов лесопиления в топливные пеллеты и биоуголь",
        "languages": {
            "zh-hans": {
                "title": "将锯材加工剩余物制成燃料颗粒和生物炭",
                "description": "西伯利亚的锯材企业寻求能在低温条件下运行的技术和设备，将锯末和树皮加工成燃料颗粒和"
                "生物炭。原料量每年最多5万吨。",
            },
            "pt-br": {
                "title": "Transformação de resíduos de serraria em pellets combustíveis e biocarvão",
                "description": "Serrarias da Sibéria buscam tecnologia e equipamentos que funcionem em temperaturas "
                "muito baixas para transformar serragem e casca em pellets e biocarvão. O volume de matéria-prima é "
                "de até 50 mil toneladas por ano.",
            },
            "es": {
                "title": "Transformación de residuos de aserradero en pellets combustibles y biocarbón",
                "description": "Aserraderos de Siberia buscan tecnología y equipos que funcionen a temperaturas muy "
                "bajas para transformar aserrín y corteza en pellets y biocarbón. El volumen de materia prima es de "
                "hasta 50 000 toneladas al año.",
            },
        },
    },
    {
        "kind": "demand",
        "owner": "luis.quispe",
        "title": "Tecnología de extracción directa de litio de salmueras",
        "languages": {
            "en": {
                "title": "Direct lithium extraction technology for brines",
                "description": "We are looking for direct lithium extraction technologies (adsorption, ion exchange or "
                "membranes) that take less water and less time than evaporation ponds, for the high-magnesium brines "
                "of the Altiplano.\n\n"
                "We offer access to brine samples and a site for a pilot plant.",
            },
            "zh-hans": {
                "title": "盐湖卤水直接提锂技术",
                "description": "我们寻求直接提锂技术（吸附、离子交换或膜分离），与盐田蒸发工艺相比能减少用水并缩短"
                "周期，用于高原地区的高镁卤水。\n\n"
                "我们可提供卤水样品和中试厂场地。",
            },
            "pt-br": {
                "title": "Tecnologia de extração direta de lítio de salmouras",
                "description": "Buscamos tecnologias de extração direta de lítio (adsorção, troca iônica ou "
                "membranas) que reduzam o consumo de água e o tempo em comparação com a evaporação em lagoas, para "
                "as salmouras com alto teor de magnésio do altiplano.\n\n"
                "Oferecemos acesso a amostras de salmoura e um local para uma planta piloto.",
            },
            "ru": {
                "title": "Технология прямого извлечения лития из рассолов",
                "description": "Ищем технологии прямого извлечения лития (адсорбция, ионный обмен или мембраны), "
                "которые по сравнению с выпариванием в бассейнах сокращают расход воды и время, для рассолов "
                "Альтиплано с высоким содержанием магния.\n\n"
                "Предоставляем доступ к пробам рассола и площадку для пилотной установки.",
            },
        },
    },
]
