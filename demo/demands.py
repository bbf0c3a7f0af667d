"""Demo technical demands of enterprises, and needs collected by institutions on their members' behalf.

Fictional examples written for the demo. Keys as in achievements.py, plus ``budget`` = ``(currency, min, max)``
(absent: no budget given), ``deadline`` and ``expires`` = days from the day the row is created (absent: none).
"""

from __future__ import annotations

DEMANDS: list[dict] = [
    # ================================================================================================================
    # The demo enterprise (Index Technology Company, ZA): a realistic mix of states for "My listings".
    # ================================================================================================================
    {
        "owner": "enterprise",
        "institution": "index-technology",
        "field": "medical-devices",
        "lang": "en",
        "title": "Point-of-care HIV viral-load test for primary clinics",
        "description": "We want to license or co-develop a near-patient test that measures HIV viral load from "
        "a finger-prick or plasma sample in under 90 minutes, for nurse-run primary clinics.\n\n"
        "Requirements: runs on mains or battery power, tolerates ambient temperatures up to 35 °C, results "
        "comparable with laboratory PCR at the treatment-failure threshold, cartridge cost that public health "
        "budgets can sustain. We can organise local evaluation studies and regulatory registration in South "
        "Africa and neighbouring markets.",
        "budget": ("USD", "100000", "400000"),
        "deadline": 540,
        "expires": 300,
        "modes": ["licensing", "joint_development"],
    },
    {
        "owner": "enterprise",
        "institution": "index-technology",
        "field": "information-technology",
        "lang": "en",
        "title": "Temperature logging for vaccine cold chain in rural clinics",
        "description": "We look for a low-cost data logger and dashboard that records fridge temperatures in rural "
        "clinics and alerts district pharmacists by SMS when vaccines leave the safe range. It must work with "
        "intermittent mobile coverage and store at least 60 days of data locally.",
        "budget": ("ZAR", "500000", "1500000"),
        "deadline": 240,
        "expires": 150,
        "modes": ["technical_service", "licensing"],
    },
    {
        "owner": "enterprise",
        "institution": "index-technology",
        "field": "medical-devices",
        "lang": "en",
        "title": "Technology partner for local assembly of reusable insulin pens",
        "description": "To shorten supply chains we plan local assembly of reusable insulin pens. We seek a "
        "manufacturer or design owner willing to license the pen design and transfer assembly and quality-control "
        "know-how, including tooling for the dose mechanism.",
        "budget": ("USD", "250000", "1000000"),
        "deadline": 420,
        "expires": 240,
        "modes": ["licensing", "technical_service"],
    },
    {
        "owner": "enterprise",
        "institution": "index-technology",
        "field": "information-technology",
        "lang": "en",
        "title": "Offline-capable telemedicine platform for mobile clinics",
        "description": "Mobile clinics visit farms and villages without reliable internet. We need patient "
        "records and teleconsultation requests to be captured offline and synchronised when a connection is "
        "available. Draft: still collecting requirements from our clinical team.",
        "modes": ["joint_development"],
        "state": "draft",
    },
    {
        "owner": "enterprise",
        "institution": "index-technology",
        "field": "artificial-intelligence",
        "lang": "en",
        "title": "AI-assisted chest X-ray reading for tuberculosis screening",
        "description": "We want to add automated reading of digital chest X-rays to our mobile screening units. "
        "The software should flag images suggestive of TB for review by a clinician, run on a laptop in the van, "
        "and come with published validation data or be ready for a local validation study.",
        "budget": ("USD", "80000", "250000"),
        "deadline": 300,
        "expires": 180,
        "modes": ["licensing"],
        "state": "submitted",
    },
    {
        "owner": "enterprise",
        "institution": "index-technology",
        "field": "renewable-energy",
        "lang": "en",
        "title": "Solar direct-drive vaccine refrigerators",
        "description": "We need solar refrigerators for clinics without grid power.",
        "modes": ["licensing", "technical_service"],
        "state": "changes_requested",
        "reason": "Please give a budget range (or say it is open) and describe the conditions the refrigerators "
        "must work in: climate, storage volume and how many days without sun they must hold temperature.",
    },
    {
        "owner": "enterprise",
        "institution": "index-technology",
        "field": "medical-devices",
        "lang": "en",
        "title": "Supply of 10,000 surgical masks per month",
        "description": "Looking for a supplier of type IIR surgical masks, 10,000 units per month, delivered to "
        "Johannesburg.",
        "budget": ("ZAR", "50000", "80000"),
        "modes": ["assignment"],
        "state": "rejected",
        "reason": "The marketplace is for technology transfer and R&D cooperation, not for buying finished "
        "goods. If you need a production technology for masks, please describe that need instead.",
    },
    # ================================================================================================================
    # The second demo enterprise (CRCC High-tech Equipment, CN): railway maintenance.
    # ================================================================================================================
    {
        "owner": "enterprise2",
        "institution": "crcc-high-tech-equipment",
        "field": "advanced-manufacturing-rail",
        "lang": "zh-hans",
        "title": "高寒地区钢轨焊缝快速无损检测技术",
        "description": "我公司需要一种适用于零下三十度环境的钢轨焊缝快速无损检测技术,"
        "可集成到养路机械或手推式检测设备上,单个焊缝检测时间不超过三分钟,"
        "能够识别气孔、夹渣、未焊透等缺陷并自动生成检测记录。\n\n"
        "欢迎高校、科研院所和企业以技术许可或联合开发方式合作。",
        "budget": ("CNY", "1000000", "3000000"),
        "deadline": 365,
        "expires": 200,
        "modes": ["joint_development", "licensing"],
        "en": {
            "title": "Fast non-destructive testing of rail welds in cold regions",
            "description": "We need a fast non-destructive testing method for rail welds that works at minus "
            "30 °C, can be built into maintenance machines or push-trolley instruments, checks one weld in under "
            "three minutes, detects porosity, slag inclusions and lack of fusion, and records results "
            "automatically.",
        },
    },
    {
        "owner": "enterprise2",
        "institution": "crcc-high-tech-equipment",
        "field": "new-materials",
        "lang": "zh-hans",
        "title": "养路机械液压系统高性能密封件材料",
        "description": "大型养路机械液压系统长期在高温、粉尘和频繁冲击工况下工作,"
        "现有密封件寿命不足。寻求耐高低温(零下四十度至一百二十度)、耐磨的聚氨酯或氟橡胶密封材料配方"
        "及成型工艺,实现关键密封件的稳定供应。",
        "budget": ("CNY", "500000", "2000000"),
        "deadline": 300,
        "expires": 180,
        "modes": ["joint_development", "assignment"],
    },
    {
        "owner": "enterprise2",
        "institution": "crcc-high-tech-equipment",
        "field": "artificial-intelligence",
        "lang": "zh-hans",
        "title": "大型养路机械远程运维与故障预测平台",
        "description": "我公司设备在国内外多条线路作业,需要建设远程运维平台:采集发动机、液压和电气系统数据,"
        "利用机器学习预测故障并推送维修建议,支持多语种界面和离线数据回传。",
        "budget": ("CNY", "2000000", "5000000"),
        "deadline": 450,
        "expires": 270,
        "modes": ["joint_development", "technical_service"],
        "en": {
            "title": "Remote maintenance and failure prediction for track maintenance machines",
            "description": "Our machines work on lines at home and abroad. We need a platform that collects "
            "engine, hydraulic and electrical data, predicts failures with machine learning and pushes repair "
            "advice, with a multilingual interface and store-and-forward data upload.",
        },
    },
    {
        "owner": "enterprise2",
        "institution": "crcc-high-tech-equipment",
        "field": "advanced-manufacturing-rail",
        "lang": "en",
        "title": "Local service partners for track maintenance machinery abroad",
        "description": "We are looking for engineering companies in BRICS and partner countries to provide "
        "on-site service for our ballast cleaning, tamping and rail grinding machines: spare-parts stock, "
        "hydraulic repairs and operator training. We provide technical training and documentation.",
        "expires": 330,
        "modes": ["technical_service", "joint_development"],
    },
    # ================================================================================================================
    # Needs collected by institutions
    # ================================================================================================================
    {
        "owner": "institution-admin",
        "institution": "brics-ttc-kunming",
        "field": "biomedicine",
        "lang": "zh-hans",
        "title": "生物医药企业寻求金砖国家临床研究合作伙伴",
        "description": "受昆明多家生物医药企业委托,寻求南非、俄罗斯、巴西等国的医院和临床研究机构,"
        "合作开展创新药和医疗器械的多中心临床研究,以及当地注册申报咨询。",
        "expires": 240,
        "modes": ["joint_development", "technical_service"],
        "en": {
            "title": "Biopharmaceutical companies seek clinical research partners in BRICS countries",
            "description": "On behalf of several biopharmaceutical companies in Kunming, we seek hospitals and "
            "clinical research organisations in South Africa, Russia, Brazil and other countries for multi-centre "
            "trials of new drugs and devices, and advice on local registration.",
        },
    },
    {
        "owner": "institution-admin",
        "institution": "brics-ttc-kunming",
        "field": "low-altitude-economy",
        "lang": "en",
        "title": "eVTOL and logistics-drone makers wanted for plateau demonstration routes",
        "description": "Yunnan's mountains make ground transport of medicines, samples and fresh produce slow. "
        "We are assembling partners for demonstration routes between county towns and villages at 1,500–3,500 m "
        "altitude: aircraft makers, operators and traffic-management providers. Joint development and equity "
        "participation are both possible.",
        "expires": 200,
        "modes": ["joint_development", "equity"],
    },
    {
        "owner": "institution-admin",
        "institution": "brics-ttc-kunming",
        "field": "digital-economy",
        "lang": "en",
        "title": "Escrow and payment service for cross-border technology licensing fees",
        "description": "Deals concluded at our cooperation meetings need a trusted way to hold and release "
        "licence fees and milestone payments across currencies. We seek a fintech partner that can integrate "
        "escrow, currency conversion and compliance checks with this platform.",
        "budget": ("CNY", "800000", "2000000"),
        "deadline": 365,
        "expires": 210,
        "modes": ["joint_development", "technical_service"],
    },
    {
        "owner": "yang.fan",
        "institution": "kunming-science-technology-bureau",
        "field": "agriculture-forestry",
        "lang": "zh-hans",
        "title": "鲜切花采后保鲜与冷链物流技术",
        "description": "昆明是重要的鲜切花集散地,远距离运输中的失水和灰霉病造成较大损耗。"
        "本地花卉企业寻求环保型保鲜剂、预冷工艺和温湿度可追溯的冷链包装技术,"
        "目标是将出口运输损耗降低一半。",
        "budget": ("CNY", "300000", "1000000"),
        "deadline": 270,
        "expires": 180,
        "modes": ["licensing", "technical_service"],
        "en": {
            "title": "Post-harvest preservation and cold chain for cut flowers",
            "description": "Kunming is a major cut-flower hub, and water loss and grey mould cause heavy losses "
            "in long-distance transport. Local growers seek eco-friendly preservatives, pre-cooling and cold-chain "
            "packaging with traceable temperature and humidity, aiming to halve export losses.",
        },
    },
    {
        "owner": "yang.fan",
        "institution": "kunming-science-technology-bureau",
        "field": "agriculture-forestry",
        "lang": "zh-hans",
        "title": "三七、重楼等中药材规范化种植与病害绿色防控",
        "description": "本地中药材种植企业面临连作障碍和根腐病问题,寻求土壤修复、生物防治和林下种植技术,"
        "可开展示范基地合作。",
        "budget": ("CNY", "500000", "1500000"),
        "deadline": 400,
        "expires": 220,
        "modes": ["joint_development", "technical_service"],
    },
    {
        "owner": "yang.fan",
        "institution": "kunming-science-technology-bureau",
        "field": "energy-saving-environment",
        "lang": "zh-hans",
        "title": "城市污水处理厂污泥低成本减量与资源化技术",
        "description": "寻求能耗低、占地小的污泥深度脱水、干化和资源化利用技术(如制备建材或土壤改良剂),"
        "处理规模每日两百吨以上。",
        "budget": ("CNY", "2000000", "6000000"),
        "deadline": 500,
        "expires": 260,
        "modes": ["licensing", "joint_development"],
    },
    {
        "owner": "yang.fan",
        "institution": "kunming-science-technology-bureau",
        "field": "information-technology",
        "lang": "zh-hans",
        "title": "政务数据共享中的隐私计算技术",
        "description": "在不出域的前提下实现跨部门数据联合统计和建模,需要支持多方安全计算或联邦学习的平台,"
        "并满足国产软硬件环境部署要求。",
        "budget": ("CNY", "1000000", "3000000"),
        "deadline": 360,
        "expires": 150,
        "modes": ["technical_service", "licensing"],
    },
    {
        "owner": "gao.yang",
        "institution": "ittn",
        "field": "energy-saving-environment",
        "lang": "zh-hans",
        "title": "退役锂电池湿法冶金回收技术",
        "description": "合作企业计划建设年处理两万吨退役动力电池的回收产线,寻求镍、钴、锰、锂高回收率的湿法冶金工艺,"
        "要求废水近零排放,可提供中试场地。",
        "budget": ("CNY", "5000000", "20000000"),
        "deadline": 540,
        "expires": 300,
        "modes": ["licensing", "joint_development", "equity"],
        "en": {
            "title": "Hydrometallurgical recycling of spent lithium-ion batteries",
            "description": "A partner company plans a line for 20,000 tonnes a year of spent traction batteries "
            "and seeks a hydrometallurgical process with high recovery of nickel, cobalt, manganese and lithium "
            "and near-zero liquid discharge. A pilot site is available.",
        },
    },
    {
        "owner": "gao.yang",
        "institution": "ittn",
        "field": "renewable-energy",
        "lang": "zh-hans",
        "title": "工业园区光储一体化综合能源管理方案",
        "description": "为园区企业寻求分布式光伏、储能和负荷管理一体化方案,包括能量管理系统软件和运营模式设计,"
        "欢迎合同能源管理模式。",
        "budget": ("CNY", "3000000", "10000000"),
        "deadline": 420,
        "expires": 240,
        "modes": ["joint_development", "equity"],
    },
    {
        "owner": "m.lebedeva",
        "institution": "natt-russia",
        "field": "agriculture-forestry",
        "lang": "ru",
        "title": "Переработка отходов лесопиления в топливные пеллеты и биоуголь",
        "description": "Лесопильные предприятия Сибири ищут технологию и оборудование для переработки опилок и "
        "коры в пеллеты и биоуголь, работающие при низких температурах. Объём сырья — до 50 тысяч тонн в год.",
        "budget": ("RUB", "10000000", "30000000"),
        "deadline": 480,
        "expires": 240,
        "modes": ["licensing", "assignment"],
        "en": {
            "title": "Sawmill residues to fuel pellets and biochar",
            "description": "Siberian sawmills seek technology and equipment to turn sawdust and bark into pellets "
            "and biochar, suitable for very low temperatures, for up to 50,000 tonnes of feedstock a year.",
        },
    },
    {
        "owner": "m.lebedeva",
        "institution": "natt-russia",
        "field": "water-resources",
        "lang": "ru",
        "title": "Очистка шахтных вод от тяжёлых металлов",
        "description": "Горнодобывающей компании требуется технология очистки шахтных вод от меди, цинка и "
        "марганца до нормативов сброса в рыбохозяйственные водоёмы, с минимальным образованием осадка.",
        "budget": ("RUB", "20000000", "60000000"),
        "deadline": 540,
        "expires": 270,
        "modes": ["licensing", "technical_service"],
    },
    {
        "owner": "m.lebedeva",
        "institution": "natt-russia",
        "field": "new-materials",
        "lang": "ru",
        "title": "Партнёр для локализации производства катодных материалов",
        "description": "Ищем технологического партнёра для организации производства катодных материалов для "
        "литий-ионных аккумуляторов (NMC или LFP) на площадке в России: лицензия, инжиниринг линии, обучение.",
        "expires": 300,
        "modes": ["licensing", "joint_development", "equity"],
    },
    {
        "owner": "lucia.mendes",
        "institution": "fortec",
        "field": "advanced-manufacturing-rail",
        "lang": "pt-br",
        "title": "Robôs de inspeção de correias transportadoras para mineração",
        "description": "Empresas de mineração associadas buscam robôs ou sistemas autônomos para inspecionar "
        "roletes e correias transportadoras de longa distância, detectando aquecimento, ruído e desalinhamento "
        "sem parar a operação.",
        "expires": 200,
        "modes": ["joint_development", "licensing"],
    },
    {
        "owner": "rohan.iyer",
        "institution": "india-china-ttc",
        "field": "biomedicine",
        "lang": "en",
        "title": "Greener synthesis routes for high-volume generic APIs",
        "description": "Indian API makers in our network want to cut solvent use and energy in the production of "
        "high-volume generics. We seek catalytic or continuous-flow routes ready for pilot scale, under licence "
        "or joint development with a research group.",
        "budget": ("INR", "5000000", "20000000"),
        "deadline": 400,
        "expires": 240,
        "modes": ["licensing", "joint_development"],
    },
    {
        "owner": "rohan.iyer",
        "institution": "india-china-ttc",
        "field": "medical-devices",
        "lang": "hi",
        "title": "ग्रामीण स्वास्थ्य केंद्रों के लिए पोर्टेबल अल्ट्रासाउंड तकनीक",
        "description": "हमारे नेटवर्क के चिकित्सा उपकरण निर्माता कम लागत वाले, बैटरी से चलने वाले पोर्टेबल "
        "अल्ट्रासाउंड उपकरण की तकनीक चाहते हैं, जिसे टैबलेट से जोड़ा जा सके और जिसका उपयोग प्रसवपूर्व जाँच में "
        "किया जा सके। लाइसेंस या संयुक्त विकास दोनों पर विचार किया जाएगा।",
        "budget": ("INR", "10000000", "40000000"),
        "deadline": 540,
        "expires": 300,
        "modes": ["licensing", "joint_development"],
    },
    {
        "owner": "nour.hassan",
        "institution": "asrt-egypt",
        "field": "water-resources",
        "lang": "ar",
        "title": "تقنية لمعالجة مياه الصرف الزراعي وإعادة استخدامها في الري",
        "description": "نبحث عن تقنيات منخفضة التكلفة لمعالجة مياه الصرف الزراعي وإزالة الأملاح الزائدة "
        "وبقايا المبيدات، لإعادة استخدامها بأمان في ري المحاصيل في مناطق الدلتا.",
        "budget": ("EGP", "3000000", "8000000"),
        "deadline": 450,
        "expires": 240,
        "modes": ["licensing", "joint_development"],
    },
    {
        "owner": "nour.hassan",
        "institution": "asrt-egypt",
        "field": "medical-devices",
        "lang": "ar",
        "title": "شريك تقني لتصنيع أجهزة الغسيل الكلوي محلياً",
        "description": "ترغب شركات مصرية في تصنيع أجهزة الغسيل الكلوي ومستلزماتها محلياً، وتبحث عن شريك يملك "
        "التصميم وخبرة التصنيع لنقل التكنولوجيا وتدريب الكوادر.",
        "expires": 300,
        "modes": ["licensing", "technical_service", "equity"],
    },
    {
        "owner": "rafael.carvalho",
        "field": "agriculture-forestry",
        "lang": "pt-br",
        "title": "Secador de grãos a biomassa com controle automático de umidade",
        "description": "Somos uma cooperativa de médio porte no Paraná e precisamos de um secador de grãos "
        "que use cavaco de madeira ou casca de arroz como combustível, com controle automático da umidade de "
        "saída para milho e soja. Capacidade de 40 toneladas por hora.",
        "budget": ("BRL", "200000", "600000"),
        "deadline": 240,
        "expires": 120,
        "modes": ["assignment", "technical_service"],
    },
    {
        "owner": "rafael.carvalho",
        "field": "digital-economy",
        "lang": "pt-br",
        "title": "Rastreamento de gado com brincos eletrônicos de longo alcance",
        "description": "Buscamos solução de identificação e rastreamento de bovinos em pastagens extensas, com "
        "brincos de baixo consumo e rede de longo alcance, integrada ao sistema de gestão da fazenda e às "
        "exigências de rastreabilidade para exportação.",
        "budget": ("BRL", "150000", "400000"),
        "deadline": 300,
        "expires": 180,
        "modes": ["licensing", "technical_service"],
    },
    {
        "owner": "rafael.carvalho",
        "field": "renewable-energy",
        "lang": "pt-br",
        "title": "Biogás a partir de vinhaça de usinas de etanol",
        "description": "Procuramos tecnologia de biodigestão para vinhaça com alta estabilidade operacional e "
        "purificação do biogás a biometano, para abastecer a frota agrícola da usina.",
        "budget": ("BRL", "1000000", "3000000"),
        "deadline": 480,
        "expires": 240,
        "modes": ["licensing", "joint_development"],
        "en": {
            "title": "Biogas from ethanol-plant vinasse",
            "description": "We seek anaerobic digestion technology for vinasse with stable operation and biogas "
            "upgrading to biomethane, to fuel the mill's agricultural fleet.",
        },
    },
    {
        "owner": "pieter.vandermerwe",
        "field": "water-resources",
        "lang": "en",
        "title": "Sensor-based irrigation scheduling for vineyards under drought",
        "description": "Our farms in the Western Cape need to cut irrigation water use by a quarter without "
        "losing yield. We look for soil-moisture or plant-water-status sensing with scheduling software that "
        "works on drip systems and with our existing weather stations.",
        "budget": ("ZAR", "300000", "900000"),
        "deadline": 200,
        "expires": 120,
        "modes": ["technical_service", "licensing"],
    },
    {
        "owner": "pieter.vandermerwe",
        "field": "low-altitude-economy",
        "lang": "en",
        "title": "Drone spraying for citrus orchards on steep slopes",
        "description": "We want to replace tractor spraying on steep orchard blocks with drones. We need aircraft, "
        "spray-drift control suited to dense citrus canopies, and help with pilot training and aviation "
        "approvals.",
        "budget": ("ZAR", "400000", "1200000"),
        "deadline": 270,
        "expires": 150,
        "modes": ["technical_service", "assignment"],
    },
    {
        "owner": "luis.quispe",
        "field": "new-materials",
        "lang": "es",
        "title": "Tecnología de extracción directa de litio de salmueras",
        "description": "Buscamos tecnologías de extracción directa de litio (adsorción, intercambio iónico o "
        "membranas) que reduzcan el consumo de agua y el tiempo frente a la evaporación en piscinas, para "
        "salmueras de alto contenido de magnesio del altiplano.\n\n"
        "Ofrecemos acceso a muestras de salmuera y un sitio para planta piloto.",
        "budget": ("USD", "2000000", "10000000"),
        "deadline": 540,
        "expires": 330,
        "modes": ["licensing", "joint_development", "equity"],
    },
    {
        "owner": "luis.quispe",
        "field": "artificial-intelligence",
        "lang": "es",
        "title": "Pronóstico de heladas con inteligencia artificial para productores de quinua",
        "description": "Necesitamos un sistema de alerta temprana de heladas a nivel de parcela, basado en "
        "estaciones meteorológicas de bajo costo y modelos de aprendizaje automático, con avisos por mensaje "
        "de texto en español y aimara.",
        "budget": ("USD", "50000", "150000"),
        "deadline": 300,
        "expires": 180,
        "modes": ["joint_development", "technical_service"],
    },
]
