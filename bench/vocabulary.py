"""The benchmark corpus's vocabulary (bench/corpus.py): technical terms aligned across nine languages.

One concept per line, its words separated by "|" in the order of ``corpus.LANGUAGES``: en | zh-hans | ru | pt-br | es |
fr | ar | hi | id. Terms were chosen and translated for this benchmark; general terms first, then ten terms per
technology field (slugs of marketplace/taxonomy.py), most frequent first (the corpus draws them with Zipf weights).
"""

# ruff: noqa: E501 (one concept per line reads better than wrapped ones)

GENERAL = """
technology|技术|технология|tecnologia|tecnología|technologie|تقنية|प्रौद्योगिकी|teknologi
system|系统|система|sistema|sistema|système|نظام|प्रणाली|sistem
efficiency|效率|эффективность|eficiência|eficiencia|efficacité|كفاءة|दक्षता|efisiensi
method|方法|метод|método|método|méthode|طريقة|विधि|metode
device|装置|устройство|dispositivo|dispositivo|dispositif|جهاز|यंत्र|perangkat
material|材料|материал|material|material|matériau|مادة|सामग्री|bahan
process|工艺|процесс|processo|proceso|procédé|عملية|प्रक्रिया|proses
monitoring|监测|мониторинг|monitoramento|monitoreo|surveillance|مراقبة|निगरानी|pemantauan
platform|平台|платформа|plataforma|plataforma|plateforme|منصة|मंच|platform
sensor|传感器|датчик|sensor|sensor|capteur|مستشعر|संवेदक|sensor
production|生产|производство|produção|producción|production|إنتاج|उत्पादन|produksi
control|控制|управление|controle|control|contrôle|تحكم|नियंत्रण|kontrol
analysis|分析|анализ|análise|análisis|analyse|تحليل|विश्लेषण|analisis
equipment|设备|оборудование|equipamento|equipo|équipement|معدات|उपकरण|peralatan
quality|质量|качество|qualidade|calidad|qualité|جودة|गुणवत्ता|kualitas
cost|成本|стоимость|custo|costo|coût|تكلفة|लागत|biaya
energy|能源|энергия|energia|energía|énergie|طاقة|ऊर्जा|energi
data|数据|данные|dados|datos|données|بيانات|डेटा|data
model|模型|модель|modelo|modelo|modèle|نموذج|मॉडल|model
industry|产业|промышленность|indústria|industria|industrie|صناعة|उद्योग|industri
safety|安全|безопасность|segurança|seguridad|sécurité|سلامة|सुरक्षा|keselamatan
"""

