"""Demo people: the fixed logins of PRODUCT.md and the authors behind the other demo listings.

The e-mail address is the stable key. ``LOGINS`` can sign in (password ``DEMO_PASSWORD``, e-mail already verified);
``AUTHORS`` cannot (no usable password): they only give listings many different owners. All names are invented.
"""

from __future__ import annotations

# Published in PRODUCT.md so that scripts and tests can sign in; only ever set on demo accounts.
DEMO_PASSWORD = "brics-demo"  # noqa: S105

DOMAIN = "demo.brics-ttc.org"

# (e-mail, display name, role, country, {institution slug: membership role}); memberships are active.
LOGINS: list[dict] = [
    {
        "email": f"researcher@{DOMAIN}",
        "display_name": "Li Wenjing",
        "role": "researcher",
        "country": "CN",
        "memberships": {"southwest-forestry-university": "member"},
    },
    {
        "email": f"enterprise@{DOMAIN}",
        "display_name": "Thandi Mokoena",
        "role": "enterprise",
        "country": "ZA",
        "memberships": {"index-technology": "member"},
    },
    {
        "email": f"enterprise2@{DOMAIN}",
        "display_name": "Wang Hao",
        "role": "enterprise",
        "country": "CN",
        "memberships": {"crcc-high-tech-equipment": "member"},
    },
    {
        "email": f"institution-admin@{DOMAIN}",
        "display_name": "Chen Yu",
        "role": "institution_admin",
        "country": "CN",
        "memberships": {"brics-ttc-kunming": "admin"},
    },
    {
        "email": f"staff@{DOMAIN}",
        "display_name": "Zhang Min (center staff)",
        "role": "center_staff",
        "country": "CN",
        "staff": True,
        "memberships": {},
    },
]

