"""Everyday news sentences with a real vocabulary, for benchmarks that need an archive's mix.

A real archive names a reform in a few sentences in a hundred; the rest is economy,
weather, sport, culture, city life, health and transport. These templates, written for
this project in Russian and English, are filled from word lists, so that the corpus has
thousands of distinct word forms (the lemmatizer's cache does not hide its cost) rather
than the hundred of a handful of fixed sentences.
"""

from __future__ import annotations

import random

RU_CITIES = (
    "Астане", "Алматы", "Шымкенте", "Караганде", "Актобе", "Павлодаре", "Усть-Каменогорске", "Семее",
    "Костанае", "Кызылорде", "Атырау", "Актау", "Таразе", "Туркестане", "Петропавловске", "Уральске",
)  # fmt: skip
RU_REGIONS = (
    "Акмолинской", "Алматинской", "Карагандинской", "Костанайской", "Павлодарской", "Жамбылской",
    "Туркестанской", "Мангистауской", "Атырауской", "Западно-Казахстанской", "Северо-Казахстанской",
)  # fmt: skip
RU_COMPANIES = (
    "«Казахтелеком»", "«КазМунайГаз»", "«Казатомпром»", "«Эйр Астана»", "«Халык Банк»", "«Самрук-Энерго»",
    "«Казахмыс»", "«ЕвроХим»", "«Шубарколь Комир»", "«Алюминий Казахстана»", "«Рахат»", "«Food Master»",
)  # fmt: skip
RU_GOODS = (
    "гречку", "сахар", "подсолнечное масло", "говядину", "картофель", "молочную продукцию", "яйца", "хлеб",
    "бензин", "дизельное топливо", "лекарства", "строительные материалы", "цемент", "уголь", "муку",
)  # fmt: skip
RU_CROPS = ("пшеницы", "ячменя", "подсолнечника", "хлопка", "риса", "кукурузы", "льна", "рапса", "картофеля")
RU_TEAMS = (
    "«Кайрат»", "«Астана»", "«Тобол»", "«Актобе»", "«Ордабасы»", "«Елимай»", "«Шахтёр»", "«Жетысу»",
    "«Кызыл-Жар»", "«Атырау»", "«Кайсар»", "«Барыс»",
)  # fmt: skip
RU_SPORTS = (
    "чемпионате Азии по боксу", "этапе Кубка мира по биатлону", "турнире по дзюдо в Париже",
    "чемпионате мира по тяжёлой атлетике", "Азиатских играх", "турнире WTA в Дохе",
    "чемпионате мира по вольной борьбе", "этапе Гран-при по фигурному катанию", "Кубке Дэвиса",
)  # fmt: skip
RU_ATHLETES = (
    "Елена Рыбакина", "Александр Бублик", "Геннадий Головкин", "Ольга Рыпакова", "Дмитрий Баландин",
    "Елдос Сметов", "Нурсултан Келдибеков", "Ильяс Сулейменов", "Айгерим Жексембинова",
)  # fmt: skip
RU_MEDALS = ("золотую", "серебряную", "бронзовую")
RU_CULTURE = (
    "Государственном академическом театре оперы и балета «Астана Опера»", "Центральном государственном музее",
    "Казахском национальном театре драмы имени Мухтара Ауэзова", "филармонии имени Жамбыла",
    "Национальном музее Республики Казахстан", "галерее «Тенгри-Умай»", "Дворце школьников",
    "Казахской национальной консерватории имени Курмангазы", "библиотеке имени Пушкина",
)  # fmt: skip
RU_EVENTS = (
    "выставка работ молодых художников", "фестиваль документального кино", "премьера балета «Жизель»",
    "концерт камерного оркестра", "вечер поэзии Абая", "ярмарка народных ремёсел",
    "ретроспектива фильмов Шакена Айманова", "фотовыставка о степных городах", "джазовый фестиваль",
)  # fmt: skip
RU_WEATHER = (
    "гололёд и туман", "сильный ветер с порывами до 25 метров в секунду", "снег и метель",
    "ливни с грозой и градом", "жару до 40 градусов", "заморозки на почве", "пыльную бурю",
    "мокрый снег и гололедицу", "высокую пожароопасность",
)  # fmt: skip
RU_WEEKDAYS = ("в понедельник", "во вторник", "в среду", "в четверг", "в пятницу", "в субботу", "в воскресенье")
RU_TRANSPORT = (
    "новый автобусный маршрут", "участок скоростной трассы", "пешеходный мост", "велосипедная дорожка",
    "станция лёгкого рельсового транспорта", "подземный переход", "развязка на въезде в город",
)  # fmt: skip
RU_HEALTH = (
    "поликлиника на 500 посещений в смену", "центр детской реабилитации", "кардиологическое отделение",
    "перинатальный центр", "пункт вакцинации", "онкологический диспансер", "станция скорой помощи",
)  # fmt: skip
RU_SCHOOLS = ("школу на 1200 мест", "детский сад на 320 мест", "колледж", "спортивный комплекс", "бассейн")

