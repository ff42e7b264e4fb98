"""Demo content for the 红色地名 column: the column, nine stories and a few approved works.

Idempotent: the column and stories are found again by slug, works by title. Facts are kept to
what is well documented; pictures are generated (no downloaded photos).
"""

import io

from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.html import escape
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model

from news.demo import make_demo_image

from .models import PlaceNameColumnPage, PlaceStoryGalleryImage, PlaceStoryPage, Work
from .posters import _font
from .submission import works_collection

COLUMN_SLUG = "hongse-diming"
COLUMN_TITLE = "忆红色地名 感峥嵘岁月"
COLUMN_INTRO = (
    "宣城是革命老区。从泾县云岭的新四军军部旧址，到宁国、旌德、绩溪山间的游击根据地，"
    "一个个地名记录着先辈们在皖南大地上的奋斗与牺牲。\n"
    "本栏目讲述这些红色地名背后的故事，并向社会征集关于它们的摄影、短视频和海报作品。"
)
CALL_FOR_WORKS = (
    "<p>欢迎您围绕本栏目中的红色地名，或您身边其他有革命历史的地方，投稿原创的摄影、短视频或海报作品。</p>"
    "<ul><li>摄影、海报：JPEG、PNG 或 WebP 格式，不超过 10 MB；</li>"
    "<li>短视频：H.264 编码的 MP4 文件，不超过 100 MB；</li>"
    "<li>作品经工作人员审核通过后，在栏目和相关地名页面署名展示。</li></ul>"
)

