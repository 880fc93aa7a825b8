"""The project's own copy of every list and code of ``catalogue.yaml`` (vendored as
``docs/catalogue.yaml``, which the tests compare it with), with Latvian and English labels.

The codes are a contract: the API, exports, forms and tests use exactly these codes. The
Latvian labels follow the wording of the specification (the methodological recommendations
for municipal social services, "Metodiskie ieteikumi pašvaldību sociālajiem dienestiem par
darbu ar cilvēku tirdzniecības upuriem", referred to as "the seed"); where ``catalogue.yaml``
lists a code without labels, the label is taken from the seed's sentence that names it.

Every list is an ordered, read-only mapping ``code -> Label`` (the order is the catalogue's
and is the order shown to people). :data:`LISTS` reaches every flat list by its name in
``catalogue.yaml``; :func:`label`, :func:`choices` and :func:`require_codes` work on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypeAlias

from atbalsts.rules.errors import UnknownCodeError

LANGUAGES: tuple[str, ...] = ("lv", "en")


@dataclass(frozen=True)
class Label:
    """A label in Latvian (the official language, shown by default) and in English."""

    lv: str
    en: str

    def get(self, language: str) -> str:
        """The label in ``language`` ("lv", "en"; a region such as "en-gb" is accepted)."""
        base = language.lower().replace("_", "-").split("-", 1)[0]
        if base == "lv":
            return self.lv
        if base == "en":
            return self.en
        raise ValueError(f"no labels in language {language!r}; use one of {LANGUAGES}")


Codes: TypeAlias = Mapping[str, Label]


def _codes(*entries: tuple[str, str, str]) -> Codes:
    return MappingProxyType({code: Label(lv, en) for code, lv, en in entries})


def _select(source: Codes, codes: Iterable[str]) -> Codes:
    return MappingProxyType({code: source[code] for code in codes})


# --- Organisations -----------------------------------------------------------------------

ORGANISATION_TYPES: Codes = _codes(
    ("social_service", "Pašvaldības sociālais dienests", "Municipal social service"),
    (
        "service_provider",
        "Sociālās rehabilitācijas pakalpojuma sniedzējs",
        "Social rehabilitation service provider",
    ),
    ("agency", "Sociālās integrācijas valsts aģentūra", "Social Integration State Agency"),
    ("ministry", "Labklājības ministrija", "Ministry of Welfare"),
    ("police", "Valsts policija", "State Police"),
)

# --- Definition: Criminal Law s.154.2 ---------------------------------------------------

EXPLOITATION_FORMS: Codes = _codes(
    ("sexual", "Seksuālā ekspluatācija", "Sexual exploitation"),
    ("forced_labour", "Piespiedu darbs", "Forced labour"),
    ("forced_services", "Piespiešana sniegt pakalpojumus", "Forced services"),
    ("sham_marriage", "Fiktīvas laulības", "Sham marriage"),
    (
        "forced_criminality",
        "Piespiešana izdarīt noziedzīgus nodarījumus",
        "Forced criminality",
    ),
    ("forced_begging", "Piespiedu ubagošana", "Forced begging"),
    (
        "slavery_servitude",
        "Verdzība, tai līdzīgas formas, kalpība",
        "Slavery, similar practices, servitude",
    ),
    ("organ_removal", "Audu vai orgānu nelikumīga izņemšana", "Removal of tissues or organs"),
)
"""Purposes of exploitation (KL 154.² (3); the seed also names forced begging)."""

EXPLOITATION_FORM_PARENTS: Mapping[str, str] = MappingProxyType(
    {"sham_marriage": "forced_services"}
)
"""A form that is a kind of another: in Latvia forced services are notably sham marriages."""

LEGAL_ACTS: Codes = _codes(
    ("recruitment", "Savervēšana", "Recruitment"),
    ("transportation", "Pārvadāšana", "Transportation"),
    ("transfer", "Nodošana", "Transfer"),
    ("concealment", "Slēpšana", "Concealment"),
    ("accommodation", "Izmitināšana", "Accommodation"),
    ("receipt", "Saņemšana", "Receipt"),
)
"""The acts of KL 154.² (1)."""

LEGAL_MEANS: Codes = _codes(
    ("violence_threats", "Vardarbība vai draudi", "Violence or threats"),
    ("abduction_deceit", "Aizvešana ar viltu", "Abduction by deceit"),
    (
        "abuse_vulnerability",
        "Atkarības, ievainojamības vai bezpalīdzības izmantošana",
        "Abuse of dependency, vulnerability or helplessness",
    ),
    (
        "benefits_for_consent",
        "Labumi, lai panāktu atkarīgās personas piekrišanu",
        "Benefits given to obtain the consent of a person in control",
    ),
)
"""The means of KL 154.² (1); not required when the victim is a minor (KL 154.² (2))."""

# --- Recognition ------------------------------------------------------------------------

INDICATORS: Codes = _codes(
    ("violence_threats", "Vardarbība un draudi", "Violence and threats"),
    (
        "documents_confiscated",
        "Pasu, ID karšu, bankas karšu, darba atļauju konfiskācija",
        "Passports, ID, bank cards or work permits confiscated",
    ),
    ("low_or_no_pay", "Mazs vai neeksistējošs atalgojums", "Little or no pay"),
    ("debt_bondage", "Parādsaistības", "Debts to the employer or recruiter"),
    (
        "secret_terms_deductions",
        "Slepeni līguma noteikumi, nelegāli algas atvilkumi, pārlieku lieli aizdevumi",
        "Secret contract terms, illegal deductions, excessive loans",
    ),
    (
        "excessive_charges",
        "Pārlieku liela samaksa par dzīvošanu, ēdienu, transportu",
        "Excessive charges for housing, food, transport",
    ),
    ("movement_controlled", "Brīvības un kustības kontrolēšana", "Freedom and movement controlled"),
    (
        "irregular_deductions",
        "Neregulāri atvilkumi par instrumentiem, sertifikātiem",
        "Irregular deductions for tools, certificates",
    ),
    (
        "excessive_hours",
        "Pārmērīgi ilgas darba stundas bez virsstundu samaksas",
        "Excessive hours without overtime pay",
    ),
    (
        "no_days_off",
        "Aizliegums saņemt brīvdienas vai to kompensāciju",
        "No days off or compensation",
    ),
    (
        "isolation",
        "Izolēšana, aizliegums sazināties, arī ar ģimeni",
        "Isolation, no contact even with family",
    ),
    (
        "language_courses_denied",
        "Aizliegums apmeklēt valodu kursus",
        "Not allowed to attend language courses",
    ),
    (
        "threats_dismissal_authorities",
        "Draudi ar atlaišanu, iestāžu informēšanu, nosūtīšanu uz dzimteni",
        "Threats of dismissal, reporting, forced return",
    ),
    ("recruitment_fee", "Nelegāla samaksa par pieņemšanu darbā", "Illegal recruitment fee"),
    (
        "deception_about_work",
        "Maldināšana par darba saturu, līgumiem, noteikumiem, atļaujām",
        "Deception about the work, contract, terms or permits",
    ),
    ("union_denied", "Aizliegums pievienoties arodbiedrībām", "Not allowed to join a union"),
    (
        "unsafe_conditions",
        "Nedroši un neveselīgi darba un dzīvošanas apstākļi",
        "Unsafe, unhealthy work and living conditions",
    ),
    ("medical_care_denied", "Aizliegums saņemt medicīnisko aprūpi", "Medical care denied"),
)
"""The 18 signs of exploitation (seed, list "Pazīmes, kas liecina, ka persona ir tikusi
ekspluatēta")."""


@dataclass(frozen=True)
class CriteriaGroup:
    """One group of the criteria for recognising a victim (MK 889 2. pielikums)."""

    code: str
    label: Label
    items: Codes


def _group(code: str, lv: str, en: str, *items: tuple[str, str, str]) -> CriteriaGroup:
    return CriteriaGroup(code=code, label=Label(lv, en), items=_codes(*items))


CRITERIA: Mapping[str, CriteriaGroup] = MappingProxyType(
    {
        group.code: group
        for group in (
            _group(
                "movement",
                "Savervēšana, pārvešana, nodošana, pārdošana vai cits darbs nekā apsolīts",
                "Recruited, moved, transferred, sold, or forced into other work than promised",
                ("recruited", "Tika savervēta", "Was recruited"),
                ("transported", "Tika pārvesta", "Was transported"),
                ("transferred", "Tika nodota", "Was transferred"),
                ("received", "Tika saņemta", "Was received"),
                ("abducted", "Tika nolaupīta", "Was abducted"),
                ("sold", "Tika pārdota", "Was sold"),
                (
                    "other_work_than_promised",
                    (
                        "Galamērķa valstī bija spiesta veikt citu darbu, nevis iepriekš paredzēto"
                        " vai apsolīto"
                    ),
                    "On arrival was forced to do other work than planned or promised",
                ),
            ),
            _group(
                "dependency",
                "Parādi, atkarība, piespiešana darbā",
                "Debt, dependency and compulsion at work",
                (
                    "debt_income_withheld",
                    "Bija parādā darba devējam vai vervētājam, un tika iekasēta daļa ienākumu",
                    "Owed the employer or recruiter, and part of the income was taken",
                ),
                (
                    "could_not_leave_job",
                    "Pēc brīvas gribas nevarēja pamest nodarbošanos vai mainīt darbu",
                    "Could not leave the occupation or change job of free will",
                ),
                (
                    "id_documents_taken",
                    "Tika atņemti identifikācijas dokumenti",
                    "Identity documents were taken away",
                ),
                (
                    "forced_sexual_services",
                    (
                        "Piespiedu kārtā bija jāsniedz seksuāli pakalpojumi kā daļa no darba"
                        " pienākumiem"
                    ),
                    "Was forced to provide sexual services as part of the work",
                ),
                (
                    "employed_against_will",
                    "Bija nodarbināta pret pašas gribu",
                    "Was employed against own will",
                ),
                (
                    "hours_beyond_set",
                    "Bija jāstrādā ilgāk par noteikto stundu skaitu nedēļā",
                    "Had to work longer than the set hours a week",
                ),
                (
                    "watched_to_prevent_escape",
                    "Darba vietā tika uzraudzīta, lai bēgšanu padarītu neiespējamu",
                    "Was watched at work to make escape impossible",
                ),
                (
                    "dependent_on_employer",
                    (
                        "Bija atkarīga no darba devēja ģimenes, radniecības, darba, īres attiecību"
                        " vai parādsaistību dēļ"
                    ),
                    "Was dependent on the employer through family, kinship, work, tenancy or debts",
                ),
            ),
            _group(
                "threats",
                "Draudi un vardarbība",
                "Threats and violence",
                (
                    "witnessed_violence",
                    "Netieši izjuta draudus, redzot vardarbību pret citiem",
                    "Felt threatened by seeing violence against others",
                ),
                (
                    "basic_needs_denied",
                    "Tika liegta cilvēka pamatvajadzību apmierināšana",
                    "Basic human needs were denied",
                ),
                (
                    "visible_physical_violence",
                    "Manāmas fiziskas vardarbības pazīmes",
                    "Visible signs of physical violence",
                ),
                ("earlier_violence", "Cietusi no vardarbības iepriekš", "Suffered violence before"),
                (
                    "threatened_if_seeking_help",
                    (
                        "Draudēts ar izrēķināšanos, ja sazināsies ar policiju vai vērsīsies pēc"
                        " palīdzības"
                    ),
                    "Threatened with reprisal for contacting the police or seeking help",
                ),
                (
                    "threatened_if_escaping_or_returning",
                    "Draudēts ar izrēķināšanos, ja mēģinās bēgt vai atgriezties izcelsmes valstī",
                    "Threatened with reprisal for trying to escape or return home",
                ),
                (
                    "threats_against_family",
                    "Draudi izrēķināties ar ģimeni un radiniekiem, ja bēgs",
                    "Threats against family and relatives in case of escape",
                ),
                (
                    "threatened_deportation_or_reporting",
                    "Draudēts ar deportāciju vai ziņošanu institūcijām, ja mēģinās bēgt",
                    "Threatened with deportation or reporting in case of escape",
                ),
            ),
            _group(
                "confinement",
                "Ieslodzījums un kontrole",
                "Confinement and control",
                (
                    "held_and_hidden",
                    "Tika turēta ieslodzījumā un slēpta no apkārtējās vides un citiem cilvēkiem",
                    "Was held and hidden from the surroundings and other people",
                ),
                ("constantly_controlled", "Tika pastāvīgi kontrolēta", "Was constantly controlled"),
                (
                    "escorted_outside_work",
                    "Ārpus darba vietas varēja uzturēties tikai darba devēja pārstāvja pavadībā",
                    "Could be outside work only escorted by the employer's representative",
                ),
            ),
        )
    }
)
"""The criteria for recognising a person as a victim of trafficking, four groups (MK 889
2. pielikums "Kritēriji personas atzīšanai par cilvēku tirdzniecības upuri"; the seed,
§"Speciālistu komisijas darbs")."""

CRITERIA_GROUPS: Codes = MappingProxyType({code: g.label for code, g in CRITERIA.items()})

CRITERIA_ITEMS: Codes = MappingProxyType(
    {
        f"{group.code}.{item}": item_label
        for group in CRITERIA.values()
        for item, item_label in group.items.items()
    }
)
"""Every criteria item, referred to as ``"<group>.<item>"`` (e.g. ``"movement.recruited"``)."""


def criteria_group_of(item_code: str) -> str:
    """The group of a criteria item code ``"<group>.<item>"``."""
    if item_code not in CRITERIA_ITEMS:
        raise UnknownCodeError("criteria", item_code)
    return item_code.split(".", 1)[0]


INTERVIEW_AREAS: Codes = _codes(
    ("migration", "Ar migrāciju saistīti jautājumi", "Migration"),
    ("employment", "Ar nodarbinātību saistīti jautājumi", "Employment"),
    ("safety", "Ar personas drošību saistīti jautājumi", "Personal safety"),
    ("social_ties", "Personas sociālās saites", "Social ties"),
)

OBSERVATIONS: Codes = _codes(
    (
        "physical_strain_or_injury",
        "Redzamas fiziskas slodzes vai fiziskas iedarbības sekas",
        "Visible physical strain or injury",
    ),
    (
        "reluctant_or_rehearsed_answers",
        "Atbild nelabprāt vai izmanto iemācītas atbildes",
        "Reluctant or rehearsed answers",
    ),
    ("signs_of_violence", "Manāmas fiziskas vardarbības pazīmes", "Signs of physical violence"),
    ("earlier_violence", "Cietusi no vardarbības iepriekš", "Suffered violence before"),
)

RISK_GROUPS: Codes = _codes(
    ("unemployed_jobseekers", "Bezdarbnieki un darba meklētāji", "Unemployed and job seekers"),
    ("cannot_afford_education", "Nepietiek līdzekļu izglītībai", "Cannot afford education"),
    (
        "earlier_violence_or_trafficking",
        "Iepriekš cietuši no vardarbības vai tirdzniecības",
        "Earlier violence or trafficking",
    ),
    # The seed's own dash between ages.
    ("women_18_40", "Sievietes (pārsvarā 18–40 g.)", "Women (mostly 18–40)"),  # noqa: RUF001
    (
        "children_without_care",
        "Bāreņi, bez vecāku gādības, internātskolu audzēkņi, augsta riska ģimenes, ielu bērni",
        (
            "Orphans, children without parental care, boarding-school pupils, high-risk families,"
            " street children"
        ),
    ),
    (
        "children_parents_abroad",
        "Bērni, kuru vecāki strādā ārzemēs",
        "Children whose parents work abroad",
    ),
    (
        "mental_disability",
        "Garīga rakstura traucējumi, speciālo internātskolu audzēkņi",
        "Mental disability, special boarding-school pupils",
    ),
    ("low_income_or_debts", "Zemi ienākumi vai kredītsaistības", "Low income or debts"),
)

NEEDS: Codes = _codes(
    (
        "safety_housing",
        "Fiziskā drošība, izmitināšana, dzīvesvieta",
        "Physical safety, accommodation, a home",
    ),
    ("means_of_living", "Iztikas līdzekļu trūkums", "Lack of means of living"),
    ("identity_documents", "Personu apliecinošu dokumentu atjaunošana", "Identity documents"),
    ("medical_help", "Medicīniskā palīdzība", "Medical help"),
    ("psychological_help", "Psiholoģiskā palīdzība", "Psychological help"),
    (
        "information_rights",
        "Informācija par tiesībām un pakalpojumiem",
        "Information on rights and services",
    ),
    ("education_employment", "Izglītība vai nodarbinātība", "Education or employment"),
)

HEALTH_ISSUES: Codes = _codes(
    ("psychological_trauma", "Psiholoģiska trauma", "Psychological trauma"),
    ("depression", "Depresija", "Depression"),
    ("suicide_attempt", "Pašnāvības mēģinājums", "Suicide attempt"),
    ("sti_hiv", "Seksuāli transmisīvās slimības, HIV/AIDS", "STIs, HIV/AIDS"),
    ("hepatitis_b_c", "B un C hepatīts", "Hepatitis B and C"),
    ("untreated_chronic", "Neārstētas hroniskas saslimšanas", "Untreated chronic illness"),
    ("unwanted_pregnancy", "Negribēta grūtniecība", "Unwanted pregnancy"),
    ("unsafe_abortion", "Nekvalitatīvi veikts aborts", "Unsafe abortion"),
    ("substance_dependence", "Atkarība no alkohola un narkotikām", "Alcohol or drug dependence"),
    ("lack_of_material_means", "Materiālo līdzekļu trūkums", "Lack of material means"),
    ("no_safe_housing", "Drošas dzīvesvietas trūkums", "No safe place to live"),
    ("documents_lost", "Atņemti vai pazuduši dokumenti", "Documents taken or lost"),
)

IDENTIFICATION_BASES: Codes = _codes(
    (
        "criminal_proceedings_decision",
        (
            "Procesa virzītāja lēmums vai tiesībsargājošās institūcijas izziņa, ka persona atzīta"
            " par cietušo vai liecinieku"
        ),
        (
            "Decision of the person directing criminal proceedings or a law-enforcement"
            " certificate (victim or witness)"
        ),
    ),
    (
        "foreign_law_enforcement_certificate",
        "Ārzemju tiesībsargājošās iestādes izziņa, ka uzsākts kriminālprocess",
        "Foreign law-enforcement certificate that criminal proceedings were started",
    ),
    (
        "commission_opinion",
        "Pakalpojuma sniedzēja izveidotas speciālistu komisijas atzinums",
        "Opinion of the provider's specialist commission",
    ),
)
"""Bases for recognising a person as a victim (seed §"Cilvēku tirdzniecības upura
identificēšana")."""

SPECIALISTS: Codes = _codes(
    ("social_worker", "Sociālais darbinieks", "Social worker"),
    ("psychologist", "Psihologs", "Psychologist"),
    ("lawyer", "Jurists", "Lawyer"),
    ("medical", "Ārstniecības persona", "Medical professional"),
    ("other", "Cits speciālists", "Other specialist"),
)
"""Specialists who consult during the course (seed §"Valsts finansētais sociālās
rehabilitācijas pakalpojums": "sociālā darbinieka, psihologa, jurista, ārstniecības personas
un citu speciālistu konsultācijas")."""

COMMISSION_REQUIRED_ROLES: Codes = _codes(
    ("social_worker", "Sociālais darbinieks", "Social worker"),
    ("psychologist", "Psihologs", "Psychologist"),
    ("lawyer", "Jurists", "Lawyer"),
    ("police_official", "Valsts policijas amatpersona", "State Police official"),
)
"""Members the specialist commission must include (seed §"Speciālistu komisijas darbs")."""

AGENCY_DECISIONS: Codes = _codes(
    ("grant", "Piešķirt pakalpojumu", "Grant the service"),
    (
        "waiting_list",
        "Uzņemt sociālās rehabilitācijas saņēmēju rindā",
        "Place on the waiting list",
    ),
    ("refuse", "Atteikt piešķirt pakalpojumu", "Refuse the service"),
)

PHASES: Codes = _codes(
    ("start", "Pakalpojuma kursa uzsākšana", "Start of the course"),
    ("course", "Pakalpojuma sniegšana", "The course"),
    ("after_course", "Konsultācijas pēc kursa pabeigšanas", "After the course"),
)

# --- Services ---------------------------------------------------------------------------

UNITS: Codes = _codes(
    ("hours", "stundas", "hours"),
    ("nights", "naktis", "nights"),
    ("eur", "eiro", "euro"),
    ("count", "reizes", "times"),
)


@dataclass(frozen=True)
class CourseService:
    """A kind of help given during the course, measured in ``unit`` (a code of UNITS)."""

    code: str
    label: Label
    unit: str
    specialists: tuple[str, ...] = ()


COURSE_SERVICES: Mapping[str, CourseService] = MappingProxyType(
    {
        s.code: s
        for s in (
            CourseService(
                "consultation",
                Label("Speciālista konsultācija", "Specialist consultation"),
                "hours",
                tuple(SPECIALISTS),
            ),
            CourseService(
                "accommodation",
                Label("Drošs patvērums un izmitināšana", "Safe shelter and accommodation"),
                "nights",
            ),
            CourseService(
                "self_care_skills",
                Label("Pašaprūpes un pašapkalpošanās iemaņas", "Self-care skills"),
                "hours",
            ),
            CourseService(
                "essentials",
                Label(
                    "Pirmās nepieciešamības preces un pakalpojumi", "Essential goods and services"
                ),
                "eur",
            ),
            CourseService("transport", Label("Transporta izdevumi", "Transport costs"), "eur"),
            CourseService(
                "documents",
                Label("Dokumentu atjaunošana vai tulkošana", "Restoring or translating documents"),
                "eur",
            ),
            CourseService(
                "education_employment",
                Label("Apmācības, izglītība, darba meklējumi", "Training, education, job search"),
                "hours",
            ),
            CourseService(
                "travel_from_abroad",
                Label("Nokļūšana no ārvalstīm un pavadīšana", "Travel from abroad and escort"),
                "eur",
            ),
        )
    }
)
"""Content of the course (seed §"Otrais posms"; MK 889 / MK 344 on the service content)."""

AFTER_COURSE_CONSULTATION_SPECIALISTS: Codes = _select(
    SPECIALISTS, ("lawyer", "social_worker", "psychologist")
)
"""Who gives the five post-course consultations (seed §"Trešais posms": "jurista, sociālā
darbinieka, psihologa konsultācijas")."""

CRIMINAL_PROCESS_SUPPORT_KINDS: Codes = _codes(
    ("lawyer_consultation", "Jurista konsultācija", "Lawyer's consultation"),
    (
        "social_worker_consultation",
        "Sociālā darbinieka konsultācija",
        "Social worker's consultation",
    ),
    ("psychologist_consultation", "Psihologa konsultācija", "Psychologist's consultation"),
    ("interpreter", "Tulka pakalpojumi", "Interpreter"),
    ("legal_documents", "Palīdzība juridisko dokumentu noformēšanā", "Help with legal documents"),
    ("court_representation", "Pārstāvība tiesā", "Representation in court"),
)
"""Support in criminal proceedings (seed §"Trešais posms")."""

CRIMINAL_PROCESS_SUPPORT_WITH_STATE_LEGAL_AID: frozenset[str] = frozenset(
    {"social_worker_consultation", "psychologist_consultation", "interpreter"}
)
"""The only kinds allowed to a person who receives state-provided legal aid (seed
§"Trešais posms": "sociālā darbinieka un psihologa konsultācijas, kā arī, ja nepieciešams,
tulka pakalpojumus šajās konsultācijās")."""


@dataclass(frozen=True)
class AfterCourseService:
    """A service after the course (phase 3), or to the family, measured in ``unit``."""

    code: str
    label: Label
    unit: str
    specialists: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    with_state_legal_aid_only: tuple[str, ...] = ()


AFTER_COURSE_SERVICES: Mapping[str, AfterCourseService] = MappingProxyType(
    {
        s.code: s
        for s in (
            AfterCourseService(
                "consultation",
                Label("Konsultācija pēc kursa", "Post-course consultation"),
                "hours",
                specialists=tuple(AFTER_COURSE_CONSULTATION_SPECIALISTS),
            ),
            AfterCourseService(
                "criminal_process_support",
                Label("Atbalsts kriminālprocesā", "Criminal-process support"),
                "hours",
                kinds=tuple(CRIMINAL_PROCESS_SUPPORT_KINDS),
                with_state_legal_aid_only=tuple(
                    k
                    for k in CRIMINAL_PROCESS_SUPPORT_KINDS
                    if k in CRIMINAL_PROCESS_SUPPORT_WITH_STATE_LEGAL_AID
                ),
            ),
            AfterCourseService(
                "family_minor_consultation",
                Label(
                    "Nepilngadīgo ģimenes locekļu konsultācija",
                    "Consultation for minor family members",
                ),
                "count",
            ),
        )
    }
)

# --- The municipal social service's work ------------------------------------------------

CONTACT_CHANNELS: Codes = _codes(
    ("in_person", "Klātienē", "In person"),
    ("phone", "Telefoniski", "By phone"),
    ("electronic", "Elektroniski", "Electronically"),
    ("third_party", "Atveda trešā persona", "Brought by a third party"),
)

ARRIVAL_STAGES: Codes = _codes(
    ("before_course", "Pirms pakalpojuma saņemšanas", "Before the course"),
    ("during_course", "Pakalpojuma saņemšanas laikā", "During the course"),
    ("after_course", "Pēc pakalpojuma saņemšanas beigām", "After the course"),
)

CASE_STEPS: Codes = _codes(
    ("assessment", "Sociālās situācijas izvērtēšana", "Assessment of the social situation"),
    (
        "target_group_risk",
        "Atbilstības mērķgrupai un sociālo risku izvērtēšana",
        "Target group and social risk evaluation",
    ),
    (
        "plan",
        "Sociālās rehabilitācijas plānošana un īstenošana",
        "Rehabilitation planning and implementation",
    ),
    (
        "evaluation",
        "Novērtēšana, sadarbības nobeigums vai turpināšana",
        "Evaluation, closure or continuation",
    ),
    ("follow_up", "Turpmākā novērošana", "Follow-up"),
)

FAMILY_TASKS: Codes = _codes(
    (
        "assess_family",
        "Apzināt un izvērtēt ģimenes sociālo situāciju un resursus",
        "Assess the family's situation and resources",
    ),
    ("set_goals", "Izvirzīt īstermiņa un ilgtermiņa mērķus", "Set short- and long-term goals"),
    ("support_testimony", "Atbalstīt lēmumu sniegt liecību", "Support the decision to testify"),
    (
        "causes_of_migration",
        "Apzināt, kāpēc meklēts darbs ārzemēs; piedāvāt alternatīvas",
        "Find why work was sought abroad; offer alternatives",
    ),
    (
        "specialist_help",
        "Psihologa, mediķa, jurista konsultācijas ģimenei",
        "Psychologist, medical, legal help for the family",
    ),
    (
        "health_disclosure",
        "Par infekcijām partneri informē tikai persona pati; motivēt ārstēties",
        "Only the person tells a partner of an infection; encourage treatment",
    ),
)

DISCLOSURE_FEARS: Codes = _codes(
    (
        "negative_attitudes",
        "Sabiedrības negatīvā, nosodošā attieksme",
        "Negative, condemning attitudes",
    ),
    (
        "family_cannot_accept",
        "Ģimene un draugi nespēj pieņemt un pārdzīvot notikušo",
        "Family and friends cannot accept what happened",
    ),
    (
        "failed_work_history",
        "Neveiksmīgā darba pieredze apgrūtina jaunas darba attiecības",
        "A failed work history makes new employment hard",
    ),
    (
        "need_retraining",
        "Nepieciešama jauna profesija vai pārkvalifikācija",
        "A new profession or retraining is needed",
    ),
)


@dataclass(frozen=True)
class Contact:
    """A partner in the directory (the seed's last page); editable data, seeded from here."""

    code: str
    name: str
    phones: tuple[str, ...] = ()
    address: str | None = None
    trust_line: str | None = None
    email: str | None = None
    web: str | None = None


CONTACTS: tuple[Contact, ...] = (
    Contact("state_police", "Valsts policija", phones=("67075372", "112", "110")),
    Contact(
        "labour_inspectorate",
        "Valsts darba inspekcija",
        phones=("67186522", "67186523"),
        address="Kr. Valdemāra iela 38 k-1, Rīga, LV-1010",
        trust_line="67312176",
        email="vdi@vdi.gov.lv",
        web="www.vdi.gov.lv",
    ),
    Contact(
        "mfa_consular",
        "Ārlietu ministrija, Konsulārais departaments",
        phones=("+371 67016364", "+371 26337711"),
        address="Elizabetes iela 57, Rīga, LV-1050",
        email="palidziba@mfa.gov.lv",
        web="www.mfa.gov.lv",
    ),
    Contact(
        "drosa_maja",
        'Biedrība "Patvērums "Drošā māja""',
        phones=("+371 67898343", "+371 28612120"),
        address="Lāčplēša iela 75-1, Rīga, LV-1011",
        email="drosa.maja@apollo.lv",
        web="www.patverums-dm.lv",
    ),
    Contact(
        "marta",
        'Biedrība "Resursu centrs sievietēm "Marta""',
        phones=("67378539", "80002012"),
        address="Matīsa iela 49-3, Rīga, LV-1009",
        email="centrs@marta.lv",
        web="www.marta.lv",
    ),
    Contact(
        "free_vidzeme",
        'Biedrība "Par brīvu Vidzemi no cilvēku tirdzniecības"',
        phones=("29640078",),
        address='"Divupes", Bērzaunes pagasts, Madonas novads, LV-4853',
        email="pbvnct@tvnet.lv",
    ),
    Contact(
        "child_helpline",
        "Bērnu un pusaudžu uzticības tālrunis",
        phones=("116111",),
        email="uzticibaspasts116111@bti.gov.lv",
        web="www.bti.gov.lv",
    ),
    Contact("national_website", "Cilvēku tirdzniecības jautājumi", web="www.cilvektirdznieciba.lv"),
)

# --- Criminal Law s.154.1 ---------------------------------------------------------------


@dataclass(frozen=True)
class SentencingCircumstance:
    """A circumstance that makes a part of KL 154.¹ apply."""

    code: str
    part: int
    label: Label


SENTENCING_CIRCUMSTANCES: Mapping[str, SentencingCircumstance] = MappingProxyType(
    {
        c.code: c
        for c in (
            SentencingCircumstance(
                "minor_victim", 2, Label("Pret nepilngadīgo", "Against a minor")
            ),
            SentencingCircumstance(
                "group_prior_agreement",
                2,
                Label("Personu grupa pēc iepriekšējas vienošanās", "By a group by prior agreement"),
            ),
            SentencingCircumstance(
                "endangered_life",
                3,
                Label("Apdraudēta cietušā dzīvība", "Endangered the victim's life"),
            ),
            SentencingCircumstance(
                "serious_consequences",
                3,
                Label("Izraisījusi smagas sekas", "Caused serious consequences"),
            ),
            SentencingCircumstance(
                "special_cruelty", 3, Label("Ar sevišķu cietsirdību", "With special cruelty")
            ),
            SentencingCircumstance(
                "young_child_victim",
                3,
                Label("Pret mazgadīgo", "Against a young child (under 14)"),
            ),
            SentencingCircumstance(
                "organised_group", 3, Label("Organizēta grupa", "By an organised group")
            ),
        )
    }
)


@dataclass(frozen=True)
class SentencingPart:
    """The punishment a part of KL 154.¹ sets."""

    part: int
    label: Label
    imprisonment_min_years: int | None
    imprisonment_max_years: int
    probation_max_years: int


SENTENCING_PARTS: Mapping[int, SentencingPart] = MappingProxyType(
    {
        p.part: p
        for p in (
            SentencingPart(1, Label("154.¹ panta pirmā daļa", "s.154.1 part 1"), None, 8, 0),
            SentencingPart(2, Label("154.¹ panta otrā daļa", "s.154.1 part 2"), 3, 12, 3),
            SentencingPart(3, Label("154.¹ panta trešā daļa", "s.154.1 part 3"), 5, 15, 3),
        )
    }
)

# --- Users and rule sets ----------------------------------------------------------------


@dataclass(frozen=True)
class RoleDefinition:
    """A role; ``organisation_type`` is the type of organisation it belongs to, or None
    when the role may belong to any organisation."""

    code: str
    label: Label
    organisation_type: str | None


ROLES: Mapping[str, RoleDefinition] = MappingProxyType(
    {
        r.code: r
        for r in (
            RoleDefinition(
                "social_worker", Label("Sociālais darbinieks", "Social worker"), "social_service"
            ),
            RoleDefinition(
                "social_service_head",
                Label("Sociālā dienesta vadītājs", "Head of the social service"),
                "social_service",
            ),
            RoleDefinition(
                "provider_case_manager",
                Label("Pakalpojuma sniedzēja gadījuma vadītājs", "Provider case manager"),
                "service_provider",
            ),
            RoleDefinition(
                "provider_specialist",
                Label("Pakalpojuma sniedzēja speciālists", "Provider specialist"),
                "service_provider",
            ),
            RoleDefinition(
                "provider_head",
                Label("Pakalpojuma sniedzēja vadītājs", "Head of the provider"),
                "service_provider",
            ),
            RoleDefinition(
                "commission_police_member",
                Label(
                    "Komisijas loceklis, Valsts policijas amatpersona",
                    "Commission member, State Police official",
                ),
                "police",
            ),
            RoleDefinition(
                "agency_coordinator",
                Label("Aģentūras koordinators", "Agency coordinator"),
                "agency",
            ),
            RoleDefinition(
                "ministry_analyst", Label("Ministrijas analītiķis", "Ministry analyst"), "ministry"
            ),
            RoleDefinition(
                "data_protection_officer",
                Label("Datu aizsardzības speciālists", "Data protection officer"),
                None,
            ),
            RoleDefinition(
                "system_admin", Label("Sistēmas administrators", "System administrator"), None
            ),
        )
    }
)

RULE_SET_LABELS: Codes = _codes(
    (
        "lv-mk889",
        "MK 31.10.2006. noteikumi Nr. 889 (ar 2012. gada grozījumiem)",
        "Cabinet Regulation No. 889 of 31 October 2006 (as amended in 2012)",
    ),
    (
        "lv-mk344",
        "MK 16.07.2019. noteikumi Nr. 344",
        "Cabinet Regulation No. 344 of 16 July 2019",
    ),
)

# --- Every flat list by its catalogue.yaml name ------------------------------------------

LISTS: Mapping[str, Codes] = MappingProxyType(
    {
        "organisation_types": ORGANISATION_TYPES,
        "exploitation_forms": EXPLOITATION_FORMS,
        "legal_acts": LEGAL_ACTS,
        "legal_means": LEGAL_MEANS,
        "indicators": INDICATORS,
        "criteria": CRITERIA_ITEMS,
        "criteria_groups": CRITERIA_GROUPS,
        "interview_areas": INTERVIEW_AREAS,
        "observations": OBSERVATIONS,
        "risk_groups": RISK_GROUPS,
        "needs": NEEDS,
        "health_issues": HEALTH_ISSUES,
        "identification_bases": IDENTIFICATION_BASES,
        "commission_required_roles": COMMISSION_REQUIRED_ROLES,
        "agency_decisions": AGENCY_DECISIONS,
        "phases": PHASES,
        "units": UNITS,
        "specialists": SPECIALISTS,
        "course_services": MappingProxyType({c: s.label for c, s in COURSE_SERVICES.items()}),
        "after_course_services": MappingProxyType(
            {c: s.label for c, s in AFTER_COURSE_SERVICES.items()}
        ),
        "after_course_consultation_specialists": AFTER_COURSE_CONSULTATION_SPECIALISTS,
        "criminal_process_support_kinds": CRIMINAL_PROCESS_SUPPORT_KINDS,
        "contact_channels": CONTACT_CHANNELS,
        "arrival_stages": ARRIVAL_STAGES,
        "case_steps": CASE_STEPS,
        "family_tasks": FAMILY_TASKS,
        "disclosure_fears": DISCLOSURE_FEARS,
        "sentencing_circumstances": MappingProxyType(
            {c: s.label for c, s in SENTENCING_CIRCUMSTANCES.items()}
        ),
        "roles": MappingProxyType({c: r.label for c, r in ROLES.items()}),
        "rule_sets": RULE_SET_LABELS,
    }
)
"""Every flat code list, by its name in ``catalogue.yaml`` (criteria items as
``"<group>.<item>"`` under ``"criteria"``, their groups under ``"criteria_groups"``)."""


def _list(list_name: str) -> Codes:
    try:
        return LISTS[list_name]
    except KeyError:
        raise KeyError(f"no catalogue list {list_name!r}") from None


def label(list_name: str, code: str, language: str = "lv") -> str:
    """The label of ``code`` in the list ``list_name``, in ``language``."""
    codes = _list(list_name)
    if code not in codes:
        raise UnknownCodeError(list_name, code)
    return codes[code].get(language)


def choices(list_name: str, language: str = "lv") -> tuple[tuple[str, str], ...]:
    """``(code, label)`` pairs in catalogue order, for forms and filters."""
    return tuple((code, lab.get(language)) for code, lab in _list(list_name).items())


def require_codes(field: str, list_name: str, codes: Iterable[str]) -> tuple[str, ...]:
    """``codes`` without repeats, in the order given; an unknown code raises
    :class:`UnknownCodeError` naming ``field`` and the code."""
    known = _list(list_name)
    seen: dict[str, None] = {}
    for code in codes:
        if code not in known:
            raise UnknownCodeError(field, code)
        seen[code] = None
    return tuple(seen)