RU_TEMPLATES = (
    # economy
    "Компания {company} увеличила чистую прибыль на {pct} процента по итогам {quarter} квартала.",
    "Годовая инфляция в Казахстане замедлилась до {pct},{digit}%, сообщает Бюро национальной статистики.",
    "Национальный банк сохранил базовую ставку на уровне {rate},{digit}% годовых.",
    "За {period} цены на {goods} в {city} выросли на {pct_small} процента.",
    "Курс тенге на утренней сессии Казахстанской фондовой биржи составил {fx} тенге за доллар.",
    "Аграрии {region} области собрали {tons} тысяч тонн {crop}, урожайность составила {yield_} центнеров с гектара.",
    "Объём экспорта {crop} за девять месяцев вырос почти на {pct} процентов.",
    "В {city} открылся завод по переработке {crop} мощностью {tons} тысяч тонн в год.",
    "Компания {company} направит {bn} млрд тенге на модернизацию производства.",
    "Розничные продажи в стране за {period} выросли на {pct_small} процента в реальном выражении.",
    "Средняя зарплата в {region} области достигла {salary} тысяч тенге.",
    "Министерство торговли пообещало стабилизировать цены на {goods} до конца месяца.",
    "Инвесторы из Южной Кореи и Китая вложат в строительство индустриального парка около {bn} млрд тенге.",
    # weather
    "Синоптики {weekday} прогнозируют в {city} {weather}.",
    "В {region} области ожидается {weather_ru}, температура воздуха ночью опустится до минус {temp} градусов.",
    "Из-за непогоды закрыто движение на трассах {region} области.",
    "Днём в {city} воздух прогреется до {temp} градусов тепла, осадков не ожидается.",
    "Казгидромет предупредил о {weather_gen} в горных районах на ближайшие трое суток.",
    # sport
    "{athlete} завоевала {medal} медаль на {sport}.",
    "Футбольный клуб {team} обыграл {team2} со счётом {score} в матче {round}-го тура.",
    "Хоккеисты «Барыса» уступили в овертайме и прервали серию из {wins} побед.",
    "Сборная Казахстана по волейболу вышла в полуфинал, победив соперниц в пяти партиях.",
    "На марафоне в {city} стартовали более {runners} бегунов из {countries} стран.",
    "Тренер клуба {team} объявил состав на предстоящий матч Лиги конференций.",
    # culture
    "В {culture} открылась {event}.",
    "{event_cap} пройдёт в {culture} с {day} по {day2} число.",
    "Билеты на {event} раскуплены за несколько часов, сообщили организаторы.",
    "Фильм казахстанского режиссёра получил приз зрительских симпатий на кинофестивале в Пусане.",
    "Реставраторы завершили работы в мавзолее Ходжи Ахмеда Ясави, которые шли {years} года.",
    "Книжная ярмарка в {city} собрала более {visitors} тысяч посетителей за три дня.",
    # city, health, transport, education
    "В {city} открыли {transport}, строительство которого заняло {months} месяцев.",
    "В {city} начала работу {health}.",
    "До конца года в {region} области построят {school} и две амбулатории.",
    "Более {visitors} тысяч жителей {region} области получили прививку от гриппа.",
    "Из аэропорта в {city} запускают прямые рейсы в Стамбул, Дубай и Ташкент.",
    "Из-за ремонта теплотрассы {weekday} без горячей воды останутся несколько микрорайонов.",
    "В {city} коммунальные службы вывезли с улиц более {tons} тысяч кубометров снега.",
    "Студенты технического университета разработали приложение для поиска свободных парковок.",
    "Полиция напоминает водителям о необходимости сменить летние шины до наступления холодов.",
    "«Мы продолжим работу по модернизации экономики», — сказал министр.",
    "Подробнее читайте в нашем Telegram-канале.",
)

