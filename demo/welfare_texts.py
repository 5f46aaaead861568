"""The words of the demo welfare cases: the hardships, what was learnt on visits, what was brought,
the notes, resolutions and claims."""

from demo.common import rows
from welfare.models import CaseAction, InsuranceClaim, WelfareCase

Category, Status, Tier = WelfareCase.Category, WelfareCase.Status, WelfareCase.Tier
Kind, Source, ReferredTo = CaseAction.Kind, CaseAction.Source, CaseAction.ReferredTo
Benefit, ClaimStatus = InsuranceClaim.Benefit, InsuranceClaim.Status

# How often each kind of hardship comes up: illness most.
CATEGORIES = {
    Category.ILLNESS: 34,
    Category.FAMILY: 16,
    Category.INJURY: 14,
    Category.HOUSING: 10,
    Category.CHILDBIRTH: 10,
    Category.BEREAVEMENT: 9,
    Category.OTHER: 7,
}
# A description is one fragment of each line ("|" between the choices), joined with commas.
# A childbirth's first line is the member's own when she is a woman, else the wife's.
DESCRIPTIONS = {
    Category.ILLNESS: rows("""
患胃病|患肺結核|得了傷寒|關節炎犯了|患肝炎|患腎炎|重感冒轉成了肺炎|患痢疾
臥床兩週|住院一個多月|在家休養，不能上班|病了二十多天|醫生說要休養三個月
家中三個孩子無人照顧|愛人沒有工作，一家五口靠他一人的工資|老母親也在病中|欠了藥費三十多元|家裡斷了煤
"""),
    Category.INJURY: rows("""
在車間被吊車鉤碰傷|搬料時砸傷左腳|鐵屑崩傷眼睛|被鐵水燙傷右手|修理皮帶時軋傷手指|從料堆上摔下扭傷腰
需休養一個月|住院治療|傷口感染，一時不能上班|醫生說要養六個星期
家中無人照料|愛人要上班，孩子沒人帶|擔心以後不能幹重活|生活一時困難
"""),
    Category.HOUSING: rows("""
住房漏雨，牆也裂了|一家七口擠在一間小屋裡|房東要收回房子|住處離廠二十里，每天步行上下班|冬天屋裡結冰，孩子凍病了
找不到房子|自己無力修理|夜班下班回家要走兩個鐘頭|向車間提過兩次
希望廠裡調配一間宿舍|希望幫助修房|影響休息和生產
"""),
    Category.FAMILY: rows("""
愛人生病住院|父親去世後弟妹三人靠他供養|孩子多，工資不夠用|老家遭了水災|愛人失業在家|老母親癱瘓在床
冬衣還沒有著落|寄錢回家後生活困難|欠了別人二十多元|每月都要借錢過日子
思想上有負擔|影響了上班|不好意思向組裡說
"""),
    Category.BEREAVEMENT: rows("""
父親病故|母親去世|愛人病故|孩子患病夭折
辦喪事借了債|回老家奔喪請假十天|留下兩個幼小的孩子
心情很沉重|生活一時困難|家中無人照料
"""),
    Category.CHILDBIRTH: rows("""
愛人生第三個孩子|愛人生了雙胞胎|愛人難產住院|愛人生產
產後身體虛弱|家中無人照料月子|缺少營養品|住院花了不少錢
大孩子還小|生活一時困難|愛人沒有工作
"""),
    Category.OTHER: rows("""
家中失火，衣被燒光|路上被大車撞傷|丟了一個月的工資|從鄉下接來父母
住處和生活都有困難|一時沒有辦法|生活一時困難
向小組求援|希望組裡幫助想辦法
"""),
}
OWN_CHILDBIRTH = ["本人生產", "本人生第二個孩子", "本人產後患病"]
# What a visit learnt: the category's own, or any of the general ones.
LEARNT = {
    Category.ILLNESS: rows("""
病情好轉，能下床走動了。
醫生說還要休養兩週，藥費已經報銷。
他愛人說家裡缺煤，孩子沒人做飯，回來報告了車間工會。
病人很感動，表示病好了一定好好生產。
"""),
    Category.INJURY: rows("""
傷口癒合得好，下週可以拆線。
他擔心以後幹不了重活，勸他安心養傷。
了解了事故經過，已向安全員反映，要求加裝防護罩。
"""),
    Category.HOUSING: rows("""
屋頂漏了三處，牆角發霉，孩子咳嗽。
看了房子，確實不能再住，回來向廠行政反映。
"""),
    Category.FAMILY: rows("""
家裡冬衣確實沒有著落，孩子還穿著單衣。
了解到欠債二十多元，回來和大家商量補助。
"""),
    Category.BEREAVEMENT: rows("""
喪事已經辦完，勸他節哀，家裡的事組裡幫忙。
"""),
    Category.CHILDBIRTH: rows("""
母子平安，產婦身體虛弱，需要營養。
"""),
    Category.OTHER: rows("""
了解了情況，大家都願意幫忙。
"""),
}
LEARNT_ANY = rows("""
家裡生活基本安定，鄰居也常來照顧。
同組同志輪流去幫忙挑水、買煤，家裡很感激。
他說組裡這樣關心，心裡暖和多了。
""")
BROUGHT = ["橘子二斤", "雞蛋二十個", "紅糖一斤", "掛麵五斤", "點心一包", "小米十斤", "蘋果二斤"]
# Goods given: what, and roughly what it is worth (yuan; not always known).
GOODS = rows("""
棉衣一件|8
白麵二十斤|4
煤五百斤|6
棉被一床|12
小米三十斤|
棉鞋兩雙|5
""")
SOURCES = {Source.UNION_FUND: 6, Source.LABOUR_INSURANCE: 3, Source.FACTORY: 1}
GRANT_NOTES = {
    Source.UNION_FUND: "小組會討論通過，報車間工會從工會經費中補助。",
    Source.LABOUR_INSURANCE: "從勞保基金中給予困難補助。",
    Source.FACTORY: "廠行政從福利費中補助。",
}
GRANT_AMOUNTS = [5, 8, 10, 12, 15, 20, 20, 25, 30, 40, 50, 60]
REFERRALS = {
    Category.HOUSING: (ReferredTo.ADMINISTRATION, "請廠行政調配宿舍，或撥料幫助修房。"),
    Category.INJURY: (ReferredTo.ADMINISTRATION, "請行政在傷好後調換輕一些的工作。"),
    Category.ILLNESS: (ReferredTo.ADMINISTRATION, "請行政聯繫醫院，給予醫療照顧。"),
}
REFERRAL_ANY = (ReferredTo.FACTORY_UNION, "困難較大，請廠工會給予長期困難補助。")
NOTES = rows("""
小組會上大家自願捐款{n}元，已交給他愛人。
同組的{name}每天下班幫他家挑水、生火。
已報告車間工會，下次小組會上向大家說明情況。
""")
RESOLVED = {
    Category.ILLNESS: "病已痊癒，恢復上班。",
    Category.INJURY: "傷已養好，回廠上班，暫做輕活。",
    Category.HOUSING: "房子的問題已經解決。",
    Category.CHILDBIRTH: "產假期滿，母子都好。",
    Category.BEREAVEMENT: "喪事辦完，生活已經安定。",
}
RESOLVED_ANY = "困難已經解決，生活安定。"
REOPENED = {
    Category.ILLNESS: "病情反覆，又臥床了。",
    Category.HOUSING: "房子又漏雨了，還得想辦法。",
}
REOPENED_ANY = "補助用完，生活仍有困難，重新跟進。"
CLOSED = ["回訪後一切正常，結案。", "情況穩定，結案。", ""]
TRANSFERRED = "會員調往外廠，已把情況轉交該廠工會。"
# Labour insurance: the benefit claimed for each category, and the range of amounts (yuan).
BENEFITS = {
    Category.ILLNESS: (Benefit.SICK_PAY, 15, 60),
    Category.INJURY: (Benefit.INJURY, 30, 90),
    Category.CHILDBIRTH: (Benefit.MATERNITY, 30, 70),
    Category.BEREAVEMENT: (Benefit.FUNERAL, 60, 150),
}
REJECTIONS = [
    "病假未滿規定天數，不符合勞動保險條例的規定。",
    "非因工負傷，按疾病待遇另行辦理。",
    "證明材料不全，補齊後重新申請。",
]
