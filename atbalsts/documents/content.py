# ruff: noqa: RUF001 - Russian and Ukrainian text is Cyrillic on purpose.
"""The text of the client-facing documents in the four languages they are issued in
(settings.DOCUMENT_LANGUAGES: Latvian, English, Russian, Ukrainian): the rights leaflet and
the consent form. The person reads and signs these, so they are never half translated:
every language is a complete instance of the same dataclass, and the numbers come from the
rule set in force (atbalsts.rules.rulesets), never from the text.

The staff documents (protocol, submission, decision, information request, course summary)
are in Latvian and English only and use the ordinary gettext catalogue.

Sources: seed §"Otrais posms", §"Trešais posms" and the partner contacts on its last page;
docs/domain.md "three phases" (180 days; 5 one-hour consultations within 2 years; up to 150 hours
a year for 3 years, narrowed under state legal aid; 5 consultations for minor family
members); docs/security.md CO-1 to CO-3 (consent to a named organisation, withdrawable).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.utils import translation

from atbalsts.consent.models import ConsentPurpose, InformationCategory
from atbalsts.rules.catalogue import RULE_SET_LABELS
from atbalsts.rules.rulesets import RuleSet

LANGUAGES = ("lv", "en", "ru", "uk")
DEFAULT_LANGUAGE = "lv"


def document_language(value: str | None) -> str:
    """One of the four document languages; anything else falls back to Latvian."""
    code = (value or "")[:2].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


@dataclass(frozen=True)
class FrameText:
    """The words every document has around its content: header and footer."""

    document_number: str
    date: str
    page: str


FRAME: dict[str, FrameText] = {
    "lv": FrameText(document_number="Dokumenta Nr.", date="Datums", page="Lapa"),
    "en": FrameText(document_number="Document No.", date="Date", page="Page"),
    "ru": FrameText(document_number="Документ №", date="Дата", page="Страница"),
    "uk": FrameText(document_number="Документ №", date="Дата", page="Сторінка"),
}


@dataclass(frozen=True)
class LeafletText:
    title: str
    intro: str
    course_heading: str
    course: str  # {days}
    after_heading: str
    after_consultations: str  # {consultations} {hours} {years}
    criminal_support: str  # {hours} {years}
    legal_aid: str
    family_minors: str  # {family}
    confidentiality_heading: str
    confidentiality: str
    consent: str
    contacts_heading: str
    phone: str
    trust_line: str
    according_to: str  # {rule_set}


LEAFLET: dict[str, LeafletText] = {
    "lv": LeafletText(
        title="Palīdzība cilvēku tirdzniecības upuriem: jūsu tiesības",
        intro=(
            "Ja jūs, iespējams, esat cietis no cilvēku tirdzniecības, jūs varat saņemt "
            "sociālās rehabilitācijas pakalpojumu par valsts budžeta līdzekļiem. Jums tas ir "
            "bez maksas."
        ),
        course_heading="Valsts apmaksātais pakalpojums",
        course=(
            "Pakalpojumu sniedz līdz {days} kalendāra dienām. Tajā ietilpst psihosociāla "
            "palīdzība (individuālas sociālā darbinieka, psihologa, jurista, ārstniecības "
            "personas un citu speciālistu konsultācijas), drošs patvērums un izmitināšana, "
            "vajadzības gadījumā kopā ar jūsu nepilngadīgajiem bērniem, pašaprūpes un "
            "pašapkalpošanās iemaņas, pirmās nepieciešamības preces un pakalpojumi (pārtika, "
            "saimniecības preces, medikamenti, apģērbs, apavi vai naudas līdzekļi to "
            "iegādei, transporta izdevumi), dokumentu atjaunošana vai tulkošana, apmācības, "
            "izglītība un palīdzība darba meklējumos, kā arī nokļūšana no ārvalstīm ar "
            "pavadību."
        ),
        after_heading="Pēc pakalpojuma",
        after_consultations=(
            "Pēc pakalpojuma kursa jūs varat saņemt {consultations} konsultācijas (katra "
            "{hours} stundu) {years} gadu laikā (jurists, sociālais darbinieks, psihologs), ja "
            "nesaņemat atbalstu saistībā ar kriminālprocesu."
        ),
        criminal_support=(
            "Ja kriminālprocesā par cilvēku tirdzniecību esat atzīts par cietušo (vai jums ir "
            "liecinieka statuss), jūs varat saņemt atbalstu kriminālprocesā: jurista, sociālā "
            "darbinieka un psihologa konsultācijas, tulka pakalpojumus, palīdzību juridisko "
            "dokumentu noformēšanā un pārstāvību tiesā, nepārsniedzot {hours} stundas gadā "
            "{years} gadu periodā."
        ),
        legal_aid=(
            "Ja saņemat valsts nodrošināto juridisko palīdzību, atbalsts kriminālprocesā "
            "ietver tikai sociālā darbinieka un psihologa konsultācijas un tulka pakalpojumus "
            "tajās."
        ),
        family_minors=(
            "Jūsu nepilngadīgie ģimenes locekļi, kas uzturas Latvijā, var saņemt {family} "
            "pakalpojuma sniedzēja konsultācijas."
        ),
        confidentiality_heading="Konfidencialitāte",
        confidentiality=(
            "Informācija par to, ka esat cietis no cilvēku tirdzniecības, ir konfidenciāla. "
            "Pakalpojuma sniedzējs jebkuru informāciju par jums sociālajam dienestam var "
            "nosūtīt tikai ar jūsu piekrišanu."
        ),
        consent=(
            "Savu piekrišanu jūs varat jebkurā laikā atsaukt. Bez jūsu piekrišanas "
            "informāciju par jums citām iestādēm nenodod, izņemot likumā noteiktos gadījumus."
        ),
        contacts_heading="Kur saņemt palīdzību",
        phone="tālrunis",
        trust_line="uzticības tālrunis",
        according_to="Saskaņā ar: {rule_set}",
    ),
    "en": LeafletText(
        title="Help for victims of trafficking: your rights",
        intro=(
            "If you may have suffered from trafficking, you can receive a state-funded social "
            "rehabilitation service. It is free of charge for you."
        ),
        course_heading="The state-funded service",
        course=(
            "The service lasts up to {days} calendar days. It includes psychosocial help "
            "(individual consultations of a social worker, psychologist, lawyer, medical "
            "person and other specialists), safe shelter and accommodation, together with your "
            "minor children if needed, self-care skills, essential goods and services (food, "
            "household goods, medicines, clothing, footwear or money for them, transport "
            "costs), restoring or translating documents, training, education and help in "
            "looking for work, and travel from abroad with an escort."
        ),
        after_heading="After the service",
        after_consultations=(
            "After the course you can receive {consultations} consultations of {hours} hour "
            "each within {years} years (lawyer, social worker, psychologist), if you do not "
            "receive support in criminal proceedings."
        ),
        criminal_support=(
            "If you are recognised as a victim (or a witness) in criminal proceedings on "
            "trafficking, you can receive support in the proceedings: consultations of a "
            "lawyer, social worker and psychologist, an interpreter, help with legal documents "
            "and representation in court, up to {hours} hours a year over {years} years."
        ),
        legal_aid=(
            "If you receive state legal aid, the support in the proceedings covers only the "
            "consultations of a social worker and a psychologist and an interpreter in them."
        ),
        family_minors=(
            "Your minor family members staying in Latvia can receive {family} consultations "
            "of the service provider."
        ),
        confidentiality_heading="Confidentiality",
        confidentiality=(
            "The fact that you have suffered from trafficking is confidential. The service "
            "provider may pass information about you to the social service only with your "
            "consent."
        ),
        consent=(
            "You may withdraw your consent at any time. Without your consent no information "
            "about you is passed to other institutions, except where the law requires it."
        ),
        contacts_heading="Where to get help",
        phone="phone",
        trust_line="trust line",
        according_to="According to: {rule_set}",
    ),
    "ru": LeafletText(
        title="Помощь жертвам торговли людьми: ваши права",
        intro=(
            "Если вы, возможно, пострадали от торговли людьми, вы можете получить услугу "
            "социальной реабилитации за счёт государственного бюджета. Для вас она бесплатна."
        ),
        course_heading="Услуга, оплачиваемая государством",
        course=(
            "Услуга предоставляется до {days} календарных дней. Она включает "
            "психосоциальную помощь (индивидуальные консультации социального работника, "
            "психолога, юриста, медицинского работника и других специалистов), безопасное "
            "убежище и проживание, при необходимости вместе с вашими несовершеннолетними "
            "детьми, навыки самообслуживания, товары и услуги первой необходимости (питание, "
            "хозяйственные товары, лекарства, одежду, обувь или деньги на их покупку, "
            "транспортные расходы), восстановление или перевод документов, обучение, "
            "образование и помощь в поиске работы, а также возвращение из-за рубежа в "
            "сопровождении."
        ),
        after_heading="После услуги",
        after_consultations=(
            "После курса вы можете получить до {consultations} консультаций (каждая "
            "продолжительностью {hours} ч) в течение {years} лет (юрист, социальный работник, "
            "психолог), если вы не получаете поддержку в уголовном процессе."
        ),
        criminal_support=(
            "Если в уголовном процессе о торговле людьми вы признаны потерпевшим (или у вас "
            "статус свидетеля), вы можете получить поддержку в уголовном процессе: "
            "консультации юриста, социального работника и психолога, услуги переводчика, "
            "помощь в оформлении юридических документов и представительство в суде — не "
            "более {hours} часов в год в течение {years} лет."
        ),
        legal_aid=(
            "Если вы получаете юридическую помощь, предоставляемую государством, поддержка "
            "в уголовном процессе ограничивается консультациями социального работника и "
            "психолога и услугами переводчика на них."
        ),
        family_minors=(
            "Ваши несовершеннолетние члены семьи, находящиеся в Латвии, могут получить до "
            "{family} консультаций поставщика услуги."
        ),
        confidentiality_heading="Конфиденциальность",
        confidentiality=(
            "Тот факт, что вы пострадали от торговли людьми, является конфиденциальным. "
            "Поставщик услуги может передавать информацию о вас социальной службе только с "
            "вашего согласия."
        ),
        consent=(
            "Вы можете в любой момент отозвать своё согласие. Без вашего согласия информация "
            "о вас другим учреждениям не передаётся, кроме случаев, предусмотренных законом."
        ),
        contacts_heading="Куда обратиться за помощью",
        phone="телефон",
        trust_line="телефон доверия",
        according_to="Согласно: {rule_set}",
    ),
    "uk": LeafletText(
        title="Допомога постраждалим від торгівлі людьми: ваші права",
        intro=(
            "Якщо ви, можливо, постраждали від торгівлі людьми, ви можете отримати послугу "
            "соціальної реабілітації за кошти державного бюджету. Для вас вона безоплатна."
        ),
        course_heading="Послуга, яку оплачує держава",
        course=(
            "Послуга надається до {days} календарних днів. Вона включає психосоціальну "
            "допомогу (індивідуальні консультації соціального працівника, психолога, юриста, "
            "медичного працівника та інших фахівців), безпечний притулок і проживання, за "
            "потреби разом з вашими неповнолітніми дітьми, навички самообслуговування, товари "
            "та послуги першої необхідності (харчування, господарські товари, ліки, одяг, "
            "взуття або кошти на їх придбання, транспортні витрати), відновлення або переклад "
            "документів, навчання, освіту та допомогу в пошуку роботи, а також повернення з-за "
            "кордону в супроводі."
        ),
        after_heading="Після послуги",
        after_consultations=(
            "Після курсу ви можете отримати до {consultations} консультацій (кожна "
            "тривалістю {hours} год) протягом {years} років (юрист, соціальний працівник, "
            "психолог), якщо ви не отримуєте підтримку в кримінальному провадженні."
        ),
        criminal_support=(
            "Якщо в кримінальному провадженні щодо торгівлі людьми вас визнано потерпілим "
            "(або ви маєте статус свідка), ви можете отримати підтримку в кримінальному "
            "провадженні: консультації юриста, соціального працівника та психолога, послуги "
            "перекладача, допомогу в оформленні юридичних документів і представництво в суді "
            "— не більше {hours} годин на рік протягом {years} років."
        ),
        legal_aid=(
            "Якщо ви отримуєте безоплатну правову допомогу від держави, підтримка в "
            "кримінальному провадженні обмежується консультаціями соціального працівника і "
            "психолога та послугами перекладача під час них."
        ),
        family_minors=(
            "Ваші неповнолітні члени родини, які перебувають у Латвії, можуть отримати до "
            "{family} консультацій надавача послуги."
        ),
        confidentiality_heading="Конфіденційність",
        confidentiality=(
            "Те, що ви постраждали від торгівлі людьми, є конфіденційною інформацією. "
            "Надавач послуги може передавати інформацію про вас соціальній службі лише за "
            "вашою згодою."
        ),
        consent=(
            "Ви можете будь-коли відкликати свою згоду. Без вашої згоди інформація про вас не "
            "передається іншим установам, крім випадків, передбачених законом."
        ),
        contacts_heading="Куди звернутися по допомогу",
        phone="телефон",
        trust_line="телефон довіри",
        according_to="Відповідно до: {rule_set}",
    ),
}


@dataclass(frozen=True)
class ConsentFormText:
    title: str
    statement: str  # {holder} {recipient}
    person: str
    holder: str
    recipient: str
    purpose: str
    categories: str
    given_on: str
    form_reference: str
    withdrawal: str  # {holder}
    person_signature: str
    received_by: str
    withdrawn_note: str  # {date}
    superseded_note: str


CONSENT_FORM: dict[str, ConsentFormText] = {
    "lv": ConsentFormText(
        title="Piekrišana informācijas nodošanai",
        statement=(
            "Es piekrītu, ka organizācija {holder} nodod turpmāk norādīto informāciju par mani "
            "organizācijai {recipient} turpmāk norādītajam mērķim."
        ),
        person="Vārds, uzvārds",
        holder="Organizācija, kurai ir informācija",
        recipient="Saņēmēja organizācija",
        purpose="Mērķis",
        categories="Informācija",
        given_on="Piekrišanas datums",
        form_reference="Parakstītās veidlapas numurs",
        withdrawal=(
            "Es varu šo piekrišanu jebkurā laikā atsaukt, paziņojot par to organizācijai "
            "{holder}. No tā brīža informācija vairs netiek nodota."
        ),
        person_signature="Personas paraksts",
        received_by="Pieņēma (vārds, uzvārds, paraksts)",
        withdrawn_note="Šī piekrišana atsaukta {date}.",
        superseded_note="Šo piekrišanu aizstājusi jaunāka piekrišana.",
    ),
    "en": ConsentFormText(
        title="Consent to pass on information",
        statement=(
            "I consent to {holder} passing the information about me listed below to "
            "{recipient} for the purpose stated below."
        ),
        person="Name",
        holder="Organisation holding the information",
        recipient="Recipient organisation",
        purpose="Purpose",
        categories="Information",
        given_on="Given on",
        form_reference="Signed form reference",
        withdrawal=(
            "I may withdraw this consent at any time by telling {holder}. From then on no "
            "more information is passed on."
        ),
        person_signature="Signature of the person",
        received_by="Received by (name, signature)",
        withdrawn_note="This consent was withdrawn on {date}.",
        superseded_note="This consent has been replaced by a newer one.",
    ),
    "ru": ConsentFormText(
        title="Согласие на передачу информации",
        statement=(
            "Я даю согласие на передачу организацией {holder} указанной ниже информации обо "
            "мне организации {recipient} для указанной ниже цели."
        ),
        person="Имя, фамилия",
        holder="Организация, у которой находится информация",
        recipient="Организация-получатель",
        purpose="Цель",
        categories="Информация",
        given_on="Дата согласия",
        form_reference="Номер подписанной формы",
        withdrawal=(
            "Я могу в любой момент отозвать это согласие, сообщив об этом организации "
            "{holder}. С этого момента информация больше не передаётся."
        ),
        person_signature="Подпись лица",
        received_by="Принял(а) (имя, фамилия, подпись)",
        withdrawn_note="Это согласие отозвано {date}.",
        superseded_note="Это согласие заменено более новым.",
    ),
    "uk": ConsentFormText(
        title="Згода на передачу інформації",
        statement=(
            "Я даю згоду на передачу організацією {holder} зазначеної нижче інформації про "
            "мене організації {recipient} для зазначеної нижче мети."
        ),
        person="Ім'я, прізвище",
        holder="Організація, у якої є інформація",
        recipient="Організація-одержувач",
        purpose="Мета",
        categories="Інформація",
        given_on="Дата згоди",
        form_reference="Номер підписаної форми",
        withdrawal=(
            "Я можу будь-коли відкликати цю згоду, повідомивши про це організацію {holder}. "
            "З цього моменту інформація більше не передається."
        ),
        person_signature="Підпис особи",
        received_by="Прийняв(ла) (ім'я, прізвище, підпис)",
        withdrawn_note="Цю згоду відкликано {date}.",
        superseded_note="Цю згоду замінено новішою.",
    ),
}

# The consent's purposes and categories: Latvian and English come from the models' own
# labels (the gettext catalogue of atbalsts/consent); Russian and Ukrainian are here.
PURPOSES: dict[str, dict[str, str]] = {
    "ru": {
        ConsentPurpose.REFERRAL: (
            "Направление на социальную реабилитацию, оплачиваемую государством"
        ),
        ConsentPurpose.COURSE_COOPERATION: "Поддержка социальной службы во время курса",
        ConsentPurpose.CASE_TAKEOVER: "Социальная служба принимает дело после курса",
        ConsentPurpose.INFORMATION_REQUEST: "Ответ на письменный запрос информации",
    },
    "uk": {
        ConsentPurpose.REFERRAL: "Направлення на соціальну реабілітацію, яку оплачує держава",
        ConsentPurpose.COURSE_COOPERATION: "Підтримка соціальної служби під час курсу",
        ConsentPurpose.CASE_TAKEOVER: "Соціальна служба приймає справу після курсу",
        ConsentPurpose.INFORMATION_REQUEST: "Відповідь на письмовий запит інформації",
    },
}
CATEGORIES: dict[str, dict[str, str]] = {
    "ru": {
        InformationCategory.IDENTITY: "Личность (имя, персональный код, дата рождения)",
        InformationCategory.CONTACT: "Контактные данные (адрес, телефон, e-mail)",
        InformationCategory.LOCATION: "Текущее место пребывания в убежище",
        InformationCategory.HEALTH: "Здоровье и психологические проблемы",
        InformationCategory.EXPLOITATION: "Сведения об эксплуатации",
        InformationCategory.CRIMINAL_PROCEEDINGS: "Уголовный процесс",
        InformationCategory.SERVICES: "Полученные услуги и прогресс",
    },
    "uk": {
        InformationCategory.IDENTITY: "Особа (ім'я, персональний код, дата народження)",
        InformationCategory.CONTACT: "Контактні дані (адреса, телефон, e-mail)",
        InformationCategory.LOCATION: "Поточне місце перебування в притулку",
        InformationCategory.HEALTH: "Здоров'я та психологічні проблеми",
        InformationCategory.EXPLOITATION: "Відомості про експлуатацію",
        InformationCategory.CRIMINAL_PROCEEDINGS: "Кримінальне провадження",
        InformationCategory.SERVICES: "Отримані послуги та прогрес",
    },
}


def purpose_label(code: str, language: str) -> str:
    if language in PURPOSES:
        return PURPOSES[language][code]
    with translation.override(language):
        return str(ConsentPurpose(code).label)


def category_labels(codes: list[str], language: str) -> list[str]:
    """The categories in the order of the list (as on the consent pages)."""
    chosen = [category for category in InformationCategory if category.value in codes]
    if language in CATEGORIES:
        return [CATEGORIES[language][category] for category in chosen]
    with translation.override(language):
        return [str(category.label) for category in chosen]


@dataclass(frozen=True)
class Leaflet:
    """The leaflet in one language with the numbers of ``rule_set`` filled in."""

    language: str
    text: LeafletText
    course: str
    after_consultations: str
    criminal_support: str
    family_minors: str
    according_to: str


def leaflet(language: str, rule_set: RuleSet) -> Leaflet:
    language = document_language(language)
    text = LEAFLET[language]
    # A regulation is cited by its official Latvian title where there is no English one.
    rule_set_label = RULE_SET_LABELS[rule_set.id].get(language if language == "en" else "lv")
    return Leaflet(
        language=language,
        text=text,
        course=text.course.format(days=rule_set.course_max_days),
        after_consultations=text.after_consultations.format(
            consultations=rule_set.after_course_consultations,
            hours=rule_set.after_course_consultation_hours,
            years=rule_set.after_course_window_years,
        ),
        criminal_support=text.criminal_support.format(
            hours=rule_set.criminal_process_support_hours_per_year,
            years=rule_set.criminal_process_support_years,
        ),
        family_minors=text.family_minors.format(family=rule_set.family_minor_consultations),
        according_to=text.according_to.format(rule_set=rule_set_label),
    )


def text_fields(instance: Any) -> dict[str, str]:
    """Every text of a content instance by field name (for the completeness tests)."""
    return {item.name: getattr(instance, item.name) for item in fields(instance)}
