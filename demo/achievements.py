"""Demo research achievements (technology offers), written in their authors' languages.

These are fictional examples written for the demo: realistic in shape (TRL, IP status, patent-number formats, transfer
modes, prices), but not real offers of the institutions they are attached to.

Keys: ``owner`` is the local part of a demo e-mail address (people.py); ``lang`` the source language; ``price`` is
``(currency, amount)`` or absent for "negotiable"; ``state`` defaults to "published"; ``reason`` is the staff's reason
for "changes_requested" / "rejected"; ``en`` holds a human English title/summary for listings written in another
language (stored as verified translations, with those of translations.py); ``files`` are generated PDFs
``(name, confidential)``.
The stable key of a listing is its owner plus its title in the source language.
"""

from __future__ import annotations

NDA_EN = (
    "The recipient shall keep all information in this dossier confidential, use it only to evaluate a possible "
    "licence or cooperation with the owner, not disclose it to third parties without written consent, and not "
    "file patent applications based on it. This obligation lasts five years from acceptance. Information that is "
    "already public or independently developed is excluded."
)
NDA_ZH = (
    "接收方应对本资料包中的全部信息保密,仅用于评估与权利人开展许可或合作的可能性;未经书面同意不得向第三方披露,"
    "不得据此申请专利。保密义务自接受之日起五年有效。已公开或独立开发的信息除外。"
)
NDA_RU = (
    "Получатель обязуется сохранять конфиденциальность всех сведений настоящего досье, использовать их только для "
    "оценки возможного лицензирования или сотрудничества с правообладателем, не раскрывать их третьим лицам без "
    "письменного согласия и не подавать на их основе заявки на патенты. Обязательство действует пять лет с момента "
    "принятия. Общедоступные и независимо полученные сведения исключаются."
)