STORIES = [
    {
        "slug": "yunling-junbu",
        "title": "云岭：新四军军部在这里驻扎两年多",
        "place_name": "云岭新四军军部旧址",
        "county": "泾县",
        "address": "泾县云岭镇罗里村一带",
        "era": "1938—1941年 新四军军部驻地",
        "summary": "1938年夏至1941年1月，新四军军部驻在泾县云岭山冲的罗里村一带，旧址现为全国重点文物保护单位。",
        "paragraphs": [
            "云岭位于泾县县城西面，山冲里散落着罗里、汤村、中村等村庄。1938年夏，新四军军部移驻这里，"
            "司令部和各个机关分设在以罗里村为中心的多个村子里。",
            "军部在云岭期间，这片山冲成为皖南抗战的指挥中心，吸引了大批爱国青年前来参军、工作。"
            "1941年1月4日，军部奉命从云岭出发北移。",
            "军部司令部、军部大会堂（陈氏宗祠）、战地服务团等旧址保存至今，新四军军部旧址是全国重点文物保护单位，"
            "也是开展爱国主义教育的重要场所。",
        ],
        "gallery": ["云岭山冲里的村庄", "军部大会堂旧址外景"],
        "body_image": "罗里村村口的旧址标识",
    },
    {
        "slug": "wannan-shibian-lingyuan",
        "title": "水西山上的皖南事变烈士陵园",
        "place_name": "皖南事变烈士陵园",
        "county": "泾县",
        "address": "泾县县城西郊水西山",
        "era": "1941年1月 皖南事变",
        "summary": "陵园建在泾县城郊的水西山，为纪念皖南事变中殉难的新四军将士而修建，于事变五十周年之际落成。",
        "paragraphs": [
            "1941年1月，新四军军部及所属皖南部队九千余人在奉命北移途中，于泾县茂林一带遭到国民党军重兵包围袭击，"
            "将士们浴血奋战七昼夜，大部分壮烈牺牲，史称“皖南事变”。",
            "为纪念殉难将士，安徽省在泾县城郊水西山修建了皖南事变烈士陵园，陵园依山势布置纪念碑、广场和烈士墓，"
            "于事变五十周年之际建成。",
            "每年清明前后，来自各地的干部群众和学生来到这里献花、默哀，缅怀先烈。",
        ],
        "gallery": ["水西山上的纪念碑"],
    },
    {
        "slug": "maolin",
        "title": "茂林：铁军北移途中的激战地",
        "place_name": "茂林",
        "county": "泾县",
        "address": "泾县茂林镇",
        "era": "1941年1月 皖南事变激战地",
        "summary": "茂林是泾县西南的一座古镇，皖南事变时新四军北移部队在这一带遭到包围，展开激战。",
        "paragraphs": [
            "茂林是泾县西南部的一座古镇，街巷和祠堂至今保留着皖南古村落的风貌。",
            "1941年1月，新四军北移部队行至茂林附近，遭到优势兵力的伏击和围攻。"
            "将士们在周边山岭与敌人反复争夺，许多人牺牲在这里。",
            "今天，茂林一带的激战地遗址是重温皖南事变历史的重要地点，也是泾县红色旅游线路上的一站。",
        ],
        "gallery": [],
    },
    {
        "slug": "lianzhang-mifengdong",
        "title": "濂长与蜜蜂洞：项英、周子昆遇难地",
        "place_name": "濂长蜜蜂洞",
        "county": "泾县",
        "address": "泾县濂长村附近赤坑山",
        "era": "1941年3月 项英、周子昆遇难",
        "summary": "皖南事变中突围后，新四军副军长项英、副参谋长周子昆在濂长附近的蜜蜂洞隐蔽时遇害。",
        "paragraphs": [
            "濂长位于泾县山区，皖南事变时是新四军将士奋勇突围的战场之一。",
            "突围后，新四军副军长项英、副参谋长周子昆在附近赤坑山的蜜蜂洞隐蔽，1941年3月不幸遇害。",
            "皖南事变后，这一带还建立起当地的游击队，坚持斗争。如今的濂长生态优美，已成为宣城市红色村庄建设的示范点。",
        ],
        "gallery": [],
    },
    {
        "slug": "yaocun-suweiai",
        "title": "姚村乡苏维埃政府旧址",
        "place_name": "姚村乡苏维埃政府旧址",
        "county": "郎溪县",
        "address": "郎溪县姚村乡一带",
        "era": "1930年 姚村农民暴动",
        "summary": "1930年，郎溪姚村山区的造纸工人和农民举行暴动，成立了姚村乡苏维埃政府。",
        "paragraphs": [
            "1930年，在皖南红军独立团的支持下，郎溪县姚村山区的造纸工人和农民组织赤卫队，举行暴动。",
            "同年10月，他们在原乡公所成立了姚村乡苏维埃政府和农民赤卫团，这是郎溪土地革命时期的重要一页。",
            "旧址是一座清代的砖木民居，二十世纪八十年代经过修缮，得以保存。",
        ],
        "gallery": [],
    },
    {
        "slug": "banqiao-lieshi-lingyuan",
        "title": "板桥烈士陵园：山间的红军与新四军英魂",
        "place_name": "板桥烈士陵园",
        "county": "宁国市",
        "address": "宁国市方塘乡板桥村",
        "era": "土地革命与抗日战争时期 皖南游击斗争",
        "summary": "陵园建在宁国方塘乡板桥村的山坡上，合葬着在板桥地区牺牲的红军和新四军战士。",
        "paragraphs": [
            "板桥地处宁国山区，土地革命时期就有共产党人在这里秘密活动，后来游击队在此开辟根据地，坚持斗争。",
            "为缅怀在板桥地区牺牲的红军和新四军战士，当地在板桥西山修建了烈士墓，墓中合葬着十一位烈士的遗骸。",
            "此后经过多次修扩建，形成了以纪念碑、纪念塔为主体的板桥烈士陵园。从方塘乡葛村到板桥的山路，"
            "如今被称作“红军路”，常有人沿着先辈足迹徒步寻访。",
        ],
        "gallery": [],
    },
    {
        "slug": "huanggaofeng",
        "title": "黄高峰：皖南事变后的游击根据地",
        "place_name": "黄高峰",
        "county": "旌德县",
        "address": "旌德县境内",
        "era": "1941年以后 皖南游击斗争",
        "summary": "皖南事变后，留在当地的共产党员和新四军战士组成游击队，以旌德黄高峰一带为主要根据地坚持斗争。",
        "paragraphs": [
            "1941年皖南事变后，皖南的形势异常艰难。在皖南特委领导下，当地党组织带领为数不多的共产党员和新四军战士，"
            "成立了新四军游击队。",
            "游击队以旌德县的黄高峰一带为主要根据地，依托山林与群众支持，坚持游击斗争，保存和发展了革命力量。",
            "这段在大山深处坚持的岁月，是皖南革命史上不可忘记的篇章。",
        ],
        "gallery": [],
    },
    {
        "slug": "chencun-lieshimu",
        "title": "陈村烈士墓：1947年初冬的一场战斗",
        "place_name": "陈村烈士墓",
        "county": "绩溪县",
        "address": "绩溪县陈村岭头",
        "era": "1947年 陈村战斗",
        "summary": "1947年初冬，游击队在绩溪陈村与敌人激战，十三位同志牺牲。烈士墓建于战斗旧址。",
        "paragraphs": [
            "1947年11月，国民党调集重兵“围剿”绩溪岭北根据地。皖浙支队的游击队员在陈村与敌人遭遇，激战多时，击退敌人。",
            "战斗中，十三位同志英勇牺牲。1964年，当地在战斗旧址修建烈士墓，后来又在墓前建起纪念亭，立碑记述战斗经过。",
            "陈村烈士墓是绩溪重要的爱国主义教育场所，已公布为文物保护单位。",
        ],
        "gallery": [],
    },
    {
        "slug": "sishi-yundaiying",
        "title": "省立第四师范：恽代英在宣城播撒火种",
        "place_name": "安徽省立第四师范学校",
        "county": "宣州区",
        "address": "宣城城区",
        "era": "二十世纪二十年代初 新思想传播",
        "summary": "二十世纪二十年代初，恽代英在宣城的安徽省立第四师范学校任教，向青年学生传播进步思想。",
        "paragraphs": [
            "二十世纪二十年代初，中国共产党早期领导人恽代英来到宣城，在安徽省立第四师范学校任教，担任教务主任。",
            "他常以“天下兴亡，匹夫有责”勉励学生，带领学生走出校门开展社会调查，了解农民生活。"
            "在他的影响下，一批宣城青年走上了革命道路。",
            "这所学校因此成为宣城近代史上传播新思想的重要地点。",
        ],
        "gallery": [],
    },
]