BY_FIELD = {
    "biomedicine": """
vaccine|疫苗|вакцина|vacina|vacuna|vaccin|لقاح|टीका|vaksin
drug|药物|лекарство|medicamento|medicamento|médicament|دواء|दवा|obat
antibody|抗体|антитело|anticorpo|anticuerpo|anticorps|جسم مضاد|एंटीबॉडी|antibodi
diagnosis|诊断|диагностика|diagnóstico|diagnóstico|diagnostic|تشخيص|निदान|diagnosis
protein|蛋白质|белок|proteína|proteína|protéine|بروتين|प्रोटीन|protein
gene therapy|基因治疗|генная терапия|terapia gênica|terapia génica|thérapie génique|العلاج الجيني|जीन थेरेपी|terapi gen
cell culture|细胞培养|клеточная культура|cultura celular|cultivo celular|culture cellulaire|زراعة الخلايا|कोशिका संवर्धन|kultur sel
enzyme|酶制剂|фермент|enzima|enzima|enzyme|إنزيم|एंजाइम|enzim
traditional medicine|中药|традиционная медицина|medicina tradicional|medicina tradicional|médecine traditionnelle|الطب التقليدي|पारंपरिक चिकित्सा|obat tradisional
biomarker|生物标志物|биомаркер|biomarcador|biomarcador|biomarqueur|مؤشر حيوي|बायोमार्कर|biomarker
""",
    "low-altitude-economy": """
drone|无人机|беспилотник|drone|dron|drone|طائرة مسيرة|ड्रोन|drone
remote sensing|遥感|дистанционное зондирование|sensoriamento remoto|teledetección|télédétection|الاستشعار عن بعد|सुदूर संवेदन|penginderaan jauh
navigation|导航|навигация|navegação|navegación|navigation|ملاحة|नेविगेशन|navigasi
logistics|物流|логистика|logística|logística|logistique|لوجستيات|रसद|logistik
crop spraying|植保喷洒|опрыскивание посевов|pulverização agrícola|fumigación de cultivos|pulvérisation agricole|رش المحاصيل|फसल छिड़काव|penyemprotan tanaman
flight controller|飞控|контроллер полёта|controlador de voo|controlador de vuelo|contrôleur de vol|وحدة التحكم بالطيران|उड़ान नियंत्रक|pengendali penerbangan
airspace|空域|воздушное пространство|espaço aéreo|espacio aéreo|espace aérien|المجال الجوي|हवाई क्षेत्र|ruang udara
aerial survey|航测|аэросъёмка|aerolevantamento|levantamiento aéreo|relevé aérien|المسح الجوي|हवाई सर्वेक्षण|survei udara
helicopter|直升机|вертолёт|helicóptero|helicóptero|hélicoptère|مروحية|हेलीकॉप्टर|helikopter
parcel delivery|配送|доставка посылок|entrega de encomendas|entrega de paquetes|livraison de colis|توصيل الطرود|पार्सल डिलीवरी|pengiriman paket
""",
    "renewable-energy": """
solar cell|太阳能电池|солнечный элемент|célula solar|célula solar|cellule solaire|خلية شمسية|सौर सेल|sel surya
battery|电池|аккумулятор|bateria|batería|batterie|بطارية|बैटरी|baterai
photovoltaic|光伏|фотоэлектрический|fotovoltaico|fotovoltaico|photovoltaïque|كهروضوئي|फोटोवोल्टिक|fotovoltaik
wind turbine|风力发电机|ветрогенератор|turbina eólica|aerogenerador|éolienne|توربين الرياح|पवन टरबाइन|turbin angin
hydrogen|氢能|водород|hidrogênio|hidrógeno|hydrogène|هيدروجين|हाइड्रोजन|hidrogen
energy storage|储能|накопитель энергии|armazenamento de energia|almacenamiento de energía|stockage d'énergie|تخزين الطاقة|ऊर्जा भंडारण|penyimpanan energi
biomass|生物质|биомасса|biomassa|biomasa|biomasse|كتلة حيوية|बायोमास|biomassa
inverter|逆变器|инвертор|inversor|inversor|onduleur|عاكس كهربائي|इन्वर्टर|inverter
smart grid|智能电网|умная сеть|rede inteligente|red inteligente|réseau intelligent|شبكة ذكية|स्मार्ट ग्रिड|jaringan pintar
geothermal|地热|геотермальный|geotérmica|geotérmica|géothermie|حرارة جوفية|भूतापीय|panas bumi
""",
    "artificial-intelligence": """
machine learning|机器学习|машинное обучение|aprendizado de máquina|aprendizaje automático|apprentissage automatique|تعلم الآلة|मशीन लर्निंग|pembelajaran mesin
neural network|神经网络|нейронная сеть|rede neural|red neuronal|réseau de neurones|شبكة عصبية|तंत्रिका नेटवर्क|jaringan saraf
computer vision|计算机视觉|компьютерное зрение|visão computacional|visión artificial|vision par ordinateur|رؤية حاسوبية|कंप्यूटर विज़न|visi komputer
robot|机器人|робот|robô|robot|robot|روبوت|रोबोट|robot
algorithm|算法|алгоритм|algoritmo|algoritmo|algorithme|خوارزمية|एल्गोरिदम|algoritma
speech recognition|语音识别|распознавание речи|reconhecimento de fala|reconocimiento de voz|reconnaissance vocale|التعرف على الكلام|वाक् पहचान|pengenalan suara
language model|大语言模型|языковая модель|modelo de linguagem|modelo de lenguaje|modèle de langage|نموذج لغوي|भाषा मॉडल|model bahasa
image recognition|图像识别|распознавание изображений|reconhecimento de imagem|reconocimiento de imágenes|reconnaissance d'images|التعرف على الصور|छवि पहचान|pengenalan gambar
autonomous driving|自动驾驶|беспилотное вождение|direção autônoma|conducción autónoma|conduite autonome|القيادة الذاتية|स्वचालित ड्राइविंग|kendaraan otonom
machine translation|机器翻译|машинный перевод|tradução automática|traducción automática|traduction automatique|ترجمة آلية|मशीनी अनुवाद|terjemahan mesin
""",
    "new-materials": """
graphene|石墨烯|графен|grafeno|grafeno|graphène|جرافين|ग्राफीन|grafena
composite|复合材料|композит|compósito|material compuesto|composite|مادة مركبة|मिश्रित सामग्री|komposit
ceramic|陶瓷|керамика|cerâmica|cerámica|céramique|سيراميك|सिरेमिक|keramik
nanoparticle|纳米颗粒|наночастица|nanopartícula|nanopartícula|nanoparticule|جسيمات نانوية|नैनोकण|nanopartikel
polymer|聚合物|полимер|polímero|polímero|polymère|بوليمر|बहुलक|polimer
alloy|合金|сплав|liga metálica|aleación|alliage|سبيكة|मिश्र धातु|paduan
coating|涂层|покрытие|revestimento|recubrimiento|revêtement|طلاء|लेप|pelapis
rare earth|稀土|редкоземельные металлы|terras raras|tierras raras|terres rares|العناصر الأرضية النادرة|दुर्लभ मृदा|tanah jarang
fiber|纤维|волокно|fibra|fibra|fibre|ألياف|फाइबर|serat
semiconductor|半导体|полупроводник|semicondutor|semiconductor|semi-conducteur|أشباه الموصلات|अर्धचालक|semikonduktor
""",
    "digital-economy": """
e-commerce|电子商务|электронная коммерция|comércio eletrônico|comercio electrónico|commerce électronique|التجارة الإلكترونية|ई-कॉमर्स|perdagangan elektronik
blockchain|区块链|блокчейн|blockchain|cadena de bloques|chaîne de blocs|سلسلة الكتل|ब्लॉकचेन|rantai blok
digital payment|数字支付|цифровой платёж|pagamento digital|pago digital|paiement numérique|الدفع الرقمي|डिजिटल भुगतान|pembayaran digital
supply chain|供应链|цепочка поставок|cadeia de suprimentos|cadena de suministro|chaîne d'approvisionnement|سلسلة التوريد|आपूर्ति श्रृंखला|rantai pasok
cloud computing|云计算|облачные вычисления|computação em nuvem|computación en la nube|informatique en nuage|الحوسبة السحابية|क्लाउड कंप्यूटिंग|komputasi awan
digital twin|数字孪生|цифровой двойник|gêmeo digital|gemelo digital|jumeau numérique|التوأم الرقمي|डिजिटल ट्विन|kembaran digital
online marketplace|在线交易市场|онлайн-рынок|mercado online|mercado en línea|place de marché en ligne|سوق إلكتروني|ऑनलाइन बाज़ार|pasar daring
fintech|金融科技|финтех|fintech|tecnología financiera|technologie financière|التكنولوجيا المالية|फिनटेक|teknologi finansial
big data|大数据|большие данные|big data|macrodatos|mégadonnées|البيانات الضخمة|बिग डेटा|big data
smart city|智慧城市|умный город|cidade inteligente|ciudad inteligente|ville intelligente|مدينة ذكية|स्मार्ट सिटी|kota pintar
""",
    "information-technology": """
software|软件|программное обеспечение|software|software|logiciel|برمجيات|सॉफ्टवेयर|perangkat lunak
database|数据库|база данных|banco de dados|base de datos|base de données|قاعدة بيانات|डेटाबेस|basis data
network|网络|сеть|rede|red|réseau|شبكة|नेटवर्क|jaringan
cybersecurity|网络安全|кибербезопасность|cibersegurança|ciberseguridad|cybersécurité|الأمن السيبراني|साइबर सुरक्षा|keamanan siber
chip|芯片|микросхема|chip|chip|puce|رقاقة|चिप|cip
internet of things|物联网|интернет вещей|internet das coisas|internet de las cosas|internet des objets|إنترنت الأشياء|इंटरनेट ऑफ थिंग्स|internet of things
encryption|加密|шифрование|criptografia|cifrado|chiffrement|تشفير|एन्क्रिप्शन|enkripsi
server|服务器|сервер|servidor|servidor|serveur|خادم|सर्वर|server
5G|5G|5G|5G|5G|5G|5G|5G|5G
satellite communication|卫星通信|спутниковая связь|comunicação por satélite|comunicación satelital|communication par satellite|الاتصالات الفضائية|उपग्रह संचार|komunikasi satelit
""",
    "energy-saving-environment": """
wastewater treatment|污水处理|очистка сточных вод|tratamento de efluentes|tratamiento de aguas residuales|traitement des eaux usées|معالجة مياه الصرف|अपशिष्ट जल उपचार|pengolahan air limbah
recycling|回收利用|переработка отходов|reciclagem|reciclaje|recyclage|إعادة التدوير|पुनर्चक्रण|daur ulang
carbon capture|碳捕集|улавливание углерода|captura de carbono|captura de carbono|captage du carbone|احتجاز الكربون|कार्बन कैप्चर|penangkapan karbon
air pollution|大气污染|загрязнение воздуха|poluição do ar|contaminación del aire|pollution de l'air|تلوث الهواء|वायु प्रदूषण|polusi udara
heat pump|热泵|тепловой насос|bomba de calor|bomba de calor|pompe à chaleur|مضخة حرارية|हीट पंप|pompa kalor
energy saving|节能|энергосбережение|economia de energia|ahorro energético|économie d'énergie|توفير الطاقة|ऊर्जा बचत|hemat energi
solid waste|固体废物|твёрдые отходы|resíduos sólidos|residuos sólidos|déchets solides|النفايات الصلبة|ठोस अपशिष्ट|limbah padat
emission|排放|выбросы|emissão|emisión|émission|انبعاثات|उत्सर्जन|emisi
catalyst|催化剂|катализатор|catalisador|catalizador|catalyseur|محفز|उत्प्रेरक|katalis
soil remediation|土壤修复|рекультивация почв|remediação do solo|remediación de suelos|dépollution des sols|معالجة التربة|मृदा उपचार|remediasi tanah
""",
    "advanced-manufacturing-rail": """
3D printing|3D打印|3D-печать|impressão 3D|impresión 3D|impression 3D|الطباعة ثلاثية الأبعاد|3डी प्रिंटिंग|cetak 3D
high-speed rail|高速铁路|высокоскоростная магистраль|trem de alta velocidade|tren de alta velocidad|train à grande vitesse|السكك الحديدية فائقة السرعة|हाई-स्पीड रेल|kereta cepat
CNC machine|数控机床|станок с ЧПУ|máquina CNC|máquina CNC|machine CNC|آلة CNC|सीएनसी मशीन|mesin CNC
welding|焊接|сварка|soldagem|soldadura|soudage|لحام|वेल्डिंग|pengelasan
industrial robot|工业机器人|промышленный робот|robô industrial|robot industrial|robot industriel|روبوت صناعي|औद्योगिक रोबोट|robot industri
bearing|轴承|подшипник|rolamento|rodamiento|roulement|محمل|बेयरिंग|bantalan
gearbox|齿轮箱|редуктор|caixa de engrenagens|caja de engranajes|boîte de vitesses|علبة التروس|गियरबॉक्स|kotak roda gigi
laser|激光|лазер|laser|láser|laser|ليزر|लेजर|laser
locomotive|机车|локомотив|locomotiva|locomotora|locomotive|قاطرة|लोकोमोटिव|lokomotif
automation|自动化|автоматизация|automação|automatización|automatisation|أتمتة|स्वचालन|otomasi
""",
    "agriculture-forestry": """
seed|种子|семена|semente|semilla|semence|بذور|बीज|benih
fertilizer|肥料|удобрение|fertilizante|fertilizante|engrais|سماد|उर्वरक|pupuk
irrigation|灌溉|орошение|irrigação|riego|irrigation|ري|सिंचाई|irigasi
greenhouse|温室|теплица|estufa|invernadero|serre|دفيئة|ग्रीनहाउस|rumah kaca
pest control|病虫害防治|борьба с вредителями|controle de pragas|control de plagas|lutte antiparasitaire|مكافحة الآفات|कीट नियंत्रण|pengendalian hama
tea|茶叶|чай|chá|té|thé|شاي|चाय|teh
rice|水稻|рис|arroz|arroz|riz|أرز|धान|padi
forest|森林|лес|floresta|bosque|forêt|غابة|वन|hutan
livestock|畜牧|животноводство|pecuária|ganadería|élevage|ثروة حيوانية|पशुधन|peternakan
soil|土壤|почва|solo|suelo|sol|تربة|मिट्टी|tanah
""",
    "medical-devices": """
ultrasound|超声|ультразвук|ultrassom|ultrasonido|échographie|الموجات فوق الصوتية|अल्ट्रासाउंड|ultrasonografi
stent|支架|стент|stent|stent|stent|دعامة|स्टेंट|stent
medical imaging|医学影像|медицинская визуализация|imagem médica|imagen médica|imagerie médicale|التصوير الطبي|चिकित्सा इमेजिंग|pencitraan medis
wearable|可穿戴设备|носимое устройство|dispositivo vestível|dispositivo portátil|objet connecté portable|جهاز قابل للارتداء|पहनने योग्य उपकरण|perangkat wearable
surgical robot|手术机器人|хирургический робот|robô cirúrgico|robot quirúrgico|robot chirurgical|روبوت جراحي|सर्जिकल रोबोट|robot bedah
catheter|导管|катетер|cateter|catéter|cathéter|قسطرة|कैथेटर|kateter
implant|植入物|имплантат|implante|implante|implant|غرسة طبية|प्रत्यारोपण|implan
ventilator|呼吸机|аппарат ИВЛ|ventilador pulmonar|respirador|respirateur|جهاز التنفس الصناعي|वेंटिलेटर|ventilator
blood glucose|血糖|глюкоза крови|glicose no sangue|glucosa en sangre|glycémie|سكر الدم|रक्त शर्करा|gula darah
telemedicine|远程医疗|телемедицина|telemedicina|telemedicina|télémédecine|الطب عن بعد|टेलीमेडिसिन|telemedisin
""",
    "water-resources": """
desalination|海水淡化|опреснение|dessalinização|desalinización|dessalement|تحلية المياه|विलवणीकरण|desalinasi
water purification|净水|очистка воды|purificação de água|purificación de agua|purification de l'eau|تنقية المياه|जल शोधन|penjernihan air
groundwater|地下水|подземные воды|água subterrânea|agua subterránea|eaux souterraines|المياه الجوفية|भूजल|air tanah
membrane|膜|мембрана|membrana|membrana|membrane|غشاء|झिल्ली|membran
flood|洪水|наводнение|enchente|inundación|inondation|فيضان|बाढ़|banjir
reservoir|水库|водохранилище|reservatório|embalse|réservoir|خزان مياه|जलाशय|waduk
pipeline|管道|трубопровод|tubulação|tubería|canalisation|خط أنابيب|पाइपलाइन|pipa
drip irrigation|滴灌|капельное орошение|irrigação por gotejamento|riego por goteo|irrigation goutte à goutte|الري بالتنقيط|ड्रिप सिंचाई|irigasi tetes
water quality|水质|качество воды|qualidade da água|calidad del agua|qualité de l'eau|جودة المياه|जल गुणवत्ता|kualitas air
rainwater harvesting|雨水收集|сбор дождевой воды|captação de água da chuva|captación de agua de lluvia|récupération des eaux de pluie|حصاد مياه الأمطار|वर्षा जल संचयन|pemanenan air hujan
""",
}