AUTHORS: list[dict] = [
    # China
    {
        "email": f"sun.qiang@{DOMAIN}",
        "display_name": "孙强 Sun Qiang",
        "role": "researcher",
        "country": "CN",
        "language": "zh-hans",
        "memberships": {"crcc-high-tech-equipment": "member"},
    },
    {
        "email": f"zhao.lei@{DOMAIN}",
        "display_name": "赵磊 Zhao Lei",
        "role": "researcher",
        "country": "CN",
        "language": "zh-hans",
        "memberships": {"southwest-forestry-university": "admin"},
    },
    {
        "email": f"he.mei@{DOMAIN}",
        "display_name": "何梅 He Mei",
        "role": "researcher",
        "country": "CN",
        "language": "zh-hans",
        "memberships": {"yunnan-university": "member"},
    },
    {
        "email": f"gao.yang@{DOMAIN}",
        "display_name": "高阳 Gao Yang",
        "role": "institution_admin",
        "country": "CN",
        "language": "zh-hans",
        "memberships": {"ittn": "admin"},
    },
    {
        "email": f"yang.fan@{DOMAIN}",
        "display_name": "杨帆 Yang Fan",
        "role": "institution_admin",
        "country": "CN",
        "language": "zh-hans",
        "memberships": {"kunming-science-technology-bureau": "admin"},
    },
    # Russia
    {
        "email": f"a.sokolova@{DOMAIN}",
        "display_name": "Анна Соколова",
        "role": "researcher",
        "country": "RU",
        "language": "ru",
        "memberships": {"nust-misis": "member"},
    },
    {
        "email": f"d.volkov@{DOMAIN}",
        "display_name": "Дмитрий Волков",
        "role": "researcher",
        "country": "RU",
        "language": "ru",
        "memberships": {"rudn-university": "member"},
    },
    {
        "email": f"i.orlov@{DOMAIN}",
        "display_name": "Игорь Орлов",
        "role": "researcher",
        "country": "RU",
        "language": "ru",
        "memberships": {"skolkovo-foundation": "member"},
    },
    {
        "email": f"m.lebedeva@{DOMAIN}",
        "display_name": "Мария Лебедева",
        "role": "institution_admin",
        "country": "RU",
        "language": "ru",
        "memberships": {"natt-russia": "admin"},
    },
    # Brazil
    {
        "email": f"ana.ferreira@{DOMAIN}",
        "display_name": "Ana Paula Ferreira",
        "role": "researcher",
        "country": "BR",
        "language": "pt-br",
        "memberships": {"universidade-de-sao-paulo": "member"},
    },
    {
        "email": f"rafael.carvalho@{DOMAIN}",
        "display_name": "Rafael Carvalho",
        "role": "enterprise",
        "country": "BR",
        "language": "pt-br",
        "memberships": {},
    },
    {
        "email": f"lucia.mendes@{DOMAIN}",
        "display_name": "Lúcia Mendes",
        "role": "institution_admin",
        "country": "BR",
        "language": "pt-br",
        "memberships": {"fortec": "admin"},
    },
    # India
    {
        "email": f"priya.nair@{DOMAIN}",
        "display_name": "Priya Nair",
        "role": "researcher",
        "country": "IN",
        "language": "en",
        "memberships": {"venture-center": "member"},
    },
    {
        "email": f"arjun.sharma@{DOMAIN}",
        "display_name": "अर्जुन शर्मा Arjun Sharma",
        "role": "researcher",
        "country": "IN",
        "language": "hi",
        "memberships": {"jss-step": "member"},
    },
    {
        "email": f"rohan.iyer@{DOMAIN}",
        "display_name": "Rohan Iyer",
        "role": "institution_admin",
        "country": "IN",
        "language": "en",
        "memberships": {"india-china-ttc": "admin"},
    },
    # South Africa
    {
        "email": f"sipho.dlamini@{DOMAIN}",
        "display_name": "Sipho Dlamini",
        "role": "researcher",
        "country": "ZA",
        "language": "en",
        "memberships": {"university-of-cape-town": "member"},
    },
    {
        "email": f"pieter.vandermerwe@{DOMAIN}",
        "display_name": "Pieter van der Merwe",
        "role": "enterprise",
        "country": "ZA",
        "language": "en",
        "memberships": {},
    },
    # Partners
    {
        "email": f"reza.karimi@{DOMAIN}",
        "display_name": "رضا کریمی Reza Karimi",
        "role": "researcher",
        "country": "IR",
        "language": "fa",
        "memberships": {"sharif-university-of-technology": "member"},
    },
    {
        "email": f"karim.mansour@{DOMAIN}",
        "display_name": "Karim Mansour",
        "role": "researcher",
        "country": "EG",
        "language": "fr",
        "memberships": {"asrt-egypt": "member"},
    },
    {
        "email": f"nour.hassan@{DOMAIN}",
        "display_name": "نور حسن Nour Hassan",
        "role": "institution_admin",
        "country": "EG",
        "language": "ar",
        "memberships": {"asrt-egypt": "admin"},
    },
    {
        "email": f"omar.alhashimi@{DOMAIN}",
        "display_name": "عمر الهاشمي Omar Al Hashimi",
        "role": "researcher",
        "country": "AE",
        "language": "ar",
        "memberships": {"khalifa-university": "member"},
    },
    {
        "email": f"hana.tadesse@{DOMAIN}",
        "display_name": "Hana Tadesse",
        "role": "researcher",
        "country": "ET",
        "language": "en",
        "memberships": {"aastu": "member"},
    },
    {
        "email": f"dewi.lestari@{DOMAIN}",
        "display_name": "Dewi Lestari",
        "role": "researcher",
        "country": "ID",
        "language": "id",
        "memberships": {"institut-teknologi-bandung": "member"},
    },
    {
        "email": f"yanet.rodriguez@{DOMAIN}",
        "display_name": "Yanet Rodríguez",
        "role": "researcher",
        "country": "CU",
        "language": "es",
        "memberships": {"cigb-cuba": "member"},
    },
    {
        "email": f"luis.quispe@{DOMAIN}",
        "display_name": "Luis Quispe",
        "role": "enterprise",
        "country": "BO",
        "language": "es",
        "memberships": {},
    },
]