DEMO_WORKS = [
    {
        "title": "云岭春晨",
        "kind": Work.Kind.PHOTO,
        "story": "yunling-junbu",
        "author": "王晓雯",
        "description": "清晨的云岭山冲，雾气还没有散开，军部旧址的白墙格外醒目。",
    },
    {
        "title": "清明献花",
        "kind": Work.Kind.PHOTO,
        "story": "wannan-shibian-lingyuan",
        "author": "陈立新",
        "description": "清明时节，学生们在纪念碑前献花。",
    },
    {
        "title": "铁军精神 代代相传",
        "kind": Work.Kind.POSTER,
        "story": "yunling-junbu",
        "author": "宣城职业技术学院 刘畅",
        "description": "以军部大会堂为背景设计的宣传海报。",
    },
    {
        "title": "板桥红军路",
        "kind": Work.Kind.PHOTO,
        "story": "banqiao-lieshi-lingyuan",
        "author": "周建国",
        "description": "沿着红军路徒步时拍下的山间小道。",
    },
]


def _paragraphs_body(paragraphs, image, caption):
    body = [("paragraph", f"<p>{escape(paragraphs[0])}</p>")]
    if image is not None:
        body.append(("image", {"image": image, "alt": caption, "caption": caption}))
    body += [("paragraph", f"<p>{escape(text)}</p>") for text in paragraphs[1:]]
    return body