EN_CITIES = (
    "Astana", "Almaty", "Shymkent", "Karaganda", "Aktobe", "Pavlodar", "Oskemen", "Semey", "Kostanay",
    "Kyzylorda", "Atyrau", "Aktau", "Taraz", "Turkistan", "Petropavl", "Uralsk",
)  # fmt: skip
EN_REGIONS = (
    "Akmola", "Almaty", "Karaganda", "Kostanay", "Pavlodar", "Zhambyl", "Turkistan", "Mangystau", "Atyrau",
    "West Kazakhstan", "North Kazakhstan", "Abai", "Ulytau",
)  # fmt: skip
EN_COMPANIES = (
    "Kazakhtelecom", "KazMunayGas", "Kazatomprom", "Air Astana", "Halyk Bank", "Samruk-Energy", "KEGOC",
    "Kazakhmys", "ERG", "Freedom Holding", "Tengizchevroil", "Karachaganak Petroleum Operating",
)  # fmt: skip
EN_GOODS = (
    "buckwheat", "sugar", "sunflower oil", "beef", "potatoes", "dairy products", "eggs", "bread", "petrol",
    "diesel fuel", "medicines", "building materials", "cement", "coal", "flour",
)  # fmt: skip
EN_CROPS = ("wheat", "barley", "sunflower seeds", "cotton", "rice", "corn", "flax", "rapeseed", "potatoes")
EN_TEAMS = (
    "Kairat", "Astana", "Tobol", "Aktobe", "Ordabasy", "Yelimay", "Shakhter", "Zhetysu", "Kyzyl-Zhar",
    "Atyrau", "Kaisar",
)  # fmt: skip
EN_SPORTS = (
    "the Asian Boxing Championships", "a Biathlon World Cup stage", "the Paris Grand Slam in judo",
    "the World Weightlifting Championships", "the Asian Games", "the WTA tournament in Doha",
    "the World Wrestling Championships", "a Grand Prix figure skating event", "the Davis Cup",
)  # fmt: skip
EN_ATHLETES = (
    "Elena Rybakina", "Alexander Bublik", "Gennady Golovkin", "Olga Rypakova", "Dmitriy Balandin",
    "Yeldos Smetov", "Nursultan Keldibekov", "Ilyas Suleimenov", "Aigerim Zhexembinova",
)  # fmt: skip
EN_MEDALS = ("gold", "silver", "bronze")
EN_VENUES = (
    "the Astana Opera", "the Central State Museum", "the Auezov Kazakh Drama Theatre", "the Zhambyl Philharmonic",
    "the National Museum of Kazakhstan", "the Tengri Umai gallery", "the Kurmangazy Conservatory",
    "the Pushkin Library", "the Kasteyev State Museum of Arts",
)  # fmt: skip
EN_EVENTS = (
    "an exhibition of young painters", "a documentary film festival", "the premiere of Giselle",
    "a chamber orchestra concert", "an evening of Abai's poetry", "a folk crafts fair",
    "a retrospective of Shaken Aimanov's films", "a photo exhibition on steppe towns", "a jazz festival",
)  # fmt: skip
EN_WEATHER = (
    "ice and fog", "strong winds gusting up to 25 metres per second", "snow and blizzards",
    "thunderstorms with hail", "heat of up to 40 degrees", "ground frosts", "a dust storm",
    "sleet and black ice", "a high risk of wildfires",
)  # fmt: skip
EN_WEEKDAYS = ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "on Sunday")
EN_TRANSPORT = (
    "a new bus route", "a section of the ring road", "a pedestrian bridge", "a cycle lane",
    "a light rail station", "an underpass", "a highway interchange",
)  # fmt: skip
EN_HEALTH = (
    "a polyclinic for 500 visits a shift", "a children's rehabilitation centre", "a cardiology ward",
    "a perinatal centre", "a vaccination point", "an oncology clinic", "an ambulance station",
)  # fmt: skip
EN_SCHOOLS = ("a school for 1,200 pupils", "a kindergarten for 320 children", "a college", "a sports complex")

