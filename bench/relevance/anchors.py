"""The relevance set's anchor listings: hand-written technology offers and demands added to the bench corpus.

Each anchor is written in one source language (the nine of the corpus) and, for most of them, stored in that language
only, so a reader of another language can find it by meaning alone. A few carry an English translation (``translations``)
as a translator would add it. The texts were written for this benchmark.

Fields: ``key`` (what the queries name), ``kind`` ("achievement" | "demand"), ``lang`` (the source language), ``field``
(a technology field slug of marketplace/taxonomy.py), ``country`` (ISO 3166 alpha-2), ``trl`` (achievements),
``texts`` (title, summary, description, keywords; demands have title and description only) and ``translations``
(language -> texts).
"""

# ruff: noqa: E501 (whole sentences on one line; the texts use their own languages' punctuation)

from __future__ import annotations

ANCHORS: list[dict] = [
    {
        "key": "A01",
        "kind": "achievement",
        "lang": "en",
        "field": "renewable-energy",
        "country": "ZA",
        "trl": 6,
        "texts": {
            "title": "Perovskite-on-silicon tandem solar modules",
            "summary": "A perovskite top cell deposited on standard silicon wafers lifts module efficiency to 27% without changing the existing production line.",
            "description": "Our laboratory developed a low-temperature slot-die coating process for the perovskite layer and an encapsulation that passed 1,000 hours of damp-heat testing. A pilot line in Pretoria produces 60-cell modules. We look for a manufacturer to license the process.",
            "keywords": "perovskite, tandem solar cell, silicon wafer, encapsulation",
        },
    },
    {
        "key": "A02",
        "kind": "achievement",
        "lang": "en",
        "field": "medical-devices",
        "country": "IN",
        "trl": 7,
        "texts": {
            "title": "Disposable wireless ECG patch for rural clinics",
            "summary": "A stick-on patch records a single-lead electrocardiogram for 72 hours and sends it over a phone to a cardiologist.",
            "description": "Community health workers place the patch on the chest; arrhythmias such as atrial fibrillation are flagged automatically. The patch costs less than five dollars to make and needs no hospital equipment.",
            "keywords": "electrocardiogram, wearable, arrhythmia, telemedicine",
        },
    },
    {
        "key": "D03",
        "kind": "demand",
        "lang": "en",
        "field": "water-resources",
        "country": "ZA",
        "texts": {
            "title": "Small-scale seawater desalination for coastal towns",
            "description": "Our municipality needs a compact desalination unit that turns seawater into drinking water for 5,000 residents. It should run on solar power or the weak local grid, need little maintenance and handle brine disposal safely. We are open to a pilot and to local assembly.",
        },
    },
    {
        "key": "A04",
        "kind": "achievement",
        "lang": "en",
        "field": "agriculture-forestry",
        "country": "NG",
        "trl": 5,
        "texts": {
            "title": "Fermented cassava peels as livestock feed",
            "summary": "Solid-state fermentation removes cyanide from cassava peels and turns them into a protein-rich feed for goats, pigs and poultry.",
            "description": "Cassava processing leaves millions of tonnes of peels that are dumped or burnt. Our process grates, presses and ferments the peels with a local fungus in ten days, halving feed costs for smallholder farmers.",
            "keywords": "cassava, animal feed, fermentation, agricultural waste",
        },
    },
    {
        "key": "D05",
        "kind": "demand",
        "lang": "en",
        "field": "advanced-manufacturing-rail",
        "country": "ET",
        "texts": {
            "title": "Predictive maintenance of locomotive wheelsets",
            "description": "The railway operator is looking for a system that detects worn wheels and failing axle bearings before they break, using vibration and temperature sensors on the bogies. Alerts should reach the depot so that repairs can be planned.",
        },
    },
    {
        "key": "A06",
        "kind": "achievement",
        "lang": "zh-hans",
        "field": "renewable-energy",
        "country": "CN",
        "trl": 8,
        "texts": {
            "title": "钠离子电池储能系统",
            "summary": "以钠离子电池代替锂电池用于电网储能，原料丰富、成本更低，零下二十摄氏度仍能正常充放电。",
            "description": "我们开发了层状氧化物正极和硬碳负极材料，电芯循环寿命超过四千次。集装箱式储能系统已在风电场和光伏电站示范运行，可提供技术许可和联合生产。",
            "keywords": "钠离子电池、储能、硬碳、电网",
        },
        "translations": {
            "en": {
                "title": "Sodium-ion battery energy storage system",
                "summary": "Sodium-ion batteries replace lithium batteries for grid storage: abundant raw materials, lower cost, and normal charging and discharging at minus twenty degrees Celsius.",
                "description": "We developed layered-oxide cathodes and hard-carbon anodes; the cells last more than 4,000 cycles. A containerised storage system runs in demonstration at a wind farm and a solar plant. Licensing and joint production are offered.",
                "keywords": "sodium-ion battery, energy storage, hard carbon, grid",
            }
        },
    },
    {
        "key": "A07",
        "kind": "achievement",
        "lang": "zh-hans",
        "field": "low-altitude-economy",
        "country": "CN",
        "trl": 7,
        "texts": {
            "title": "无人机森林火灾早期识别系统",
            "summary": "长航时无人机搭载红外热成像相机，在林区巡航时自动识别初起火点并回传坐标。",
            "description": "系统结合热成像与可见光图像，火点识别准确率达到百分之九十五，单架无人机每天可巡查三百平方公里林区。已在云南林区部署，可与森林防火指挥平台对接。",
            "keywords": "无人机、森林防火、红外热成像、火点识别",
        },
    },
    {
        "key": "A08",
        "kind": "achievement",
        "lang": "zh-hans",
        "field": "new-materials",
        "country": "CN",
        "trl": 6,
        "texts": {
            "title": "石墨烯改性船舶防腐涂料",
            "summary": "在环氧涂料中加入少量石墨烯，使船体和海上平台的防腐寿命延长一倍。",
            "description": "石墨烯片层在涂层中形成迷宫式屏障，阻挡海水和氯离子渗透。盐雾试验超过三千小时无锈蚀，涂层厚度比传统方案减少三分之一，施工工艺与现有设备兼容。",
            "keywords": "石墨烯、防腐涂料、船舶、海洋工程",
        },
    },
    {
        "key": "D09",
        "kind": "demand",
        "lang": "zh-hans",
        "field": "artificial-intelligence",
        "country": "CN",
        "texts": {
            "title": "寻求茶园病虫害智能识别技术",
            "description": "我们合作社管理两千亩茶园，希望引进手机拍照即可识别茶叶病虫害（如茶小绿叶蝉、茶饼病）的人工智能系统，并给出用药建议，减少农药使用。欢迎高校和企业合作试点。",
        },
    },
    {
        "key": "A10",
        "kind": "achievement",
        "lang": "zh-hans",
        "field": "advanced-manufacturing-rail",
        "country": "CN",
        "trl": 7,
        "texts": {
            "title": "钢轨裂纹超声波探伤机器人",
            "summary": "沿轨道自动行走的探伤机器人用超声波检测钢轨内部裂纹，夜间天窗时间内可检查二十公里线路。",
            "description": "机器人配备多通道超声探头和深度学习缺陷分类算法，可发现轨头核伤和螺孔裂纹，检测结果自动生成报告并定位到轨枕。适用于高速铁路和城市地铁。",
            "keywords": "钢轨探伤、超声波、机器人、高速铁路",
        },
    },
    {
        "key": "A11",
        "kind": "achievement",
        "lang": "ru",
        "field": "biomedicine",
        "country": "RU",
        "trl": 7,
        "texts": {
            "title": "Живая вакцина против бруцеллёза крупного рогатого скота",
            "summary": "Ослабленный штамм бруцелл даёт стойкий иммунитет у коров и не мешает серологической диагностике.",
            "description": "Вакцина вводится однократно телятам в возрасте 4–6 месяцев и защищает стадо не менее пяти лет. Штамм генетически маркирован, поэтому привитых животных можно отличить от заражённых. Предлагаем лицензию на производство.",
            "keywords": "бруцеллёз, вакцина, крупный рогатый скот, ветеринария",
        },
        "translations": {
            "en": {
                "title": "Live vaccine against bovine brucellosis",
                "summary": "An attenuated Brucella strain gives cattle lasting immunity and does not interfere with serological diagnosis.",
                "description": "The vaccine is given once to calves aged 4–6 months and protects the herd for at least five years. The strain is genetically marked, so vaccinated animals can be told apart from infected ones. A production licence is offered.",
                "keywords": "brucellosis, vaccine, cattle, veterinary",
            }
        },
    },
    {
        "key": "A12",
        "kind": "achievement",
        "lang": "ru",
        "field": "energy-saving-environment",
        "country": "RU",
        "trl": 6,
        "texts": {
            "title": "Мониторинг оттаивания вечной мерзлоты под трубопроводами",
            "summary": "Оптоволоконные датчики температуры в грунте предупреждают о протаивании мерзлоты и просадке опор нефтепроводов.",
            "description": "Оптический кабель прокладывается в скважинах вдоль трассы и измеряет температуру каждый метр на глубине до пятнадцати метров. Программа прогнозирует деформацию грунта и выдаёт предупреждение за несколько месяцев до аварии.",
            "keywords": "вечная мерзлота, трубопровод, оптоволоконный датчик, мониторинг грунта",
        },
    },
    {
        "key": "D13",
        "kind": "demand",
        "lang": "ru",
        "field": "energy-saving-environment",
        "country": "KZ",
        "texts": {
            "title": "Требуется технология пиролиза изношенных автомобильных шин",
            "description": "Завод в Караганде ищет установку непрерывного пиролиза для переработки десяти тонн старых шин в сутки в жидкое топливо, технический углерод и металлокорд. Важны экологическая безопасность и окупаемость не более трёх лет.",
        },
    },
    {
        "key": "A14",
        "kind": "achievement",
        "lang": "ru",
        "field": "artificial-intelligence",
        "country": "KZ",
        "trl": 8,
        "texts": {
            "title": "Распознавание казахской и русской речи для колл-центров",
            "summary": "Модель переводит звонки на казахском и русском языках в текст, в том числе когда собеседник переключается между языками.",
            "description": "Система анализирует разговоры операторов, находит жалобы клиентов и оценивает качество обслуживания. Работает на собственных серверах заказчика без передачи записей в облако. Точность распознавания — 92 процента на реальных звонках банков.",
            "keywords": "распознавание речи, казахский язык, колл-центр, анализ звонков",
        },
    },
    {
        "key": "A15",
        "kind": "achievement",
        "lang": "pt-br",
        "field": "renewable-energy",
        "country": "BR",
        "trl": 7,
        "texts": {
            "title": "Etanol de segunda geração a partir do bagaço de cana-de-açúcar",
            "summary": "Um pré-tratamento a vapor e um coquetel de enzimas nacionais transformam o bagaço e a palha da cana em etanol celulósico.",
            "description": "A usina-piloto em Piracicaba processa cinco toneladas de bagaço por dia e aumenta a produção de etanol por hectare em até 40%, sem ampliar a área plantada. Oferecemos licenciamento e apoio técnico a usinas sucroenergéticas.",
            "keywords": "etanol celulósico, bagaço de cana, enzimas, biocombustível",
        },
        "translations": {
            "en": {
                "title": "Second-generation ethanol from sugarcane bagasse",
                "summary": "A steam pretreatment and a cocktail of locally made enzymes turn cane bagasse and straw into cellulosic ethanol.",
                "description": "The pilot plant in Piracicaba processes five tonnes of bagasse a day and raises ethanol output per hectare by up to 40% without more planted land. Licensing and technical support for sugar and ethanol mills are offered.",
                "keywords": "cellulosic ethanol, sugarcane bagasse, enzymes, biofuel",
            }
        },
    },
    {
        "key": "A16",
        "kind": "achievement",
        "lang": "pt-br",
        "field": "agriculture-forestry",
        "country": "BR",
        "trl": 8,
        "texts": {
            "title": "Bioinsumo com bactérias fixadoras de nitrogênio para soja e milho",
            "summary": "Inoculante líquido que reduz em até metade a adubação nitrogenada, com bactérias selecionadas em solos do Cerrado.",
            "description": "A formulação mantém as bactérias vivas por doze meses sem refrigeração e pode ser aplicada nas sementes ou no sulco de plantio. Ensaios em cinco estados mostraram produtividade igual com menos fertilizante químico.",
            "keywords": "fixação biológica de nitrogênio, inoculante, soja, fertilizante",
        },
    },
    {
        "key": "D17",
        "kind": "demand",
        "lang": "pt-br",
        "field": "digital-economy",
        "country": "BR",
        "texts": {
            "title": "Rastreabilidade do gado bovino do nascimento ao frigorífico",
            "description": "Cooperativa de pecuaristas procura um sistema de rastreabilidade com brincos eletrônicos e registro em blockchain que comprove aos compradores europeus que o gado não vem de áreas desmatadas. O sistema deve funcionar em fazendas sem internet.",
        },
    },
    {
        "key": "A18",
        "kind": "achievement",
        "lang": "pt-br",
        "field": "biomedicine",
        "country": "BR",
        "trl": 6,
        "texts": {
            "title": "Teste rápido de saliva para dengue e zika",
            "summary": "Tira de papel detecta anticorpos contra os vírus da dengue e da zika na saliva em vinte minutos, sem coleta de sangue.",
            "description": "O teste distingue as duas infecções, que causam sintomas parecidos, e pode ser usado em postos de saúde e escolas. O custo de produção é de poucos reais por unidade e não exige laboratório.",
            "keywords": "dengue, zika, teste rápido, saliva, diagnóstico",
        },
    },
    {
        "key": "A19",
        "kind": "achievement",
        "lang": "es",
        "field": "water-resources",
        "country": "BO",
        "trl": 6,
        "texts": {
            "title": "Filtro de arena con óxido de hierro para eliminar arsénico del agua de pozo",
            "summary": "Un filtro doméstico hecho con materiales locales reduce el arsénico del agua subterránea por debajo del límite de la OMS.",
            "description": "Las comunidades del Altiplano beben agua de pozos con arsénico natural. El filtro combina arena y clavos de hierro oxidado, trata cuarenta litros al día y solo requiere lavar la arena cada mes.",
            "keywords": "arsénico, agua potable, filtro, agua subterránea",
        },
    },
    {
        "key": "D20",
        "kind": "demand",
        "lang": "es",
        "field": "agriculture-forestry",
        "country": "CU",
        "texts": {
            "title": "Secador solar para café y cacao",
            "description": "Una cooperativa de la Sierra Maestra busca secadores solares que sequen granos de café y cacao de forma uniforme y protegidos de la lluvia, en lugar de tenderlos en patios. Deben construirse con materiales locales y secar dos toneladas por ciclo.",
        },
    },
    {
        "key": "A21",
        "kind": "achievement",
        "lang": "es",
        "field": "biomedicine",
        "country": "CU",
        "trl": 8,
        "texts": {
            "title": "Vacuna terapéutica contra el cáncer de pulmón",
            "summary": "Inmunoterapia que induce anticuerpos contra el factor de crecimiento epidérmico y prolonga la supervivencia de pacientes con cáncer de pulmón avanzado.",
            "description": "La vacuna se aplica después de la quimioterapia y tiene pocos efectos adversos. Está registrada en varios países y buscamos socios para ensayos clínicos y producción bajo licencia.",
            "keywords": "vacuna terapéutica, cáncer de pulmón, inmunoterapia, oncología",
        },
    },
    {
        "key": "A22",
        "kind": "achievement",
        "lang": "fr",
        "field": "digital-economy",
        "country": "SN",
        "trl": 7,
        "texts": {
            "title": "Paiement mobile hors ligne pour les marchés ruraux",
            "summary": "Les commerçants encaissent par téléphone même sans réseau : la transaction est signée localement et réglée dès le retour de la connexion.",
            "description": "La solution fonctionne sur des téléphones simples grâce aux codes USSD et aux SMS, et protège contre la double dépense. Elle est utilisée par huit cents commerçants de marchés hebdomadaires au Sénégal.",
            "keywords": "paiement mobile, hors ligne, inclusion financière, USSD",
        },
        "translations": {
            "en": {
                "title": "Offline mobile payments for rural markets",
                "summary": "Traders take payments by phone even without a network: the transaction is signed locally and settled as soon as the connection returns.",
                "description": "The solution runs on basic phones through USSD codes and SMS and guards against double spending. Eight hundred traders at weekly markets in Senegal use it.",
                "keywords": "mobile payment, offline, financial inclusion, USSD",
            }
        },
    },
    {
        "key": "D23",
        "kind": "demand",
        "lang": "fr",
        "field": "water-resources",
        "country": "DZ",
        "texts": {
            "title": "Détection des fuites dans les réseaux d'eau potable",
            "description": "La régie des eaux d'Oran recherche une technologie pour localiser les fuites sur ses canalisations enterrées (capteurs acoustiques, pression, analyse des débits). Près d'un tiers de l'eau produite est perdu avant d'arriver aux abonnés.",
        },
    },
    {
        "key": "A24",
        "kind": "achievement",
        "lang": "fr",
        "field": "new-materials",
        "country": "DZ",
        "trl": 6,
        "texts": {
            "title": "Ciment bas carbone à l'argile calcinée et au calcaire",
            "summary": "Un liant qui remplace la moitié du clinker par de l'argile calcinée et du calcaire broyé réduit de 40 % les émissions de CO2 du ciment.",
            "description": "L'argile locale est calcinée à 800 °C au lieu de 1 450 °C pour le clinker. Les bétons obtenus atteignent la même résistance à 28 jours que le ciment Portland. Nous proposons le transfert du procédé aux cimenteries.",
            "keywords": "ciment, argile calcinée, émissions de CO2, béton",
        },
    },
    {
        "key": "A25",
        "kind": "achievement",
        "lang": "ar",
        "field": "energy-saving-environment",
        "country": "AE",
        "trl": 7,
        "texts": {
            "title": "مكيف هواء يعمل بالطاقة الشمسية للمباني في المناخ الحار",
            "summary": "نظام تبريد بالامتصاص يستخدم حرارة الشمس بدلاً من الكهرباء ويخفض استهلاك الطاقة في المباني بنسبة ستين بالمئة.",
            "description": "تجمع ألواح حرارية على السطح الماء الساخن الذي يشغل مبرد امتصاص بمحلول بروميد الليثيوم. جُرّب النظام في مدارس ومكاتب في دبي خلال الصيف بدرجات حرارة تتجاوز خمساً وأربعين درجة.",
            "keywords": "تكييف شمسي، تبريد بالامتصاص، كفاءة الطاقة، المباني",
        },
    },
    {
        "key": "D26",
        "kind": "demand",
        "lang": "ar",
        "field": "agriculture-forestry",
        "country": "SA",
        "texts": {
            "title": "نبحث عن نظام ري ذكي بالتنقيط لأشجار النخيل",
            "description": "تبحث مزرعة تمور في القصيم عن نظام ري بالتنقيط يتحكم فيه حساسات رطوبة التربة ويقلل استهلاك المياه الجوفية، مع تطبيق على الهاتف لمتابعة كل حقل. نرحب بالتجربة الميدانية على ألف نخلة.",
        },
    },
    {
        "key": "A27",
        "kind": "achievement",
        "lang": "hi",
        "field": "medical-devices",
        "country": "IN",
        "trl": 7,
        "texts": {
            "title": "नवजात शिशुओं के लिए कम लागत वाला इनक्यूबेटर",
            "summary": "बिजली जाने पर भी छह घंटे तक समय से पहले जन्मे शिशु का तापमान स्थिर रखने वाला इनक्यूबेटर।",
            "description": "इनक्यूबेटर में फेज़-चेंज सामग्री गर्मी जमा करती है, इसलिए ग्रामीण अस्पतालों में बिजली कटौती के दौरान भी शिशु सुरक्षित रहता है। इसकी कीमत आयातित उपकरणों की तुलना में दसवें हिस्से के बराबर है।",
            "keywords": "इनक्यूबेटर, नवजात शिशु, समय से पहले जन्म, चिकित्सा उपकरण",
        },
        "translations": {
            "en": {
                "title": "Low-cost incubator for newborn babies",
                "summary": "An incubator that keeps a premature baby's temperature stable for six hours even when the power fails.",
                "description": "A phase-change material in the incubator stores heat, so the baby stays safe during power cuts in rural hospitals. It costs a tenth of imported equipment.",
                "keywords": "incubator, newborn, premature birth, medical device",
            }
        },
    },
    {
        "key": "D28",
        "kind": "demand",
        "lang": "hi",
        "field": "energy-saving-environment",
        "country": "IN",
        "texts": {
            "title": "किसानों के लिए सौर ऊर्जा से चलने वाला कोल्ड स्टोरेज",
            "description": "हमारा किसान उत्पादक संगठन सब्ज़ियों और फलों को खराब होने से बचाने के लिए गाँव में सौर ऊर्जा से चलने वाला छोटा कोल्ड स्टोरेज चाहता है। भंडारण क्षमता पाँच टन हो और ग्रिड बिजली के बिना काम करे।",
        },
    },
    {
        "key": "A29",
        "kind": "achievement",
        "lang": "id",
        "field": "new-materials",
        "country": "ID",
        "trl": 6,
        "texts": {
            "title": "Kemasan bioplastik dari rumput laut",
            "summary": "Kemasan sekali pakai dari rumput laut yang dapat dimakan dan terurai di tanah dalam empat minggu, pengganti plastik untuk makanan dan minuman.",
            "description": "Rumput laut dibudidayakan oleh petani di pesisir Sulawesi. Lembaran bioplastik tahan air dan dapat dicetak menjadi gelas, sedotan, dan pembungkus bumbu mi instan.",
            "keywords": "bioplastik, rumput laut, kemasan, pengganti plastik",
        },
    },
    {
        "key": "D30",
        "kind": "demand",
        "lang": "id",
        "field": "information-technology",
        "country": "ID",
        "texts": {
            "title": "Sistem peringatan dini tsunami untuk desa pesisir",
            "description": "Pemerintah daerah mencari sistem peringatan dini tsunami yang memakai sensor tekanan dasar laut dan sirene desa, dan mengirim peringatan lewat SMS dalam tiga menit setelah gempa. Sistem harus tetap bekerja saat listrik padam.",
        },
    },
    {
        "key": "A31",
        "kind": "achievement",
        "lang": "en",
        "field": "artificial-intelligence",
        "country": "IN",
        "trl": 6,
        "texts": {
            "title": "Federated learning for chest X-ray tuberculosis screening",
            "summary": "Hospitals train a shared deep-learning model that reads chest X-rays for tuberculosis without any patient image leaving the hospital.",
            "description": "Each hospital keeps its own images and sends only model updates. The model flags suspected tuberculosis and pneumonia for a radiologist to confirm, which shortens screening queues in district hospitals.",
            "keywords": "federated learning, chest X-ray, tuberculosis, medical imaging",
        },
    },
    {
        "key": "D32",
        "kind": "demand",
        "lang": "zh-hans",
        "field": "agriculture-forestry",
        "country": "CN",
        "texts": {
            "title": "征集盐碱地改良与耐盐作物种植技术",
            "description": "黄河三角洲有大量盐碱地无法耕种。我们希望引进土壤改良剂、暗管排盐和耐盐碱水稻等技术，在三年内使五千亩盐碱地恢复种植，欢迎科研院所合作。",
        },
    },
]