def _poster_image(title, seed):
    """A generated portrait poster for the demo poster work."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    width, height = 800, 1120
    picture = PILImage.new("RGB", (width, height), (150, 10, 20))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=(170 - y * 60 // height, 12, 24))
    draw.polygon(
        [
            (400, 160),
            (430, 250),
            (525, 250),
            (448, 305),
            (478, 395),
            (400, 340),
            (322, 395),
            (352, 305),
            (275, 250),
            (370, 250),
        ],
        fill=(255, 210, 70),
    )
    draw.text((400, 560), title[:10], fill=(255, 240, 200), font=_font(72), anchor="mm")
    draw.text((400, 1000), "忆红色地名 感峥嵘岁月", fill=(255, 255, 255), font=_font(40), anchor="mm")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    image = Image(title=title, collection=works_collection())
    image.file = ImageFile(buffer, name=f"demo-poster-{seed}.jpg")
    image.save()
    return image


def _banner_image(title, text=COLUMN_TITLE):
    """A wide generated banner (8:3) with the column's name in the middle."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    width, height = 1600, 600
    picture = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for x in range(width):
        t = x / width
        draw.line([(x, 0), (x, height)], fill=(int(150 - 40 * t), int(10 + 20 * t), int(20 + 10 * t)))
    for i in range(6):  # distant ridges, like the hills around 云岭
        top = 330 + i * 35
        points = [(x, top + int(40 * ((x / 170 + i) % 2 - 1) ** 2)) for x in range(0, width + 1, 40)]
        draw.polygon([(0, height), *points, (width, height)], fill=(110 - i * 12, 8, 16))
    draw.text((width // 2, 240), text, fill=(255, 226, 150), font=_font(96), anchor="mm")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    image = Image(title=title)
    image.file = ImageFile(buffer, name="demo-placenames-banner.jpg")
    image.save()
    return image


def ensure_column(home):
    column = PlaceNameColumnPage.objects.child_of(home).filter(slug=COLUMN_SLUG).first()
    if column:
        return column, False
    banner = _banner_image("红色地名栏目横幅")
    column = PlaceNameColumnPage(
        title=COLUMN_TITLE,
        slug=COLUMN_SLUG,
        show_in_menus=True,
        banner=banner,
        banner_alt="红色横幅：远山剪影上写着“忆红色地名 感峥嵘岁月”",
        intro=COLUMN_INTRO,
        call_for_works=CALL_FOR_WORKS,
        seo_title="红色地名",
    )
    home.add_child(instance=column)
    column.save_revision().publish()
    return column, True


def load(home, stdout):
    column, _created = ensure_column(home)
    made = 0
    stories = {}
    for index, entry in enumerate(STORIES):
        story = PlaceStoryPage.objects.child_of(column).filter(slug=entry["slug"]).first()
        if story is None:
            cover = make_demo_image(entry["place_name"], seed=41 + index)
            story = PlaceStoryPage(
                title=entry["title"],
                slug=entry["slug"],
                place_name=entry["place_name"],
                county=entry["county"],
                address=entry["address"],
                era=entry["era"],
                summary=entry["summary"],
                cover=cover,
                cover_alt=f"{entry['place_name']}（示意图片）",
                body=_paragraphs_body(
                    entry["paragraphs"],
                    make_demo_image(entry["body_image"], seed=70 + index) if entry.get("body_image") else None,
                    entry.get("body_image", ""),
                ),
            )
            for n, caption in enumerate(entry["gallery"]):
                picture = make_demo_image(caption, seed=60 + index * 3 + n)
                story.gallery_images.add(PlaceStoryGalleryImage(image=picture, alt=caption, caption=caption))
            column.add_child(instance=story)
            story.save_revision().publish()
            made += 1
        stories[entry["slug"]] = story
    works = 0
    collection = works_collection()
    for index, entry in enumerate(DEMO_WORKS):
        if Work.objects.filter(title=entry["title"], author_name=entry["author"]).exists():
            continue
        if entry["kind"] == Work.Kind.POSTER:
            image = _poster_image(entry["title"], index)
        else:
            image = make_demo_image(entry["title"], seed=80 + index)
            image.collection = collection
            image.save(update_fields=["collection"])
        Work.objects.create(
            title=entry["title"],
            kind=entry["kind"],
            story=stories[entry["story"]],
            image=image,
            description=entry["description"],
            author_name=entry["author"],
            phone="13800000000",
            consent=True,
            status=Work.Status.APPROVED,
            moderated_at=timezone.now(),
        )
        works += 1
    stdout.write(
        f"红色地名：{PlaceStoryPage.objects.child_of(column).count()} 个地名故事（新建 {made} 个），新建 {works} 件示例作品"
    )