ACHIEVEMENTS: list[dict] = [
    # ================================================================================================================
    # The demo researcher (Southwest Forestry University): a realistic mix of states for "My listings".
    # ================================================================================================================
    {
        "owner": "researcher",
        "institution": "southwest-forestry-university",
        "field": "new-materials",
        "lang": "zh-hans",
        "title": "竹纤维增强复合建筑板材连续化制备技术",
        "summary": "以速生竹材为原料,经疏解、浸胶和连续热压制成高强度复合板材,可替代部分胶合板和水泥纤维板,"
        "用于装配式建筑的墙板、楼板和模板。",
        "description": "本技术将竹材疏解成定向纤维束,采用低醛酚醛树脂浸渍后连续铺装、热压成型。"
        "板材静曲强度和弹性模量高于同厚度胶合板,吸水厚度膨胀率低,适合潮湿环境使用。\n\n"
        "已在合作企业完成中试线验证,年产能约两万立方米;产品通过第三方检测机构的力学和甲醛释放检测。"
        "可提供工艺包、设备选型和现场技术指导。\n\n"
        "适用市场:装配式建筑、集装箱底板、混凝土模板、户外景观构件。",
        "keywords": "竹材, 复合材料, 装配式建筑, 重组竹, 连续热压",
        "trl": 7,
        "ip": "granted_patent",
        "patents": "CN112873456B, CN113561234B",
        "modes": ["licensing", "joint_development", "technical_service"],
        "price": ("CNY", "1200000"),
        "en": {
            "title": "Continuous production of bamboo-fibre reinforced composite building boards",
            "summary": "Fast-growing bamboo is defibred, resin-impregnated and continuously hot-pressed into "
            "high-strength boards that can replace plywood and fibre-cement boards in prefabricated wall panels, "
            "floor slabs and formwork.",
        },
        "dossier": "中试线工艺参数(浸胶量、热压温度曲线、含水率控制)、设备清单及第三方检测报告摘要;"
        "详见附件“测试报告”。",
        "nda": NDA_ZH,
        "files": [("bamboo-composite-board-brief.pdf", False), ("bamboo-composite-test-report.pdf", True)],
    },
    {
        "owner": "researcher",
        "institution": "southwest-forestry-university",
        "field": "new-materials",
        "lang": "zh-hans",
        "title": "家具用无醛大豆蛋白胶黏剂及人造板制备工艺",
        "summary": "以改性大豆蛋白为主要原料的无醛胶黏剂,用于刨花板、胶合板和细木工板,"
        "胶合强度满足室内家具用板要求,可在现有热压生产线上直接使用。",
        "description": "通过交联改性提高大豆蛋白胶的耐水性,固含量高、粘度适中,可采用辊涂或喷涂施胶。"
        "与脲醛胶相比无游离甲醛释放,适合儿童家具和定制家居板材。",
        "keywords": "无醛胶黏剂, 大豆蛋白, 人造板, 家具",
        "trl": 6,
        "ip": "granted_patent",
        "patents": "CN111234987B",
        "modes": ["licensing", "technical_service"],
        "en": {
            "title": "Formaldehyde-free soy protein adhesive for furniture panels",
            "summary": "A formaldehyde-free adhesive based on modified soy protein for particleboard and plywood; "
            "bond strength meets indoor furniture requirements and it runs on existing hot-press lines.",
        },
    },
    {
        "owner": "researcher",
        "institution": "southwest-forestry-university",
        "field": "low-altitude-economy",
        "lang": "zh-hans",
        "title": "山地林区无人机森林火情与病虫害巡检系统",
        "summary": "面向山地林区的多旋翼无人机巡检方案,搭载可见光与热红外双光吊舱,"
        "自动识别火点和松材线虫病疑似枯死木,并生成巡检报告。",
        "description": "系统包括航线规划软件、双光吊舱和识别模型,支持在海拔三千米以上区域作业。"
        "已在云南多个林场开展示范应用。",
        "keywords": "无人机, 森林防火, 病虫害监测, 热红外",
        "trl": 7,
        "ip": "software_copyright",
        "patents": "2023SR0456781",
        "modes": ["licensing", "technical_service"],
        "price": ("CNY", "350000"),
    },
    {
        "owner": "researcher",
        "institution": "southwest-forestry-university",
        "field": "new-materials",
        "lang": "zh-hans",
        "title": "竹炭基电磁屏蔽复合材料",
        "summary": "将竹炭粉与导电填料复合,制备轻质电磁屏蔽板,用于电子设备机箱和建筑屏蔽层。",
        "description": "概念阶段:已完成文献调研和初步配方设计,正在开展竹炭热解温度与填料配比的探索实验。",
        "keywords": "竹炭, 电磁屏蔽, 复合材料",
        "trl": 2,
        "ip": "pending_application",
        "patents": "CN202410123456.7",
        "modes": ["joint_development"],
        "state": "draft",
    },
    {
        "owner": "researcher",
        "institution": "southwest-forestry-university",
        "field": "new-materials",
        "lang": "zh-hans",
        "title": "硅溶胶浸渍阻燃木材及其制备方法",
        "summary": "以硅溶胶与磷氮阻燃剂对速生木材进行真空加压浸渍,提高阻燃等级和尺寸稳定性,用于室内装修和木结构建筑。",
        "description": "处理后木材燃烧性能可达难燃级,浸渍工艺可在现有防腐处理罐中完成。",
        "keywords": "阻燃木材, 硅溶胶, 浸渍改性",
        "trl": 5,
        "ip": "pending_application",
        "patents": "CN202310987654.3",
        "modes": ["licensing", "joint_development"],
        "state": "submitted",
    },
    {
        "owner": "researcher",
        "institution": "southwest-forestry-university",
        "field": "new-materials",
        "lang": "en",
        "title": "Outdoor bamboo scrimber decking with low water uptake",
        "summary": "Heat-treated bamboo scrimber boards for outdoor decking and facades. Our supplier sells the raw "
        "strips at 2,300 CNY per tonne; we describe the full process in the patent.",
        "description": "Bamboo strips are heat-treated, impregnated with a phenolic resin and cold-pressed into "
        "dense beams, which are then cured. The boards keep their shape in wet-dry cycles and resist fungal decay "
        "without biocides.",
        "keywords": "bamboo scrimber, decking, outdoor, heat treatment",
        "trl": 6,
        "ip": "granted_patent",
        "modes": ["licensing"],
        "price": ("USD", "90000"),
        "state": "changes_requested",
        "reason": "Please remove your supplier's prices from the public summary (they are not yours to publish) "
        "and add the number of the granted patent you mention in the description.",
    },
    {
        "owner": "researcher",
        "institution": "southwest-forestry-university",
        "field": "energy-saving-environment",
        "lang": "zh-hans",
        "title": "竹炭空气净化包",
        "summary": "家用竹炭包,吸附新装修房屋中的异味,已批量生产并在电商平台销售。",
        "description": "每包 500 克,可重复晾晒使用。",
        "keywords": "竹炭, 空气净化",
        "trl": 9,
        "ip": "none",
        "modes": ["assignment"],
        "price": ("CNY", "25"),
        "state": "rejected",
        "reason": "This is a consumer product already on sale, not a technology offered for transfer. If you want "
        "to license the activation process behind it, please post that process instead.",
    },
    # ================================================================================================================
    # Biomedicine
    # ================================================================================================================
    {
        "owner": "yanet.rodriguez",
        "institution": "cigb-cuba",
        "field": "biomedicine",
        "lang": "es",
        "title": "Plataforma de expresión de proteínas recombinantes en Pichia pastoris para biofármacos",
        "summary": "Cepas, vectores y procedimiento de fermentación de alta densidad para producir proteínas "
        "terapéuticas recombinantes en levadura, con purificación en tres pasos cromatográficos.",
        "description": "La plataforma incluye un banco de cepas caracterizado, vectores con promotor inducible por "
        "metanol y un protocolo de fermentación en lote alimentado escalado hasta 300 litros.\n\n"
        "Se ofrece transferencia del paquete tecnológico con entrenamiento del personal y acompañamiento en la "
        "validación del proceso bajo buenas prácticas de fabricación.",
        "keywords": "proteínas recombinantes, Pichia pastoris, fermentación, biofármacos",
        "trl": 6,
        "ip": "know_how",
        "modes": ["licensing", "technical_service", "joint_development"],
        "price": ("EUR", "400000"),
    },
    {
        "owner": "sipho.dlamini",
        "institution": "university-of-cape-town",
        "field": "biomedicine",
        "lang": "en",
        "title": "Isothermal point-of-care assay for rifampicin-resistant tuberculosis",
        "summary": "A sputum test that detects the main rifampicin-resistance mutations of M. tuberculosis in under "
        "an hour, using isothermal amplification and a lateral-flow read-out, with no thermal cycler.",
        "description": "The assay targets the resistance-determining region of the rpoB gene. Reagents are "
        "lyophilised in a single tube and stable at room temperature, which suits primary clinics.\n\n"
        "Analytical validation on archived clinical isolates is complete; a prospective clinical study is being "
        "planned with two provincial laboratories. We look for a diagnostics manufacturer to license the assay "
        "and co-fund the clinical study.",
        "keywords": "tuberculosis, diagnostics, isothermal amplification, lateral flow, drug resistance",
        "trl": 5,
        "ip": "pct",
        "patents": "PCT/ZA2023/050123, WO2024/051234",
        "modes": ["licensing", "joint_development"],
        "dossier": "Primer and probe design, limit-of-detection data per mutation, and the draft protocol of the "
        "prospective clinical study.",
        "nda": NDA_EN,
        "files": [("tb-assay-overview.pdf", False), ("tb-assay-validation-data.pdf", True)],
        "contact": {"name": "UCT Research Contracts & Innovation", "email": "innovation.uct@demo.brics-ttc.org"},
    },
    {
        "owner": "he.mei",
        "institution": "yunnan-university",
        "field": "biomedicine",
        "lang": "zh-hans",
        "title": "三七总皂苷高纯度分离纯化工艺",
        "summary": "采用大孔树脂吸附与制备色谱联用,从三七主根和剪口中获得高纯度三七总皂苷,"
        "收率高、溶剂用量少,适用于中药注射剂和保健品原料生产。",
        "description": "工艺以乙醇水溶液为主要溶剂,树脂可再生重复使用;与传统工艺相比有机溶剂消耗明显降低。"
        "已完成百公斤级放大试验。",
        "keywords": "三七, 皂苷, 分离纯化, 中药",
        "trl": 7,
        "ip": "granted_patent",
        "patents": "CN110987321B",
        "modes": ["licensing", "assignment"],
        "price": ("CNY", "2000000"),
        "en": {
            "title": "High-purity purification of Panax notoginseng saponins",
            "summary": "Macroporous resin adsorption combined with preparative chromatography yields high-purity "
            "notoginseng saponins with high recovery and little solvent, for injectable and nutraceutical raw "
            "materials.",
        },
    },
    {
        "owner": "d.volkov",
        "institution": "rudn-university",
        "field": "biomedicine",
        "lang": "ru",
        "title": "Липосомальная форма доксорубицина со сниженной кардиотоксичностью",
        "summary": "Пегилированные липосомы с модифицированным липидным составом для доставки доксорубицина; "
        "в доклинических исследованиях на животных показано снижение кардиотоксичности при сохранении "
        "противоопухолевой активности.",
        "description": "Технология получения включает экструзию и активную загрузку препарата по градиенту "
        "сульфата аммония. Разработан лабораторный регламент; требуется партнёр для масштабирования и "
        "доклинических исследований по стандартам GLP.",
        "keywords": "липосомы, доксорубицин, онкология, доставка лекарств",
        "trl": 4,
        "ip": "granted_patent",
        "patents": "RU2765432C1",
        "modes": ["licensing", "joint_development"],
        "en": {
            "title": "Liposomal doxorubicin with reduced cardiotoxicity",
            "summary": "PEGylated liposomes with a modified lipid composition for doxorubicin delivery; animal "
            "studies showed lower cardiotoxicity with preserved antitumour activity.",
        },
    },
    {
        "owner": "priya.nair",
        "institution": "venture-center",
        "field": "biomedicine",
        "lang": "en",
        "title": "Thermostable freeze-dried formulation platform for biologics",
        "summary": "An excipient blend and freeze-drying cycle that keep monoclonal antibodies and enzymes stable "
        "for months at 40 °C, cutting cold-chain costs for distribution in hot climates.",
        "description": "Tested on three model proteins with retained activity after accelerated ageing. "
        "Available for feasibility studies on a partner's molecule under a material transfer agreement.",
        "keywords": "lyophilisation, biologics, thermostability, cold chain",
        "trl": 5,
        "ip": "pending_application",
        "patents": "202321045678",
        "modes": ["licensing", "technical_service"],
        "price": ("INR", "15000000"),
    },
    # ================================================================================================================
    # Low-altitude economy
    # ================================================================================================================
    {
        "owner": "i.orlov",
        "institution": "skolkovo-foundation",
        "field": "low-altitude-economy",
        "lang": "ru",
        "title": "Бортовая система обнаружения и предотвращения столкновений для малых БВС",
        "summary": "Компактный модуль на основе радара миллиметрового диапазона и камеры, который обнаруживает "
        "другие воздушные суда и препятствия и выдаёт автопилоту манёвр уклонения.",
        "description": "Масса модуля около 300 г, дальность обнаружения малых БВС до 1 км. Поддерживаются "
        "автопилоты с протоколом MAVLink. Проведены лётные испытания на полигоне.",
        "keywords": "БВС, беспилотники, предотвращение столкновений, радар",
        "trl": 6,
        "ip": "utility_model",
        "patents": "RU215678U1",
        "modes": ["licensing", "equity"],
        "price": ("RUB", "18000000"),
        "en": {
            "title": "On-board detect-and-avoid system for small drones",
            "summary": "A compact millimetre-wave radar and camera module that detects aircraft and obstacles "
            "and gives the autopilot an avoidance manoeuvre.",
        },
    },
    {
        "owner": "omar.alhashimi",
        "institution": "khalifa-university",
        "field": "low-altitude-economy",
        "lang": "en",
        "title": "Solar-assisted long-endurance fixed-wing UAV for pipeline inspection",
        "summary": "A fixed-wing drone with wing-integrated solar cells and a hybrid battery pack that flies "
        "more than ten hours, with a gas-leak sensor payload for desert pipeline corridors.",
        "description": "Airframe, power management and payload integration were validated in flight tests in "
        "summer conditions. We look for an operator or manufacturer for joint development towards certification.",
        "keywords": "UAV, solar, pipeline inspection, long endurance, oil and gas",
        "trl": 5,
        "ip": "pending_application",
        "patents": "US 18/345,678",
        "modes": ["joint_development", "licensing"],
    },
    {
        "owner": "dewi.lestari",
        "institution": "institut-teknologi-bandung",
        "field": "low-altitude-economy",
        "lang": "id",
        "title": "Sistem manajemen lalu lintas drone (UTM) berbasis jaringan seluler",
        "summary": "Perangkat lunak pengelolaan lalu lintas pesawat tanpa awak yang memanfaatkan jaringan 4G/5G "
        "untuk pelacakan waktu nyata, izin terbang elektronik dan geofencing dinamis.",
        "description": "Prototipe telah diuji dengan armada drone pengantar paket di lingkungan kampus. "
        "Kami mencari mitra operator seluler dan regulator untuk uji coba di wilayah perkotaan.",
        "keywords": "UTM, drone, jaringan seluler, geofencing",
        "trl": 4,
        "ip": "software_copyright",
        "patents": "EC00202312345",
        "modes": ["joint_development", "licensing"],
    },
    {
        "owner": "he.mei",
        "institution": "yunnan-university",
        "field": "low-altitude-economy",
        "lang": "zh-hans",
        "title": "高原型多旋翼无人机动力系统",
        "summary": "针对高海拔低气压环境优化的电机、螺旋桨和电调匹配方案,"
        "在海拔四千米地区保持满载悬停效率,适用于高原物流和应急救援无人机。",
        "description": "包括大直径低转速螺旋桨设计、电机绕组优化和低温电池保温方案。已完成高原实地飞行试验。",
        "keywords": "无人机, 高原, 动力系统, 低空物流",
        "trl": 6,
        "ip": "utility_model",
        "patents": "CN219876543U",
        "modes": ["licensing", "joint_development"],
        "price": ("CNY", "600000"),
    },
    {
        "owner": "reza.karimi",
        "institution": "sharif-university-of-technology",
        "field": "low-altitude-economy",
        "lang": "fa",
        "title": "پهپاد عمودپرواز ترکیبی برای حمل محموله‌های سبک",
        "summary": "پهپاد بال ثابت با قابلیت برخاست و فرود عمودی که محموله تا پنج کیلوگرم را تا شعاع ۶۰ کیلومتر "
        "حمل می‌کند؛ مناسب برای ارسال دارو و نمونه‌های آزمایشگاهی به مناطق دورافتاده.",
        "description": "نمونه اولیه با موفقیت آزمایش‌های پروازی را گذرانده است. به دنبال شریک صنعتی برای "
        "تولید نیمه‌انبوه و اخذ مجوزهای پروازی هستیم.",
        "keywords": "پهپاد, عمودپرواز, حمل محموله, لجستیک پزشکی",
        "trl": 6,
        "ip": "granted_patent",
        "patents": "IR 104567",
        "modes": ["joint_development", "equity"],
    },
    {
        "owner": "ana.ferreira",
        "institution": "universidade-de-sao-paulo",
        "field": "low-altitude-economy",
        "lang": "pt-br",
        "title": "Planejamento de rotas de eVTOL urbano com restrições de ruído",
        "summary": "Algoritmo de otimização de rotas e horários para aeronaves elétricas de decolagem vertical "
        "que minimiza a exposição da população ao ruído, integrado a mapas de uso do solo.",
        "description": "O software foi validado com dados de tráfego de helicópteros da região metropolitana "
        "e pode apoiar operadores e prefeituras no planejamento de vertiportos.",
        "keywords": "eVTOL, mobilidade aérea urbana, ruído, otimização",
        "trl": 4,
        "ip": "software_copyright",
        "patents": "BR512023001234-5",
        "modes": ["licensing", "technical_service"],
    },
    # ================================================================================================================
    # Renewable energy
    # ================================================================================================================
    {
        "owner": "a.sokolova",
        "institution": "nust-misis",
        "field": "renewable-energy",
        "lang": "ru",
        "title": "Перовскитные солнечные элементы с повышенной стабильностью",
        "summary": "Технология формирования перовскитного поглощающего слоя и барьерного покрытия, "
        "увеличивающая ресурс элементов при нагреве и влажности; подходит для тандемов с кремнием.",
        "description": "Лабораторные образцы площадью до 100 см² прошли циклические испытания. Ищем "
        "производителя фотоэлектрических модулей для совместной разработки пилотной линии.",
        "keywords": "перовскит, солнечная энергетика, тандемные элементы",
        "trl": 4,
        "ip": "granted_patent",
        "patents": "RU2789012C1",
        "modes": ["joint_development", "licensing"],
        "en": {
            "title": "Perovskite solar cells with improved stability",
            "summary": "A process for the perovskite absorber and a barrier coating that extend cell life under "
            "heat and humidity; suited to silicon tandems.",
        },
    },
    {
        "owner": "ana.ferreira",
        "institution": "universidade-de-sao-paulo",
        "field": "renewable-energy",
        "lang": "pt-br",
        "title": "Produção de hidrogênio verde por reforma a vapor de etanol",
        "summary": "Catalisador de níquel suportado e reator compacto para produzir hidrogênio a partir de "
        "etanol hidratado, aproveitando a infraestrutura de distribuição de etanol existente no Brasil.",
        "description": "O catalisador mostrou baixa formação de coque em testes de longa duração. O reator "
        "de bancada produz hidrogênio para uma célula a combustível de 5 kW.\n\n"
        "Buscamos empresas do setor sucroenergético ou de gases industriais para escalonamento.",
        "keywords": "hidrogênio verde, etanol, catalisador, célula a combustível",
        "trl": 4,
        "ip": "pending_application",
        "patents": "BR102022015678-9",
        "modes": ["licensing", "joint_development"],
        "price": ("BRL", "800000"),
        "en": {
            "title": "Green hydrogen from ethanol steam reforming",
            "summary": "A supported nickel catalyst and compact reactor that make hydrogen from hydrous ethanol, "
            "using Brazil's existing ethanol distribution network.",
        },
    },
    {
        "owner": "priya.nair",
        "institution": "venture-center",
        "field": "renewable-energy",
        "lang": "en",
        "title": "Sodium-ion battery packs for rural solar mini-grids",
        "summary": "Battery packs with sodium-ion cells and a battery management system tuned for daily "
        "cycling in solar mini-grids; no lithium or cobalt, and safe to ship at zero charge.",
        "description": "Pilot packs of 10 kWh have run in two village mini-grids for a year. Licence covers the "
        "pack design, BMS firmware and assembly instructions.",
        "keywords": "sodium-ion, energy storage, mini-grid, solar",
        "trl": 7,
        "ip": "granted_patent",
        "patents": "IN412345",
        "modes": ["licensing", "equity"],
        "price": ("USD", "250000"),
    },
    {
        "owner": "omar.alhashimi",
        "institution": "khalifa-university",
        "field": "renewable-energy",
        "lang": "ar",
        "title": "طلاء نانوي ذاتي التنظيف للألواح الشمسية في البيئات الصحراوية",
        "summary": "طلاء شفاف طارد للماء والغبار يقلل تراكم الأتربة على الألواح الكهروضوئية ويخفض عدد مرات "
        "الغسيل، مع الحفاظ على نفاذية الضوء.",
        "description": "اختُبر الطلاء في محطة تجريبية خارجية لمدة اثني عشر شهراً. يمكن تطبيقه بالرش على "
        "الألواح القائمة أو أثناء التصنيع.",
        "keywords": "طاقة شمسية, طلاء نانوي, تنظيف ذاتي, غبار",
        "trl": 5,
        "ip": "pct",
        "patents": "WO2023/187654",
        "modes": ["licensing", "joint_development"],
    },
    {
        "owner": "hana.tadesse",
        "institution": "aastu",
        "field": "renewable-energy",
        "lang": "en",
        "title": "Electronic load controller for village micro-hydro plants",
        "summary": "A low-cost controller that keeps the frequency of stand-alone micro-hydro generators stable by "
        "diverting surplus power to heaters, built from locally available components.",
        "description": "Installed at three community schemes of 10–50 kW. Design files, firmware and a "
        "technicians' training course are offered.",
        "keywords": "micro-hydro, load controller, rural electrification",
        "trl": 8,
        "ip": "know_how",
        "modes": ["technical_service", "licensing"],
        "price": ("USD", "20000"),
    },
    {
        "owner": "sipho.dlamini",
        "institution": "university-of-cape-town",
        "field": "renewable-energy",
        "lang": "en",
        "title": "Packed rock-bed thermal storage for concentrated solar heat",
        "summary": "A packed bed of local rock stores high-temperature air from solar collectors and returns "
        "process heat overnight, at a fraction of the cost of molten-salt storage.",
        "description": "A pilot bed has been cycled at temperatures up to 600 °C. The design method and "
        "simulation tool are available to engineering firms for licensing.",
        "keywords": "thermal energy storage, concentrated solar, process heat",
        "trl": 5,
        "ip": "granted_patent",
        "patents": "ZA2021/04567",
        "modes": ["licensing", "technical_service"],
    },
    # ================================================================================================================
    # Artificial intelligence
    # ================================================================================================================
    {
        "owner": "i.orlov",
        "institution": "skolkovo-foundation",
        "field": "artificial-intelligence",
        "lang": "ru",
        "title": "Система машинного зрения для контроля качества продукции на конвейере",
        "summary": "Программно-аппаратный комплекс, который обнаруживает дефекты поверхности изделий в "
        "реальном времени и дообучается на данных заказчика без участия разработчика.",
        "description": "Внедрён на линиях производства упаковки и металлопроката. Поставляется с промышленными "
        "камерами, вычислительным модулем и интерфейсом оператора на русском и английском языках.",
        "keywords": "машинное зрение, контроль качества, нейронные сети, промышленность",
        "trl": 8,
        "ip": "software_copyright",
        "patents": "RU2022612345",
        "modes": ["licensing", "technical_service"],
        "price": ("RUB", "4500000"),
    },
    {
        "owner": "reza.karimi",
        "institution": "sharif-university-of-technology",
        "field": "artificial-intelligence",
        "lang": "fa",
        "title": "سامانه بازشناسی گفتار فارسی برای مراکز تماس",
        "summary": "مدل بازشناسی گفتار فارسی با دقت بالا در مکالمات تلفنی که متن تماس‌ها را برای تحلیل "
        "رضایت مشتری و جست‌وجو استخراج می‌کند.",
        "description": "مدل روی داده‌های مکالمه تلفنی با لهجه‌های مختلف آموزش دیده و روی سرور محلی اجرا "
        "می‌شود، بنابراین داده‌های مشتری از سازمان خارج نمی‌شود.",
        "keywords": "بازشناسی گفتار, زبان فارسی, مرکز تماس, هوش مصنوعی",
        "trl": 6,
        "ip": "software_copyright",
        "modes": ["licensing"],
    },
    {
        "owner": "arjun.sharma",
        "institution": "jss-step",
        "field": "artificial-intelligence",
        "lang": "hi",
        "title": "किसानों के लिए बहुभाषी वॉयस सहायक",
        "summary": "एक वॉयस सहायक जो किसानों के सवालों का जवाब हिंदी और अन्य भारतीय भाषाओं में देता है: "
        "मौसम, मंडी भाव, फसल रोग और सरकारी योजनाएँ, साधारण फ़ीचर फ़ोन पर भी।",
        "description": "यह प्रणाली वाक् पहचान, प्रश्न-उत्तर मॉडल और स्थानीय कृषि डेटा को जोड़ती है। "
        "तीन ज़िलों में पायलट पूरा हो चुका है। हम कृषि कंपनियों और सहकारी संस्थाओं के साथ लाइसेंसिंग चाहते हैं।",
        "keywords": "वॉयस सहायक, कृषि, भारतीय भाषाएँ, कृत्रिम बुद्धिमत्ता",
        "trl": 6,
        "ip": "software_copyright",
        "modes": ["licensing", "equity"],
        "price": ("INR", "5000000"),
    },
    {
        "owner": "he.mei",
        "institution": "yunnan-university",
        "field": "artificial-intelligence",
        "lang": "zh-hans",
        "title": "输电线路无人机巡检图像缺陷智能识别算法",
        "summary": "基于深度学习的输电线路巡检图像分析软件,自动识别绝缘子破损、防振锤移位和鸟巢等缺陷,"
        "大幅减少人工判读工作量。",
        "description": "模型在山区复杂背景图像上训练,支持本地部署和边缘设备推理。已在地方电网公司试用。",
        "keywords": "深度学习, 电力巡检, 缺陷识别, 无人机",
        "trl": 7,
        "ip": "software_copyright",
        "patents": "2022SR1234567",
        "modes": ["licensing", "technical_service"],
        "price": ("CNY", "500000"),
    },
    {
        "owner": "sipho.dlamini",
        "institution": "university-of-cape-town",
        "field": "artificial-intelligence",
        "lang": "en",
        "title": "Bioacoustic AI for biodiversity monitoring",
        "summary": "Low-power acoustic recorders with on-device models that identify bird, frog and bat calls, "
        "reporting species presence over low-bandwidth links from remote reserves.",
        "description": "Models cover several hundred southern African species and can be fine-tuned for new "
        "regions. Suitable for conservation agencies, mining rehabilitation monitoring and eco-certification.",
        "keywords": "bioacoustics, machine learning, biodiversity, edge AI",
        "trl": 6,
        "ip": "know_how",
        "modes": ["licensing", "technical_service"],
    },
    # ================================================================================================================
    # New materials
    # ================================================================================================================
    {
        "owner": "zhao.lei",
        "institution": "southwest-forestry-university",
        "field": "new-materials",
        "lang": "zh-hans",
        "title": "高耐候木塑复合材料及挤出成型工艺",
        "summary": "以农林剩余物纤维和回收聚乙烯为原料,添加自主研发的相容剂和光稳定体系,"
        "挤出成型户外地板、栏杆和园林构件,抗老化和抗霉性能好。",
        "description": "纤维含量可达六成以上,产品可回收再利用。已在合作企业生产线上稳定生产。",
        "keywords": "木塑复合材料, 挤出成型, 户外地板, 回收塑料",
        "trl": 8,
        "ip": "granted_patent",
        "patents": "CN109876543B",
        "modes": ["licensing", "technical_service"],
        "price": ("CNY", "800000"),
        "en": {
            "title": "Weather-resistant wood-plastic composites and extrusion process",
            "summary": "Agricultural and forestry residue fibres and recycled polyethylene, with an in-house "
            "coupling agent and UV stabiliser system, extruded into outdoor decking, railings and garden parts.",
        },
    },
    {
        "owner": "a.sokolova",
        "institution": "nust-misis",
        "field": "new-materials",
        "lang": "ru",
        "title": "Высокоэнтропийные сплавы для деталей, работающих при высоких температурах",
        "summary": "Составы и технология получения высокоэнтропийных сплавов с повышенной жаропрочностью и "
        "стойкостью к окислению для лопаток и крепежа энергетического оборудования.",
        "description": "Сплавы получены вакуумно-дуговой плавкой и порошковой металлургией; проведены "
        "испытания на длительную прочность. Предлагается совместная разработка под требования заказчика.",
        "keywords": "высокоэнтропийные сплавы, жаропрочность, порошковая металлургия",
        "trl": 3,
        "ip": "granted_patent",
        "patents": "RU2801234C1",
        "modes": ["joint_development", "licensing"],
    },
    {
        "owner": "ana.ferreira",
        "institution": "universidade-de-sao-paulo",
        "field": "new-materials",
        "lang": "pt-br",
        "title": "Nanocelulose a partir de bagaço de cana-de-açúcar",
        "summary": "Processo enzimático-mecânico para obter nanofibras de celulose do bagaço de cana, usadas como "
        "reforço em embalagens, tintas e compósitos biodegradáveis.",
        "description": "O processo reduz o consumo de energia da desfibrilação e aproveita um resíduo abundante "
        "das usinas. Escala piloto de 10 kg por dia.",
        "keywords": "nanocelulose, bagaço de cana, biocompósitos, embalagens",
        "trl": 5,
        "ip": "granted_patent",
        "patents": "BR102019012345-6",
        "modes": ["licensing", "joint_development"],
        "price": ("BRL", "450000"),
    },
    {
        "owner": "dewi.lestari",
        "institution": "institut-teknologi-bandung",
        "field": "new-materials",
        "lang": "id",
        "title": "Aspal modifikasi karet alam untuk jalan beriklim tropis",
        "summary": "Campuran aspal dengan lateks karet alam pekat yang meningkatkan ketahanan terhadap alur dan "
        "retak pada suhu tinggi, sekaligus menyerap hasil perkebunan karet rakyat.",
        "description": "Telah diterapkan pada ruas jalan uji sepanjang beberapa kilometer. Teknologi mencakup "
        "formula, prosedur pencampuran di unit pencampur aspal dan pedoman pengujian mutu.",
        "keywords": "aspal, karet alam, jalan, material konstruksi",
        "trl": 7,
        "ip": "granted_patent",
        "patents": "IDP000078901",
        "modes": ["licensing", "technical_service"],
    },
    {
        "owner": "karim.mansour",
        "institution": "asrt-egypt",
        "field": "new-materials",
        "lang": "fr",
        "title": "Liant géopolymère à base de laitier et de déchets de verre",
        "summary": "Un liant sans clinker, activé par une solution alcaline, qui valorise le laitier de haut "
        "fourneau et le verre recyclé pour des blocs et des éléments préfabriqués à faible empreinte carbone.",
        "description": "Les résistances en compression à 28 jours sont comparables à celles d'un ciment Portland "
        "courant. Nous cherchons un préfabricant pour des essais à l'échelle industrielle.",
        "keywords": "géopolymère, laitier, verre recyclé, béton bas carbone",
        "trl": 5,
        "ip": "pending_application",
        "patents": "EG2023/1234",
        "modes": ["joint_development", "licensing"],
    },
    # ================================================================================================================
    # Digital economy
    # ================================================================================================================
    {
        "owner": "gao.yang",
        "institution": "ittn",
        "field": "digital-economy",
        "lang": "zh-hans",
        "title": "技术交易合同智能审查系统",
        "summary": "面向技术转移机构的合同审查软件,自动识别技术许可和转让合同中的权属、费用、保密和争议解决条款风险,"
        "并给出修改建议,支持中英文合同。",
        "description": "系统内置常见技术合同模板和条款库,可与技术交易平台对接。已在多家技术转移机构试用。",
        "keywords": "技术合同, 智能审查, 技术交易, 法律科技",
        "trl": 7,
        "ip": "software_copyright",
        "patents": "2023SR0987654",
        "modes": ["licensing", "technical_service"],
        "price": ("CNY", "280000"),
        "en": {
            "title": "Intelligent review of technology transaction contracts",
            "summary": "Contract review software for technology transfer offices that flags risks in ownership, "
            "fees, confidentiality and dispute clauses of licence and assignment agreements, in Chinese and English.",
        },
    },
    {
        "owner": "rohan.iyer",
        "institution": "india-china-ttc",
        "field": "digital-economy",
        "lang": "en",
        "title": "Multilingual e-invoicing gateway for cross-border SME trade",
        "summary": "A gateway that converts invoices between national e-invoicing formats, translates line items "
        "and checks tax fields, so small exporters can bill customers in other BRICS countries.",
        "description": "Running with a group of exporters in pilot mode. Offered as a licence for banks, "
        "logistics platforms or chambers of commerce that want to run it for their members.",
        "keywords": "e-invoicing, cross-border trade, SME, interoperability",
        "trl": 7,
        "ip": "software_copyright",
        "modes": ["licensing", "equity"],
    },
    {
        "owner": "sipho.dlamini",
        "institution": "university-of-cape-town",
        "field": "digital-economy",
        "lang": "en",
        "title": "Explainable credit scoring for thin-file borrowers",
        "summary": "Credit-risk models that use mobile-money and utility payment histories and explain each "
        "decision in plain language, for lenders serving people without a formal credit record.",
        "description": "Backtested with a microfinance partner. The licence includes model code, fairness "
        "tests and documentation for regulators.",
        "keywords": "credit scoring, fintech, explainable AI, financial inclusion",
        "trl": 6,
        "ip": "know_how",
        "modes": ["licensing", "technical_service"],
        "price": ("ZAR", "1500000"),
    },
    {
        "owner": "i.orlov",
        "institution": "skolkovo-foundation",
        "field": "digital-economy",
        "lang": "ru",
        "title": "Платформа прослеживаемости товаров по цифровой маркировке",
        "summary": "Облачная платформа, которая связывает коды маркировки с данными о партии, логистике и "
        "продаже, позволяя производителям и торговым сетям отслеживать путь каждой единицы товара.",
        "description": "Поддерживает интеграцию с учётными системами и мобильное приложение для проверки "
        "подлинности покупателем. Используется несколькими производителями продуктов питания.",
        "keywords": "прослеживаемость, маркировка, цепочки поставок, цифровая экономика",
        "trl": 8,
        "ip": "software_copyright",
        "patents": "RU2023610987",
        "modes": ["licensing"],
        "price": ("RUB", "2500000"),
    },
    {
        "owner": "ana.ferreira",
        "institution": "universidade-de-sao-paulo",
        "field": "digital-economy",
        "lang": "pt-br",
        "title": "Rastreabilidade aberta para cafés especiais de pequenos produtores",
        "summary": "Plataforma de código aberto que registra a origem, o processamento e a classificação de "
        "lotes de café e gera um QR code para o comprador final.",
        "description": "Desenvolvida com cooperativas do sul de Minas Gerais. Oferecemos implantação e "
        "treinamento para cooperativas e exportadoras.",
        "keywords": "rastreabilidade, café, cooperativas, código aberto",
        "trl": 7,
        "ip": "none",
        "modes": ["technical_service"],
    },
    # ================================================================================================================
    # Information technology
    # ================================================================================================================
    {
        "owner": "a.sokolova",
        "institution": "nust-misis",
        "field": "information-technology",
        "lang": "ru",
        "title": "Программно-определяемая сеть для университетских кампусов",
        "summary": "Контроллер программно-определяемой сети с веб-интерфейсом, который автоматически "
        "распределяет трафик учебных и научных сервисов и изолирует гостевые устройства.",
        "description": "Работает с коммутаторами, поддерживающими OpenFlow. Внедрён в нескольких корпусах "
        "университета; предлагается лицензия и сопровождение.",
        "keywords": "SDN, сети, кампус, OpenFlow",
        "trl": 7,
        "ip": "software_copyright",
        "patents": "RU2021668123",
        "modes": ["licensing", "technical_service"],
    },
    {
        "owner": "he.mei",
        "institution": "yunnan-university",
        "field": "information-technology",
        "lang": "zh-hans",
        "title": "面向山区农业物联网的低功耗边缘计算网关",
        "summary": "支持 LoRa 和 NB-IoT 的太阳能供电网关,在本地完成传感器数据清洗和异常告警,在弱网络条件下断点续传。",
        "description": "已在高原茶园和花卉基地部署,单台网关可接入上百个传感节点。",
        "keywords": "物联网, 边缘计算, LoRa, 智慧农业",
        "trl": 7,
        "ip": "utility_model",
        "patents": "CN218765432U",
        "modes": ["licensing", "assignment"],
        "price": ("CNY", "150000"),
    },
    {
        "owner": "priya.nair",
        "institution": "venture-center",
        "field": "information-technology",
        "lang": "en",
        "title": "Offline-first mesh messaging for disaster response teams",
        "summary": "Smartphone app and pocket relays that let rescue teams exchange messages, photos and GPS "
        "positions without mobile coverage, syncing to headquarters when a link is back.",
        "description": "Field-tested during flood response drills. Offered to civil-protection agencies and "
        "telecom equipment makers.",
        "keywords": "mesh network, disaster response, offline, messaging",
        "trl": 6,
        "ip": "pending_application",
        "patents": "202241067890",
        "modes": ["licensing", "joint_development"],
    },
    {
        "owner": "karim.mansour",
        "institution": "asrt-egypt",
        "field": "information-technology",
        "lang": "fr",
        "title": "Détection d'intrusion légère pour objets connectés",
        "summary": "Un système de détection d'intrusion qui tourne sur des passerelles IoT à faibles ressources "
        "et repère les comportements réseau anormaux des capteurs et caméras.",
        "description": "Évalué sur des jeux de données publics et un banc d'essai de maison connectée. "
        "Nous cherchons un fabricant de passerelles pour une intégration.",
        "keywords": "cybersécurité, IoT, détection d'intrusion",
        "trl": 5,
        "ip": "know_how",
        "modes": ["joint_development", "licensing"],
    },
    {
        "owner": "hana.tadesse",
        "institution": "aastu",
        "field": "information-technology",
        "lang": "en",
        "title": "Optical character recognition for Ge'ez-script documents",
        "summary": "OCR engine for Amharic and Tigrinya printed documents, trained on scanned books, newspapers "
        "and administrative forms, with an API for digitisation projects.",
        "description": "Handles the full Ge'ez syllabary and common fonts. Available for archives, "
        "libraries and public administrations.",
        "keywords": "OCR, Amharic, Ge'ez, digitisation",
        "trl": 6,
        "ip": "software_copyright",
        "modes": ["licensing", "technical_service"],
        "price": ("ETB", "2500000"),
    },
    # ================================================================================================================
    # Energy saving and environmental protection
    # ================================================================================================================
    {
        "owner": "he.mei",
        "institution": "yunnan-university",
        "field": "energy-saving-environment",
        "lang": "zh-hans",
        "title": "高原湖泊蓝藻打捞与资源化利用技术",
        "summary": "将打捞的蓝藻快速脱水、厌氧发酵产沼气,沼渣制成有机肥,实现湖泊治理与资源回收结合。",
        "description": "包括移动式藻水分离设备和发酵工艺参数,已在滇池沿岸示范工程运行。",
        "keywords": "蓝藻, 湖泊治理, 资源化, 沼气",
        "trl": 7,
        "ip": "granted_patent",
        "patents": "CN108765432B",
        "modes": ["licensing", "technical_service"],
        "en": {
            "title": "Harvesting and reuse of cyanobacterial blooms in plateau lakes",
            "summary": "Harvested algae are dewatered and digested into biogas; the digestate becomes organic "
            "fertiliser, combining lake restoration with resource recovery.",
        },
    },
    {
        "owner": "sipho.dlamini",
        "institution": "university-of-cape-town",
        "field": "energy-saving-environment",
        "lang": "en",
        "title": "Passive treatment of acid mine drainage with sulphate-reducing bioreactors",
        "summary": "A low-maintenance bioreactor that neutralises acid mine drainage and removes metals using "
        "sulphate-reducing bacteria fed with agricultural waste.",
        "description": "Pilot units have treated drainage at a closed coal mine for two years. We offer design "
        "services and a licence for the reactor configuration.",
        "keywords": "acid mine drainage, bioremediation, mining, water treatment",
        "trl": 6,
        "ip": "granted_patent",
        "patents": "ZA2020/07891",
        "modes": ["licensing", "technical_service"],
    },
    {
        "owner": "d.volkov",
        "institution": "rudn-university",
        "field": "energy-saving-environment",
        "lang": "ru",
        "title": "Биоремедиация нефтезагрязнённых почв консорциумом микроорганизмов",
        "summary": "Биопрепарат из адаптированных к холодному климату штаммов-деструкторов нефти и технология "
        "его внесения для рекультивации почв на месторождениях.",
        "description": "Полевые испытания показали снижение содержания нефтепродуктов в несколько раз за один "
        "сезон. Предоставляются штаммы, регламент наработки и сопровождение работ.",
        "keywords": "биоремедиация, нефтезагрязнение, рекультивация, микроорганизмы",
        "trl": 6,
        "ip": "granted_patent",
        "patents": "RU2745678C1",
        "modes": ["licensing", "technical_service"],
        "price": ("RUB", "6000000"),
    },
    {
        "owner": "karim.mansour",
        "institution": "asrt-egypt",
        "field": "energy-saving-environment",
        "lang": "ar",
        "title": "تحويل قش الأرز إلى فحم حيوي لتحسين التربة",
        "summary": "وحدة تحلل حراري متنقلة تحوّل قش الأرز إلى فحم حيوي في الحقل بدلاً من حرقه في العراء، "
        "مما يقلل تلوث الهواء ويحسن خصوبة التربة.",
        "description": "جُرّبت الوحدة مع جمعيات زراعية في دلتا النيل. نبحث عن مصنّع محلي لإنتاج الوحدات "
        "وعن شركاء لتسويق الفحم الحيوي.",
        "keywords": "قش الأرز, فحم حيوي, تلوث الهواء, تحسين التربة",
        "trl": 5,
        "ip": "utility_model",
        "patents": "EG2022/0567",
        "modes": ["licensing", "joint_development"],
    },
    {
        "owner": "ana.ferreira",
        "institution": "universidade-de-sao-paulo",
        "field": "energy-saving-environment",
        "lang": "pt-br",
        "title": "Recuperação de calor residual em fornos de cerâmica vermelha",
        "summary": "Trocador de calor e sistema de controle que reaproveitam os gases de exaustão de fornos "
        "intermitentes para secar tijolos e telhas, reduzindo o consumo de lenha.",
        "description": "Instalado em três olarias do interior paulista, com retorno do investimento em menos de "
        "dois anos. Oferecemos projeto e acompanhamento técnico.",
        "keywords": "eficiência energética, cerâmica, calor residual, olarias",
        "trl": 7,
        "ip": "utility_model",
        "patents": "BR202021009876-1",
        "modes": ["technical_service", "licensing"],
        "price": ("BRL", "120000"),
    },
    # ================================================================================================================
    # Advanced manufacturing and rail equipment
    # ================================================================================================================
    {
        "owner": "sun.qiang",
        "institution": "crcc-high-tech-equipment",
        "field": "advanced-manufacturing-rail",
        "lang": "zh-hans",
        "title": "适应高原及湿热地区的道床清筛机",
        "summary": "大型养路机械道床清筛机,针对高海拔、低气压和湿热多雨线路优化动力与筛分系统,"
        "可在不同气候和地形条件下高效清除道床污染石砟。",
        "description": "整机采用大功率柴油机与液压驱动,挖掘链和振动筛参数可按道砟污染程度调整;"
        "配备作业数据记录系统,便于养护部门管理。\n\n"
        "该类设备已在境外铁路线路上投入使用。可提供整机出口、技术许可和本地化组装合作,"
        "以及操作与维修人员培训。",
        "keywords": "养路机械, 清筛机, 铁路, 道床维护",
        "trl": 9,
        "ip": "granted_patent",
        "patents": "CN111455678B, CN112001234B",
        "modes": ["assignment", "licensing", "technical_service"],
        "en": {
            "title": "Ballast cleaning machine for high-altitude and hot-humid railway lines",
            "summary": "A large track maintenance machine whose power and screening systems are optimised for high "
            "altitude, low air pressure and hot, rainy lines, removing fouled ballast efficiently in very "
            "different climates and terrain.",
        },
        "dossier": "Screening capacity curves, engine derating at altitude, maintenance intervals and reference "
        "projects abroad.",
        "nda": NDA_ZH,
        "files": [("ballast-cleaner-brochure.pdf", False)],
    },
    {
        "owner": "sun.qiang",
        "institution": "crcc-high-tech-equipment",
        "field": "advanced-manufacturing-rail",
        "lang": "zh-hans",
        "title": "钢轨打磨车智能打磨控制系统",
        "summary": "基于轨廓激光测量的打磨模式自动生成与闭环控制系统,根据钢轨病害自动选择砂轮角度和压力,"
        "提高打磨质量和效率。",
        "description": "系统可加装于现有打磨车,打磨前后轨廓数据自动对比并生成报告。",
        "keywords": "钢轨打磨, 轨廓测量, 智能控制, 铁路养护",
        "trl": 8,
        "ip": "granted_patent",
        "patents": "CN113345678B",
        "modes": ["licensing", "technical_service"],
        "price": ("CNY", "5000000"),
    },
    {
        "owner": "sun.qiang",
        "institution": "crcc-high-tech-equipment",
        "field": "advanced-manufacturing-rail",
        "lang": "zh-hans",
        "title": "捣固车自动起拨道测量与引导系统",
        "summary": "为捣固车配备惯性测量和卫星定位融合的线路测量系统,自动计算起拨道量并引导作业,减少人工放线工作量。",
        "description": "适用于有砟轨道的新线施工和既有线大修,已在多条线路应用。",
        "keywords": "捣固车, 起拨道, 惯性测量, 线路养护",
        "trl": 9,
        "ip": "granted_patent",
        "patents": "CN110123987B",
        "modes": ["assignment", "licensing"],
        "en": {
            "title": "Automatic lifting and lining guidance for tamping machines",
            "summary": "An inertial and satellite track-measurement system for tamping machines that computes "
            "lifting and lining values automatically and guides the work, cutting manual surveying.",
        },
    },
    {
        "owner": "a.sokolova",
        "institution": "nust-misis",
        "field": "advanced-manufacturing-rail",
        "lang": "ru",
        "title": "Аддитивное производство титановых деталей из отечественного порошка",
        "summary": "Технология получения сферического порошка титанового сплава и режимы селективного лазерного "
        "сплавления для ответственных деталей авиационной и медицинской техники.",
        "description": "Механические свойства напечатанных образцов после горячего изостатического прессования "
        "соответствуют требованиям к деформированному металлу.",
        "keywords": "аддитивные технологии, титан, порошок, лазерное сплавление",
        "trl": 5,
        "ip": "granted_patent",
        "patents": "RU2771234C1",
        "modes": ["licensing", "joint_development"],
    },
    {
        "owner": "i.orlov",
        "institution": "skolkovo-foundation",
        "field": "advanced-manufacturing-rail",
        "lang": "ru",
        "title": "Ультразвуковой дефектоскоп рельсов с автоматической расшифровкой",
        "summary": "Съёмный дефектоскоп для контроля рельсов, где нейросеть автоматически классифицирует "
        "сигналы и отмечает опасные дефекты на карте пути.",
        "description": "Сокращает время расшифровки записей и зависимость от квалификации оператора. "
        "Проходит опытную эксплуатацию на железной дороге.",
        "keywords": "дефектоскопия, рельсы, ультразвук, нейронные сети",
        "trl": 7,
        "ip": "granted_patent",
        "patents": "RU2798765C1",
        "modes": ["licensing", "joint_development"],
        "price": ("RUB", "12000000"),
        "dossier": "Классы дефектов и точность классификации по результатам опытной эксплуатации; схема "
        "интеграции с системами учёта пути.",
        "nda": NDA_RU,
    },
    {
        "owner": "arjun.sharma",
        "institution": "jss-step",
        "field": "advanced-manufacturing-rail",
        "lang": "en",
        "title": "CNC retrofit kit for legacy lathes in small workshops",
        "summary": "A kit of servo drives, controller and open-source software that turns a manual lathe into a "
        "CNC machine in two days, for small workshops that cannot afford new machine tools.",
        "description": "Over forty workshops in the region use the kit. Licence includes the bill of materials, "
        "assembly manual and training videos.",
        "keywords": "CNC, retrofit, machine tools, MSME",
        "trl": 8,
        "ip": "utility_model",
        "modes": ["licensing", "assignment"],
        "price": ("INR", "2500000"),
    },
    # ================================================================================================================
    # Agriculture and forestry
    # ================================================================================================================
    {
        "owner": "zhao.lei",
        "institution": "southwest-forestry-university",
        "field": "agriculture-forestry",
        "lang": "zh-hans",
        "title": "珍贵用材树种组培快繁与容器育苗技术",
        "summary": "针对西南地区珍贵用材树种建立的组织培养快繁体系和轻基质容器育苗技术,"
        "繁殖系数高、移栽成活率高,适合规模化苗圃生产。",
        "description": "包括外植体消毒、增殖和生根培养基配方及炼苗管理规程。",
        "keywords": "组织培养, 育苗, 林木良种, 珍贵树种",
        "trl": 7,
        "ip": "granted_patent",
        "patents": "CN107654321B",
        "modes": ["licensing", "technical_service"],
        "price": ("CNY", "300000"),
    },
    {
        "owner": "ana.ferreira",
        "institution": "universidade-de-sao-paulo",
        "field": "agriculture-forestry",
        "lang": "pt-br",
        "title": "Bioinsumo à base de Trichoderma para controle de mofo-branco na soja",
        "summary": "Formulação de Trichoderma com maior vida de prateleira para o controle biológico de "
        "Sclerotinia sclerotiorum, aplicável via pulverização convencional.",
        "description": "Ensaios de campo em duas safras mostraram redução da doença comparável ao manejo químico. "
        "Buscamos empresa de bioinsumos para registro e produção.",
        "keywords": "bioinsumos, Trichoderma, soja, controle biológico",
        "trl": 7,
        "ip": "granted_patent",
        "patents": "BR102018076543-2",
        "modes": ["licensing"],
        "price": ("BRL", "600000"),
    },
    {
        "owner": "dewi.lestari",
        "institution": "institut-teknologi-bandung",
        "field": "agriculture-forestry",
        "lang": "id",
        "title": "Deteksi dini penyakit blas padi dari foto ponsel",
        "summary": "Aplikasi ponsel yang mengenali gejala awal penyakit blas pada daun padi dari foto dan "
        "memberi rekomendasi penanganan kepada penyuluh dan petani.",
        "description": "Model dilatih dengan ribuan foto lapangan dari Jawa Barat. Dapat bekerja tanpa koneksi "
        "internet.",
        "keywords": "padi, penyakit tanaman, aplikasi ponsel, kecerdasan buatan",
        "trl": 5,
        "ip": "software_copyright",
        "modes": ["licensing", "joint_development"],
    },
    {
        "owner": "arjun.sharma",
        "institution": "jss-step",
        "field": "agriculture-forestry",
        "lang": "hi",
        "title": "छोटे किसानों के लिए सौर ऊर्जा चालित कोल्ड स्टोरेज",
        "summary": "पाँच टन क्षमता का सौर ऊर्जा से चलने वाला कोल्ड रूम, जिसमें थर्मल भंडारण है, ताकि फल और "
        "सब्ज़ियाँ रात में और बादल वाले दिनों में भी ठंडी रहें।",
        "description": "बीस से अधिक इकाइयाँ किसान उत्पादक संगठनों के पास काम कर रही हैं। तापमान की निगरानी मोबाइल ऐप से होती है।",
        "keywords": "कोल्ड स्टोरेज, सौर ऊर्जा, फसल कटाई के बाद, किसान",
        "trl": 8,
        "ip": "granted_patent",
        "patents": "IN398765",
        "modes": ["licensing", "assignment"],
        "price": ("INR", "8000000"),
    },
    {
        "owner": "hana.tadesse",
        "institution": "aastu",
        "field": "agriculture-forestry",
        "lang": "en",
        "title": "Motorised teff thresher with low grain loss",
        "summary": "A thresher and cleaner designed for the tiny grains of teff, run by a small engine, that "
        "separates grain from straw with little loss and keeps the straw usable as fodder.",
        "description": "Built by local metal workshops from a drawing package; replaces animal trampling on "
        "threshing floors and reduces soil contamination of the grain.",
        "keywords": "teff, threshing, agricultural machinery, post-harvest",
        "trl": 7,
        "ip": "utility_model",
        "modes": ["licensing", "technical_service"],
    },
    {
        "owner": "yanet.rodriguez",
        "institution": "cigb-cuba",
        "field": "agriculture-forestry",
        "lang": "es",
        "title": "Biofertilizante a base de hongos micorrízicos para cultivos tropicales",
        "summary": "Inoculante de hongos micorrízicos arbusculares que mejora la absorción de fósforo y agua y "
        "permite reducir la fertilización química en hortalizas, café y frutales.",
        "description": "Producción en sustrato sólido con control de calidad por conteo de esporas. "
        "Validado en fincas de varias provincias.",
        "keywords": "biofertilizante, micorrizas, agricultura sostenible",
        "trl": 8,
        "ip": "know_how",
        "modes": ["licensing", "technical_service"],
        "price": ("EUR", "55000"),
    },
    # ================================================================================================================
    # Medical devices
    # ================================================================================================================
    {
        "owner": "reza.karimi",
        "institution": "sharif-university-of-technology",
        "field": "medical-devices",
        "lang": "fa",
        "title": "دستگاه تنفس مصنوعی کم‌هزینه برای بخش‌های مراقبت ویژه",
        "summary": "ونتیلاتور با حالت‌های تنفسی کنترل حجم و فشار، ساخته‌شده از قطعات در دسترس، برای "
        "بیمارستان‌هایی که به تجهیزات گران‌قیمت دسترسی ندارند.",
        "description": "نمونه‌ها آزمون‌های عملکردی آزمایشگاهی را گذرانده‌اند. برای اخذ مجوزهای پزشکی به "
        "شریک تولیدی نیاز داریم.",
        "keywords": "ونتیلاتور, تجهیزات پزشکی, مراقبت ویژه",
        "trl": 6,
        "ip": "granted_patent",
        "patents": "IR 101234",
        "modes": ["licensing", "joint_development"],
    },
    {
        "owner": "d.volkov",
        "institution": "rudn-university",
        "field": "medical-devices",
        "lang": "ru",
        "title": "Портативный анализатор для экспресс-оценки риска сепсиса",
        "summary": "Настольный прибор и одноразовый картридж для определения прокальцитонина и лактата из "
        "капли крови за 15 минут у постели больного.",
        "description": "Проведены лабораторные испытания макетного образца. Ищем производителя медицинских "
        "изделий для доработки и регистрации.",
        "keywords": "сепсис, экспресс-диагностика, медицинские изделия",
        "trl": 4,
        "ip": "pending_application",
        "patents": "RU2023112345",
        "modes": ["joint_development"],
    },
    {
        "owner": "sipho.dlamini",
        "institution": "university-of-cape-town",
        "field": "medical-devices",
        "lang": "en",
        "title": "Low-cost 3D-printed body-powered prosthetic hand",
        "summary": "A body-powered prosthetic hand with adaptive grip, printed from durable polymers and fitted "
        "in one clinic visit with a parametric sizing tool.",
        "description": "Clinical fitting with a small group of users showed good acceptance. Licence for "
        "orthotics and prosthetics providers, including print files and fitting guide.",
        "keywords": "prosthetics, 3D printing, rehabilitation, assistive technology",
        "trl": 6,
        "ip": "pending_application",
        "patents": "ZA2023/01234",
        "modes": ["licensing"],
        "price": ("ZAR", "350000"),
    },
    {
        "owner": "priya.nair",
        "institution": "venture-center",
        "field": "medical-devices",
        "lang": "en",
        "title": "LED phototherapy unit for neonatal jaundice",
        "summary": "A compact blue-LED phototherapy unit with irradiance monitoring that runs on a battery during "
        "power cuts, for district hospitals and birthing centres.",
        "description": "Several hundred units are in use. We offer licensing for manufacture in other countries, "
        "with the quality documentation needed for registration.",
        "keywords": "neonatal care, phototherapy, jaundice, LED",
        "trl": 8,
        "ip": "granted_patent",
        "patents": "IN356789, WO2020/112233",
        "modes": ["licensing", "assignment"],
        "price": ("USD", "150000"),
    },
    {
        "owner": "he.mei",
        "institution": "yunnan-university",
        "field": "medical-devices",
        "lang": "zh-hans",
        "title": "高原病风险预警可穿戴监测设备",
        "summary": "腕戴式设备连续监测血氧饱和度、心率和睡眠呼吸,结合海拔数据评估急性高原病风险并预警,"
        "适用于高原旅游和施工人员健康管理。",
        "description": "已完成小规模人群试用,正在进行医疗器械注册检验准备。",
        "keywords": "可穿戴设备, 高原病, 血氧监测, 健康管理",
        "trl": 6,
        "ip": "utility_model",
        "patents": "CN217654321U",
        "modes": ["licensing", "joint_development"],
    },
    # ================================================================================================================
    # Water resources
    # ================================================================================================================
    {
        "owner": "omar.alhashimi",
        "institution": "khalifa-university",
        "field": "water-resources",
        "lang": "en",
        "title": "Forward-osmosis concentration of desalination brine",
        "summary": "A forward-osmosis stage with a regenerable draw solution that reduces the volume of brine "
        "from reverse-osmosis plants and recovers more fresh water.",
        "description": "Laboratory modules reached stable flux over long runs with real brine. We seek a "
        "desalination operator for a containerised pilot.",
        "keywords": "desalination, forward osmosis, brine management",
        "trl": 4,
        "ip": "pct",
        "patents": "WO2022/254321",
        "modes": ["joint_development", "licensing"],
    },
    {
        "owner": "karim.mansour",
        "institution": "asrt-egypt",
        "field": "water-resources",
        "lang": "ar",
        "title": "وحدة تحلية مياه بالطاقة الشمسية للتجمعات الريفية",
        "summary": "وحدة تحلية بالتناضح العكسي تعمل بالطاقة الشمسية دون بطاريات، تنتج مياه شرب للقرى "
        "البعيدة عن الشبكة من آبار مالحة.",
        "description": "تعمل الوحدة بتغيير معدل الإنتاج حسب شدة الإشعاع الشمسي. رُكّبت وحدات تجريبية في "
        "قرى بصحراء مصر الغربية.",
        "keywords": "تحلية المياه, طاقة شمسية, مياه الشرب, المناطق الريفية",
        "trl": 6,
        "ip": "granted_patent",
        "patents": "EG2021/0890",
        "modes": ["licensing", "technical_service"],
        "price": ("EGP", "2500000"),
    },
    {
        "owner": "hana.tadesse",
        "institution": "aastu",
        "field": "water-resources",
        "lang": "en",
        "title": "Ceramic pot water filter with silver nanoparticles",
        "summary": "A household water filter made from local clay and sawdust, coated with silver nanoparticles, "
        "that removes bacteria from surface water; produced by small pottery workshops.",
        "description": "Production guide, quality tests and a training programme for workshops are offered.",
        "keywords": "water filter, household water treatment, ceramics",
        "trl": 8,
        "ip": "none",
        "modes": ["technical_service"],
    },
    {
        "owner": "he.mei",
        "institution": "yunnan-university",
        "field": "water-resources",
        "lang": "zh-hans",
        "title": "山区农村分散式生活污水人工湿地处理技术",
        "summary": "适用于山区农村的“厌氧池+多级人工湿地”污水处理模式,无需曝气、运行费用低,出水可用于农田灌溉。",
        "description": "针对高原冬季低温优化了植物配置和填料结构,已在多个村庄建成运行。",
        "keywords": "人工湿地, 农村污水, 分散式处理",
        "trl": 8,
        "ip": "granted_patent",
        "patents": "CN109234567B",
        "modes": ["technical_service", "licensing"],
        "price": ("CNY", "200000"),
    },
    {
        "owner": "ana.ferreira",
        "institution": "universidade-de-sao-paulo",
        "field": "water-resources",
        "lang": "pt-br",
        "title": "Sensor de baixo custo para monitoramento da qualidade da água em reservatórios",
        "summary": "Boia com sensores de turbidez, oxigênio dissolvido e clorofila, alimentada por energia solar, "
        "que envia dados em tempo real para alertas de floração de algas.",
        "description": "Testada em reservatórios de abastecimento público. Oferecemos licenciamento do projeto "
        "eletrônico e do software de análise.",
        "keywords": "qualidade da água, sensores, reservatórios, IoT",
        "trl": 6,
        "ip": "pending_application",
        "patents": "BR102023004567-8",
        "modes": ["licensing", "joint_development"],
    },
    # ================================================================================================================
    # More offers, to fill out the fields and show more institutions
    # ================================================================================================================
    {
        "owner": "rohan.iyer",
        "institution": "india-china-ttc",
        "field": "biomedicine",
        "lang": "en",
        "title": "Continuous-flow synthesis of an antiviral active pharmaceutical ingredient",
        "summary": "A continuous-flow route for a widely used antiviral API that shortens the process from days to "
        "hours and reduces solvent waste compared with the batch process.",
        "description": "Demonstrated at kilogram scale by an Indian partner laboratory. Offered to API "
        "manufacturers in BRICS countries under licence with technical support for plant set-up.",
        "keywords": "API, flow chemistry, pharmaceuticals, green chemistry",
        "trl": 6,
        "ip": "pending_application",
        "patents": "202311034567",
        "modes": ["licensing", "technical_service"],
    },
    {
        "owner": "zhao.lei",
        "institution": "southwest-forestry-university",
        "field": "agriculture-forestry",
        "lang": "zh-hans",
        "title": "核桃青皮提取物制备天然染料与抑菌剂",
        "summary": "以核桃加工副产物青皮为原料,提取多酚类物质制备天然木材染料和植物源抑菌剂,"
        "变废为宝并提高核桃产业附加值。",
        "description": "工艺采用水提醇沉,设备投入低,适合核桃主产区合作社和中小企业。",
        "keywords": "核桃青皮, 天然染料, 抑菌剂, 林产化工",
        "trl": 6,
        "ip": "granted_patent",
        "patents": "CN112567890B",
        "modes": ["licensing", "technical_service"],
        "price": ("CNY", "180000"),
        "en": {
            "title": "Natural dyes and antimicrobials from walnut green husks",
            "summary": "Polyphenols extracted from walnut husks, a processing by-product, become natural wood "
            "dyes and plant-based antimicrobials, adding value to the walnut industry.",
        },
    },
    {
        "owner": "i.orlov",
        "institution": "skolkovo-foundation",
        "field": "water-resources",
        "lang": "ru",
        "title": "Система обнаружения утечек в водопроводных сетях по акустическим датчикам",
        "summary": "Сеть акустических датчиков на задвижках и облачная аналитика, которая локализует скрытые "
        "утечки в трубопроводах с точностью до нескольких метров.",
        "description": "Пилотные проекты с водоканалами показали сокращение потерь воды. Предлагается "
        "лицензия или сервисная модель.",
        "keywords": "утечки воды, акустические датчики, водоканал, аналитика",
        "trl": 7,
        "ip": "granted_patent",
        "patents": "RU2781234C1",
        "modes": ["licensing", "technical_service", "equity"],
        "price": ("RUB", "9000000"),
    },
    # The demo institution administrator posts for the Kunming centre: the "Put up for auction" button of its page
    # (an auction proposal for staff approval) is theirs to try.
    {
        "owner": "institution-admin",
        "institution": "brics-ttc-kunming",
        "field": "water-resources",
        "lang": "en",
        "title": "Solar-powered buoy network for reservoir water-quality monitoring",
        "summary": "Floating sensor buoys that measure dissolved oxygen, turbidity, chlorophyll and temperature in "
        "reservoirs and send hourly readings over a low-power radio mesh, powered by a small solar panel.",
        "description": "Each buoy carries four probes with automatic wiper cleaning and a solar-charged battery sized "
        "for two weeks without sun. Buoys relay each other's data to one shore gateway, so large reservoirs need no "
        "mobile coverage. Eighteen months of field trials on two reservoirs in Yunnan matched laboratory samples "
        "within the probes' tolerance.\n\nThe centre holds the rights jointly with the developing laboratory and "
        "offers a licence for manufacturing, or an assignment of the utility models.",
        "keywords": "water quality, reservoir, buoy, sensor network, solar",
        "trl": 7,
        "ip": "utility_model",
        "patents": "CN217654321U, CN218765432U",
        "modes": ["licensing", "assignment"],
        "price": ("CNY", "800000"),
    },
]

# (owner, title in the source language, reader who accepted the NDA): shows the owner who opened the dossier.
NDA_ACCEPTANCES: list[tuple[str, str, str]] = [
    ("researcher", "竹纤维增强复合建筑板材连续化制备技术", "enterprise2"),
    ("sipho.dlamini", "Isothermal point-of-care assay for rifampicin-resistant tuberculosis", "enterprise"),
]