EN_TEMPLATES = (
    # economy
    "{company} raised its net profit by {pct} percent in the {quarter_en} quarter.",
    "Annual inflation in Kazakhstan slowed to {pct}.{digit}%, the Bureau of National Statistics reported.",
    "The National Bank kept its base rate at {rate}.{digit}% a year.",
    "Prices of {goods_en} in {city_en} rose by {pct_small_en} percent over {period_en}.",
    "The tenge traded at {fx} to the dollar at the morning session of the Kazakhstan Stock Exchange.",
    "Farmers in the {region_en} region harvested {tons} thousand tonnes of {crop_en}, a yield of {yield_} "
    "centners per hectare.",
    "Exports of {crop_en} grew by almost {pct} percent in nine months.",
    "A plant processing {tons} thousand tonnes of {crop_en} a year opened in {city_en}.",
    "{company} will spend {bn} billion tenge on upgrading its plants.",
    "Retail sales grew by {pct_small_en} percent in real terms over {period_en}.",
    "The average salary in the {region_en} region reached {salary} thousand tenge.",
    "The trade ministry promised to stabilise prices of {goods_en} by the end of the month.",
    "Investors from South Korea and China will put about {bn} billion tenge into an industrial park.",
    # weather
    "Forecasters expect {weather_en} in {city_en} {weekday_en}.",
    "Night temperatures in the {region_en} region will drop to minus {temp} degrees Celsius.",
    "The highway out of {city_en} was closed because of the storm.",
    "Daytime temperatures in {city_en} will reach {temp} degrees, with no rain expected.",
    "Kazhydromet warned of {weather_en} in the mountains over the next three days.",
    # sport
    "{athlete_en} won {medal_en} at {sport_en}.",
    "{team_en} beat {team2_en} {score} in round {round} of the Premier League.",
    "Barys lost in overtime, ending a run of {wins} straight wins.",
    "Kazakhstan's women's volleyball team reached the semi-finals after a five-set win.",
    "More than {runners} runners from {countries} countries started the {city_en} marathon.",
    "The {team_en} coach named his squad for the Conference League match.",
    # culture
    "{event_en_cap} opened at {venue_en}.",
    "{event_en_cap} will run at {venue_en} from the {day}th to the {day2}th.",
    "Tickets for {event_en} sold out within hours, the organisers said.",
    "A film by a Kazakh director won the audience award at the Busan festival.",
    "Restorers finished work on the mausoleum of Khoja Ahmed Yasawi after {years} years.",
    "The book fair in {city_en} drew more than {visitors} thousand visitors in three days.",
    # city, health, transport, education
    "{transport_en_cap} opened in {city_en} after {months} months of construction.",
    "{health_en_cap} opened in {city_en}.",
    "{school_en_cap} and two outpatient clinics will be built in the {region_en} region by the end of the year.",
    "More than {visitors} thousand residents of the {region_en} region have had a flu shot.",
    "The airline is launching direct flights from {city_en} to Istanbul, Dubai and Tashkent.",
    "Several neighbourhoods will be without hot water {weekday_en} while a heating main is repaired.",
    "Utility crews cleared more than {tons} thousand cubic metres of snow from the streets of {city_en}.",
    "Students of a technical university built an app that finds free parking spaces.",
    "Police reminded drivers to switch to winter tyres before the cold sets in.",
    "\u201cWe will continue to modernize the economy,\u201d the minister said.",
    "Read more on our Telegram channel.",
)

