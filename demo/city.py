"""The demo city from the seed booklet (太原市總工會, 1952): its factories, workshops and named
groups, the trades of each workshop, the names people are drawn from, the demo accounts and the
groups the booklet holds up as good."""

from groups.scoping import Level

PASSWORD = "unionsite-demo"
FEDERATION = "太原市總工會"

# factory → workshop → named groups (the typical groups of the seed; a group is named after its
# union group leader) and how many ordinary groups to add beside them.
CITY = {
    "太原機器廠": {"金工": (["韓潤", "余蘭桂"], 4), "裝配": (["杜鳴舉"], 4)},
    "太原鋼鐵廠": {"煉鋼": (["溫小清", "閻四貨"], 4), "軋鋼": (["羅成恩"], 3)},
    # The seed's survey: 33 groups in the foundry and farm-tools workshops.
    "山西機器廠": {"鑄工": (["王銀柱"], 16), "農具": (["張永才"], 15)},
    "化學廠": {"硫酸": (["王茂林", "張李鑽"], 3)},
    "麵粉廠": {"製粉": (["郭鈴", "王良"], 3)},
}
TRADES = {
    "金工": ["車工", "鉗工", "銑工", "刨工"],
    "裝配": ["裝配工", "鉗工", "電工"],
    "煉鋼": ["爐前工", "配料工", "吊車工"],
    "軋鋼": ["軋鋼工", "加熱工", "剪切工"],
    "鑄工": ["翻砂工", "造型工", "澆鑄工", "清砂工"],
    "農具": ["鍛工", "鉗工", "裝配工"],
    "硫酸": ["操作工", "化驗工", "維修工"],
    "製粉": ["製粉工", "清麥工", "包裝工"],
}
SURNAMES = (
    "王李張劉陳楊趙黃周吳徐孫胡朱高林何郭馬羅梁宋鄭謝韓唐馮于董蕭程曹袁鄧許傅沈曾彭呂蘇盧"
    "蔣蔡賈丁魏薛葉閻余潘杜戴夏鍾汪田任姜范方石姚譚廖鄒熊金陸郝孔白崔康毛邱秦江史顧侯邵孟"
)
GIVEN = [
    "德明",
    "建國",
    "秀英",
    "桂英",
    "玉蘭",
    "富貴",
    "長春",
    "金山",
    "國棟",
    "鳳英",
    "淑珍",
    "永福",
    "志強",
    "振華",
    "保全",
    "樹林",
    "有才",
    "福全",
    "春生",
    "秋生",
    "文明",
    "根生",
    "銀貴",
    "二虎",
    "存厚",
    "守業",
    "來福",
    "玉山",
    "連生",
    "貴",
    "成",
    "忠",
    "義",
    "傑",
    "明",
    "華",
    "英",
    "秀蘭",
    "桂蘭",
    "占魁",
    "懷仁",
    "廣才",
    "滿倉",
    "喜子",
    "鐵柱",
    "金鎖",
    "茂林",
    "殿元",
    "鳳鳴",
    "慶雲",
    "寶山",
    "玉珍",
    "素珍",
    "海",
    "勇",
    "平",
]
ACCOUNTS = [
    ("admin", "superuser", None),
    ("federation", Level.FEDERATION, None),
    ("machine_staff", Level.FACTORY, "太原機器廠"),
    ("steel_staff", Level.FACTORY, "太原鋼鐵廠"),
    ("hanrun", Level.GROUP, "韓潤小組"),
    ("wenxiaoqing", Level.GROUP, "溫小清小組"),
]
# The staff accounts' people, made up (a group's account is called by its member's name).
STAFF_NAMES = {
    "admin": "系統管理員",
    "federation": "趙振華",
    "machine_staff": "劉桂英",
    "steel_staff": "張國棟",
}
GOOD_GROUPS = {"韓潤", "溫小清", "余蘭桂", "閻四貨", "王銀柱", "杜鳴舉", "王茂林", "郭鈴"}
