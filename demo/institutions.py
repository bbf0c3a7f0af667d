"""Member institutions of the demo network.

Most are named in the BRICS technology transfer seed documents; descriptions stay generic on purpose (the role an
institution plays in the network, not facts we cannot check). Names are given in the institution's own language
(``lang``) and in English. The slug is the stable key: the loader never creates a second row for it.
"""

from __future__ import annotations

INSTITUTIONS: list[dict] = [
    # --- China ---------------------------------------------------------------------------------------------------
    {
        "slug": "brics-ttc-kunming",
        "kind": "tt_center",
        "country": "CN",
        "city": "Kunming",
        "lang": "zh-hans",
        "official": True,
        "verified": True,
        "name": {
            "zh-hans": "金砖国家技术转移中心",
            "en": "BRICS Technology Transfer Center (Kunming)",
            "ru": "Центр трансфера технологий БРИКС (Куньмин)",
            "pt-br": "Centro de Transferência de Tecnologia do BRICS (Kunming)",
        },
        "description": {
            "zh-hans": "金砖国家间首个技术转移官方合作机制的中方中心,设在云南昆明。"
            "中心组织年度协作会议和路演对接活动,为政府、科研机构和企业提供技术转移咨询、"
            "成果转化与数据支持等一站式服务,并运营本平台。",
            "en": "The Chinese center of the first official technology transfer cooperation mechanism among BRICS "
            "countries, based in Kunming, Yunnan. It organises the annual cooperation meeting and matchmaking "
            "roadshows, offers one-stop technology transfer, consulting and data services to governments, research "
            "institutions and companies, and runs this platform.",
        },
    },
    {
        "slug": "kunming-science-technology-bureau",
        "kind": "government",
        "country": "CN",
        "city": "Kunming",
        "lang": "zh-hans",
        "official": True,
        "verified": True,
        "name": {"zh-hans": "昆明市科学技术局", "en": "Kunming Science and Technology Bureau"},
        "description": {
            "zh-hans": "昆明市主管科技工作的政府部门,与国际技术转移协作网络共同建设金砖国家技术转移中心,"
            "收集本地企业的技术需求并组织对接。",
            "en": "The municipal science and technology authority of Kunming. It co-founded the BRICS Technology "
            "Transfer Center with ITTN, collects the technical needs of local companies and organises matchmaking.",
        },
    },
    {
        "slug": "ittn",
        "kind": "tt_center",
        "country": "CN",
        "city": "",
        "lang": "zh-hans",
        "official": True,
        "verified": True,
        "name": {"zh-hans": "国际技术转移协作网络", "en": "International Technology Transfer Network (ITTN)"},
        "description": {
            "zh-hans": "由技术转移机构、高校、企业和服务机构组成的国际协作网络,参与共建金砖国家技术转移中心,"
            "提供跨境技术对接、项目评估和技术转移人才培训。",
            "en": "An international network of technology transfer organisations, universities, companies and "
            "service providers. It co-built the BRICS Technology Transfer Center and offers cross-border "
            "matchmaking, project assessment and training of technology managers.",
        },
    },
    {
        "slug": "southwest-forestry-university",
        "kind": "university",
        "country": "CN",
        "city": "Kunming",
        "lang": "zh-hans",
        "official": False,
        "verified": True,
        "website": "https://www.swfu.edu.cn/",
        "name": {"zh-hans": "西南林业大学", "en": "Southwest Forestry University"},
        "description": {
            "zh-hans": "位于昆明的林业高校。材料与化学工程学院从事木竹复合材料、胶黏剂和林产化工研究,"
            "相关成果面向建筑与家具行业转化。",
            "en": "A forestry university in Kunming. Its School of Materials and Chemical Engineering works on wood "
            "and bamboo composites, adhesives and forest chemicals for the construction and furniture industries.",
        },
    },
    {
        "slug": "yunnan-university",
        "kind": "university",
        "country": "CN",
        "city": "Kunming",
        "lang": "zh-hans",
        "official": False,
        "verified": True,
        "website": "https://www.ynu.edu.cn/",
        "name": {"zh-hans": "云南大学", "en": "Yunnan University"},
        "description": {
            "zh-hans": "云南省综合性大学,科研覆盖生物医药、生态环境、信息技术等领域。",
            "en": "A comprehensive university in Yunnan province with research in biomedicine, ecology and the "
            "environment, and information technology.",
        },
    },
    {
        "slug": "crcc-high-tech-equipment",
        "kind": "enterprise",
        "country": "CN",
        "city": "Kunming",
        "lang": "zh-hans",
        "official": False,
        "verified": True,
        "name": {
            "zh-hans": "中国铁建高新装备股份有限公司",
            "en": "China Railway Construction High-tech Equipment Co., Ltd. (CRCC High-tech Equipment)",
        },
        "description": {
            "zh-hans": "大型铁路养路机械制造企业,产品包括清筛、捣固、打磨等养护装备,"
            "已在多种气候和地形条件的海外铁路线路上使用。",
            "en": "A manufacturer of large railway track maintenance machinery (ballast cleaning, tamping, rail "
            "grinding), in service on railway lines abroad in very different climates and terrain.",
        },
    },
    # --- Brazil --------------------------------------------------------------------------------------------------
    {
        "slug": "fortec",
        "kind": "tt_center",
        "country": "BR",
        "city": "",
        "lang": "pt-br",
        "official": True,
        "verified": True,
        "website": "https://fortec.org.br/",
        "name": {
            "pt-br": "Fórum Nacional de Gestores de Inovação e Transferência de Tecnologia (FORTEC)",
            "en": "National Forum of Managers of Innovation and Technology Transfer (FORTEC)",
        },
        "description": {
            "pt-br": "Associação que reúne os núcleos de inovação tecnológica (NITs) de universidades e institutos "
            "de pesquisa do Brasil; promove capacitação e boas práticas em transferência de tecnologia.",
            "en": "An association of the technology transfer offices (NITs) of Brazilian universities and research "
            "institutes; it promotes training and good practice in technology transfer.",
        },
    },
    {
        "slug": "inpi-brazil",
        "kind": "government",
        "country": "BR",
        "city": "Rio de Janeiro",
        "lang": "pt-br",
        "official": True,
        "verified": True,
        "website": "https://www.gov.br/inpi/",
        "name": {
            "pt-br": "Instituto Nacional da Propriedade Industrial (INPI)",
            "en": "National Institute of Industrial Property (INPI)",
        },
        "description": {
            "pt-br": "Órgão federal responsável pelo registro de patentes, marcas e contratos de transferência de "
            "tecnologia no Brasil.",
            "en": "The Brazilian federal office for patents, trademarks and the registration of technology transfer "
            "agreements.",
        },
    },
    {
        "slug": "universidade-de-sao-paulo",
        "kind": "university",
        "country": "BR",
        "city": "São Paulo",
        "lang": "pt-br",
        "official": False,
        "verified": True,
        "website": "https://www.usp.br/",
        "name": {"pt-br": "Universidade de São Paulo (USP)", "en": "University of São Paulo (USP)"},
        "description": {
            "pt-br": "Universidade pública de pesquisa do estado de São Paulo; sua agência de inovação cuida de "
            "patentes e licenciamento dos resultados de pesquisa.",
            "en": "A public research university in the state of São Paulo; its innovation agency handles patents "
            "and the licensing of research results.",
        },
    },
    # --- Russia --------------------------------------------------------------------------------------------------
    {
        "slug": "nust-misis",
        "kind": "university",
        "country": "RU",
        "city": "Moscow",
        "lang": "ru",
        "official": True,
        "verified": True,
        "website": "https://misis.ru/",
        "name": {
            "ru": "Национальный исследовательский технологический университет «МИСИС»",
            "en": "National University of Science and Technology MISIS (NUST MISIS)",
        },
        "description": {
            "ru": "Технический университет в Москве: материаловедение, металлургия, горное дело, "
            "информационные технологии. Центр трансфера технологий университета ведёт лицензирование разработок.",
            "en": "A technical university in Moscow (materials science, metallurgy, mining, IT) whose technology "
            "transfer office licenses the university's developments.",
        },
    },
    {
        "slug": "skolkovo-foundation",
        "kind": "tt_center",
        "country": "RU",
        "city": "Moscow",
        "lang": "ru",
        "official": True,
        "verified": True,
        "website": "https://sk.ru/",
        "name": {"ru": "Фонд «Сколково»", "en": "Skolkovo Foundation"},
        "description": {
            "ru": "Некоммерческая организация, развивающая инновационный центр «Сколково»: поддержка стартапов-"
            "участников, акселерация и выход технологий на рынок.",
            "en": "A non-profit organisation that develops the Skolkovo innovation center: it supports resident "
            "start-ups, runs acceleration programmes and helps technologies reach the market.",
        },
    },
    {
        "slug": "rudn-university",
        "kind": "university",
        "country": "RU",
        "city": "Moscow",
        "lang": "ru",
        "official": True,
        "verified": True,
        "website": "https://www.rudn.ru/",
        "name": {
            "ru": "Российский университет дружбы народов имени Патриса Лумумбы",
            "en": "Peoples' Friendship University of Russia (RUDN University)",
        },
        "description": {
            "ru": "Многопрофильный университет в Москве с широким международным сотрудничеством; исследования в "
            "медицине, экологии, инженерии и аграрных науках.",
            "en": "A multidisciplinary university in Moscow with broad international cooperation; research in "
            "medicine, ecology, engineering and agriculture.",
        },
    },
    {
        "slug": "natt-russia",
        "kind": "tt_center",
        "country": "RU",
        "city": "Moscow",
        "lang": "ru",
        "official": True,
        "verified": True,
        "name": {
            "ru": "Национальная ассоциация трансфера технологий (НАТТ)",
            "en": "Russian Federation Technology Transfer Association (NATT)",
        },
        "description": {
            "ru": "Профессиональное объединение центров трансфера технологий и технологических брокеров России; "
            "обучение специалистов и продвижение разработок к индустриальным партнёрам.",
            "en": "A professional association of Russian technology transfer centers and brokers; it trains "
            "technology managers and brings developments to industrial partners.",
        },
    },
    # --- India ---------------------------------------------------------------------------------------------------
    {
        "slug": "jss-step",
        "kind": "tt_center",
        "country": "IN",
        "city": "Noida",
        "lang": "en",
        "official": True,
        "verified": True,
        "name": {
            "en": "JSS Science & Technology Entrepreneurs Park (JSS STEP)",
            "hi": "जेएसएस विज्ञान एवं प्रौद्योगिकी उद्यमी पार्क",
        },
        "description": {
            "en": "A technology business incubator that supports start-ups from idea to market, with mentoring, "
            "laboratory access and links to investors.",
        },
    },
    {
        "slug": "venture-center",
        "kind": "tt_center",
        "country": "IN",
        "city": "Pune",
        "lang": "en",
        "official": True,
        "verified": True,
        "website": "https://www.venturecenter.co.in/",
        "name": {"en": "Venture Center"},
        "description": {
            "en": "A technology business incubator in Pune for science-based start-ups in materials, chemicals, "
            "biology and engineering; it offers shared laboratories, IP guidance and seed support.",
        },
    },
    {
        "slug": "india-china-ttc",
        "kind": "tt_center",
        "country": "IN",
        "city": "",
        "lang": "en",
        "official": True,
        "verified": True,
        "name": {"en": "India-China Technology Transfer Center (ICTTC)", "zh-hans": "印中技术转移中心"},
        "description": {
            "en": "A bilateral technology transfer center that connects Indian and Chinese companies and research "
            "organisations, with a focus on healthcare and medical technology.",
        },
    },
    {
        "slug": "trinaya-legal",
        "kind": "service_provider",
        "country": "IN",
        "city": "",
        "lang": "en",
        "official": False,
        "verified": True,
        "name": {"en": "Trinaya Legal"},
        "description": {
            "en": "A law firm advising on intellectual property: patent filing and prosecution, licensing "
            "agreements and technology transfer contracts.",
        },
    },
    # --- South Africa --------------------------------------------------------------------------------------------
    {
        "slug": "university-of-cape-town",
        "kind": "university",
        "country": "ZA",
        "city": "Cape Town",
        "lang": "en",
        "official": True,
        "verified": True,
        "website": "https://uct.ac.za/",
        "name": {"en": "University of Cape Town"},
        "description": {
            "en": "A public research university; its research contracts and innovation office manages patents and "
            "licences and supports spin-off companies.",
        },
    },
    {
        "slug": "index-technology",
        "kind": "enterprise",
        "country": "ZA",
        "city": "",
        "lang": "en",
        "official": False,
        "verified": True,
        "name": {"en": "Index Technology Company"},
        "description": {
            "en": "A South African technology company that works with the BRICS Technology Transfer Center on "
            "healthcare technology transfer.",
        },
    },
    # --- partners beyond the first five --------------------------------------------------------------------------
    {
        "slug": "sharif-university-of-technology",
        "kind": "university",
        "country": "IR",
        "city": "Tehran",
        "lang": "fa",
        "official": False,
        "verified": True,
        "website": "https://www.sharif.edu/",
        "name": {"fa": "دانشگاه صنعتی شریف", "en": "Sharif University of Technology"},
        "description": {
            "fa": "دانشگاه فنی و مهندسی در تهران با پژوهش در مهندسی برق، کامپیوتر، هوافضا و مواد.",
            "en": "An engineering university in Tehran with research in electrical and computer engineering, "
            "aerospace and materials.",
        },
    },
    {
        "slug": "asrt-egypt",
        "kind": "government",
        "country": "EG",
        "city": "Cairo",
        "lang": "ar",
        "official": True,
        "verified": True,
        "website": "https://www.asrt.sci.eg/",
        "name": {
            "ar": "أكاديمية البحث العلمي والتكنولوجيا",
            "en": "Academy of Scientific Research and Technology (ASRT)",
        },
        "description": {
            "ar": "جهة حكومية مصرية تدعم البحث العلمي ونقل التكنولوجيا وتسويق مخرجات البحث إلى الصناعة.",
            "en": "An Egyptian government body that supports scientific research, technology transfer and the "
            "commercialisation of research results.",
        },
    },
    {
        "slug": "khalifa-university",
        "kind": "university",
        "country": "AE",
        "city": "Abu Dhabi",
        "lang": "en",
        "official": False,
        "verified": True,
        "website": "https://www.ku.ac.ae/",
        "name": {"en": "Khalifa University", "ar": "جامعة خليفة"},
        "description": {
            "en": "A research university in Abu Dhabi focused on engineering, energy, aerospace and health sciences.",
        },
    },
    {
        "slug": "aastu",
        "kind": "university",
        "country": "ET",
        "city": "Addis Ababa",
        "lang": "en",
        "official": False,
        "verified": True,
        "website": "https://www.aastu.edu.et/",
        "name": {"en": "Addis Ababa Science and Technology University"},
        "description": {
            "en": "A public university of science and technology in Addis Ababa with applied research in "
            "engineering, water, energy and agricultural machinery.",
        },
    },
    {
        "slug": "institut-teknologi-bandung",
        "kind": "university",
        "country": "ID",
        "city": "Bandung",
        "lang": "id",
        "official": False,
        "verified": True,
        "website": "https://www.itb.ac.id/",
        "name": {"id": "Institut Teknologi Bandung (ITB)", "en": "Bandung Institute of Technology (ITB)"},
        "description": {
            "id": "Perguruan tinggi teknik di Bandung dengan riset di bidang rekayasa, material, transportasi dan "
            "teknologi informasi.",
            "en": "An engineering university in Bandung with research in engineering, materials, transport and "
            "information technology.",
        },
    },
    {
        "slug": "cigb-cuba",
        "kind": "research_institute",
        "country": "CU",
        "city": "La Habana",
        "lang": "es",
        "official": False,
        "verified": False,
        "name": {
            "es": "Centro de Ingeniería Genética y Biotecnología (CIGB)",
            "en": "Center for Genetic Engineering and Biotechnology (CIGB)",
        },
        "description": {
            "es": "Centro de investigación en biotecnología de La Habana: proteínas recombinantes, vacunas y "
            "bioproductos para la salud humana y la agricultura.",
            "en": "A biotechnology research center in Havana: recombinant proteins, vaccines and bio-products for "
            "human health and agriculture.",
        },
    },
]