_RU_GEN = {  # weather in the prepositional case for «предупредил о …»
    "гололёд и туман": "гололёде и тумане",
    "снег и метель": "снеге и метели",
    "пыльную бурю": "пыльной буре",
    "заморозки на почве": "заморозках на почве",
    "высокую пожароопасность": "высокой пожароопасности",
}
_RU_NOM = {  # weather in the nominative for «ожидается …»
    "гололёд и туман": "гололёд и туман",
    "снег и метель": "снег и метель",
    "пыльную бурю": "пыльная буря",
    "заморозки на почве": "заморозки на почве",
    "высокую пожароопасность": "высокая пожароопасность",
}


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def everyday_values(rnd: random.Random) -> dict[str, object]:
    """One draw of every slot the templates use."""
    weather = rnd.choice(tuple(_RU_GEN))
    event_en = rnd.choice(EN_EVENTS)
    return {
        "company": rnd.choice(RU_COMPANIES),
        "pct": rnd.randint(2, 48),
        "digit": rnd.randint(0, 9),
        "quarter": rnd.choice(("первого", "второго", "третьего", "четвёртого")),
        "quarter_en": rnd.choice(("first", "second", "third", "fourth")),
        "rate": rnd.randint(9, 16),
        "period": rnd.choice(("месяц", "квартал", "полугодие", "январь–сентябрь", "неделю")),
        "period_en": rnd.choice(("the month", "the quarter", "six months", "January to September", "the week")),
        "goods": rnd.choice(RU_GOODS),
        "goods_en": rnd.choice(EN_GOODS),
        "city": rnd.choice(RU_CITIES),
        "city_en": rnd.choice(EN_CITIES),
        "pct_small": rnd.choice(("0,4", "1,2", "2,5", "3,1", "0,8")),
        "pct_small_en": rnd.choice(("0.4", "1.2", "2.5", "3.1", "0.8")),
        "fx": rnd.randint(420, 520),
        "region": rnd.choice(RU_REGIONS),
        "region_en": rnd.choice(EN_REGIONS),
        "tons": rnd.randint(12, 950),
        "crop": rnd.choice(RU_CROPS),
        "crop_en": rnd.choice(EN_CROPS),
        "yield_": rnd.randint(9, 31),
        "bn": rnd.randint(3, 420),
        "salary": rnd.randint(280, 610),
        "weekday": rnd.choice(RU_WEEKDAYS),
        "weekday_en": rnd.choice(EN_WEEKDAYS),
        "weather": rnd.choice(RU_WEATHER),
        "weather_ru": _RU_NOM[weather],
        "weather_gen": _RU_GEN[weather],
        "weather_en": rnd.choice(EN_WEATHER),
        "temp": rnd.randint(3, 38),
        "athlete": rnd.choice(RU_ATHLETES[:1] + RU_ATHLETES[3:4] + RU_ATHLETES[8:]),  # feminine verb
        "athlete_en": rnd.choice(EN_ATHLETES),
        "medal": rnd.choice(RU_MEDALS),
        "medal_en": rnd.choice(EN_MEDALS),
        "sport": rnd.choice(RU_SPORTS),
        "sport_en": rnd.choice(EN_SPORTS),
        "team": (team := rnd.choice(RU_TEAMS)),
        "team2": rnd.choice([t for t in RU_TEAMS if t != team]),
        "team_en": (team_en := rnd.choice(EN_TEAMS)),
        "team2_en": rnd.choice([t for t in EN_TEAMS if t != team_en]),
        "score": f"{(goals := rnd.randint(1, 4))}:{rnd.randint(0, goals - 1)}",
        "round": rnd.randint(2, 26),
        "wins": rnd.randint(3, 9),
        "runners": rnd.choice((500, 1200, 3000, 8000)),
        "countries": rnd.randint(12, 60),
        "culture": rnd.choice(RU_CULTURE),
        "event": (event := rnd.choice(RU_EVENTS)),
        "event_cap": _cap(event),
        "event_en": event_en,
        "event_en_cap": _cap(event_en),
        "venue_en": rnd.choice(EN_VENUES),
        "day": (day := rnd.randint(1, 14)),
        "day2": day + rnd.randint(3, 14),
        "years": rnd.randint(2, 7),
        "visitors": rnd.randint(5, 90),
        "transport": rnd.choice(RU_TRANSPORT),
        "transport_en_cap": _cap(rnd.choice(EN_TRANSPORT)),
        "months": rnd.randint(6, 30),
        "health": rnd.choice(RU_HEALTH),
        "health_en_cap": _cap(rnd.choice(EN_HEALTH)),
        "school": rnd.choice(RU_SCHOOLS),
        "school_en_cap": _cap(rnd.choice(EN_SCHOOLS)),
    }


def everyday_sentence(rnd: random.Random, lang: str) -> str:
    """A non-reform news sentence in ``lang`` ("ru" or "en")."""
    templates = RU_TEMPLATES if lang == "ru" else EN_TEMPLATES
    return rnd.choice(templates).format(**everyday_values(rnd))
