//! The table of «Личные данные»: every field's key, label, block and
//! kind, which the screen renders and the form reads.

/// The blocks of the form, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Study,
    Required,
    Notes,
    Documents,
    BirthCertificate,
    OtherDocument,
    Contacts,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Study,
        Section::Required,
        Section::Notes,
        Section::Documents,
        Section::BirthCertificate,
        Section::OtherDocument,
        Section::Contacts,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Section::Study => "Обучение",
            Section::Required => "Сведения об обучающемся",
            Section::Notes => "Заметки",
            Section::Documents => "Документы, удостоверяющие личность",
            Section::BirthCertificate => "Свидетельство о рождении",
            Section::OtherDocument => "Иной документ, удостоверяющий личность",
            Section::Contacts => "Контактные данные",
        }
    }

    /// Optional blocks are filled at the parents' discretion (П1 §3.3.1).
    pub fn optional(self) -> bool {
        !matches!(self, Section::Study | Section::Required)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Date,
    TextArea,
    Email,
    Tel,
    /// A fixed list of (value, label); the empty value means «не выбрано».
    Choice(&'static [(&'static str, &'static str)]),
    /// The class list, supplied by the UI.
    Class,
}

#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    pub required: bool,
    pub section: Section,
    /// A short example or explanation shown under the field.
    pub hint: &'static str,
}

const SEX: &[(&str, &str)] = &[("male", "Мужской"), ("female", "Женский")];
const RESIDENCE: &[(&str, &str)] = &[("yes", "Подтверждено"), ("no", "Не подтверждено")];
const CONTACT: &[(&str, &str)] = &[
    ("mobile", "Мобильный телефон"),
    ("home", "Домашний телефон"),
    ("work", "Рабочий телефон"),
    ("email", "E-mail"),
    ("post", "Почта по адресу"),
];

const fn f(
    key: &'static str,
    label: &'static str,
    kind: FieldKind,
    required: bool,
    section: Section,
    hint: &'static str,
) -> FieldSpec {
    FieldSpec {
        key,
        label,
        kind,
        required,
        section,
        hint,
    }
}

use FieldKind as K;
use Section as S;

/// Every field of the student form, in display order.
pub const STUDENT_FIELDS: &[FieldSpec] = &[
    f("class_id", "Класс", K::Class, true, S::Study, ""),
    f(
        "enrolled_on",
        "Дата зачисления",
        K::Date,
        true,
        S::Study,
        "ДД.ММ.ГГГГ",
    ),
    f("last_name", "Фамилия", K::Text, true, S::Required, ""),
    f("first_name", "Имя", K::Text, true, S::Required, ""),
    f(
        "patronymic",
        "Отчество",
        K::Text,
        false,
        S::Required,
        "Если отчества нет, оставьте поле пустым",
    ),
    f("sex", "Пол", K::Choice(SEX), true, S::Required, ""),
    f(
        "birth_date",
        "Дата рождения",
        K::Date,
        true,
        S::Required,
        "ДД.ММ.ГГГГ",
    ),
    f(
        "birth_place",
        "Место рождения",
        K::Text,
        true,
        S::Required,
        "",
    ),
    f("citizenship", "Гражданство", K::Text, true, S::Required, ""),
    f(
        "residence_confirmed",
        "Подтверждение проживания на территории, закреплённой за ОО",
        K::Choice(RESIDENCE),
        true,
        S::Required,
        "",
    ),
    f(
        "residence_document",
        "Документ, подтверждающий проживание",
        K::Text,
        false,
        S::Required,
        "Например: свидетельство о регистрации по месту жительства",
    ),
    f("notes", "Заметки", K::TextArea, false, S::Notes, ""),
    f(
        "snils",
        "СНИЛС",
        K::Text,
        false,
        S::Documents,
        "Формат: 123-456-789 01",
    ),
    f("visa", "Виза", K::Text, false, S::Documents, ""),
    f(
        "bc_series",
        "Серия свидетельства",
        K::Text,
        false,
        S::BirthCertificate,
        "Например: II-ЖД",
    ),
    f(
        "bc_number",
        "Номер свидетельства",
        K::Text,
        false,
        S::BirthCertificate,
        "6 цифр",
    ),
    f(
        "bc_issued_by",
        "Кем выдано",
        K::Text,
        false,
        S::BirthCertificate,
        "",
    ),
    f(
        "bc_issue_date",
        "Дата выдачи свидетельства",
        K::Date,
        false,
        S::BirthCertificate,
        "ДД.ММ.ГГГГ",
    ),
    f(
        "bc_issue_place",
        "Место выдачи свидетельства",
        K::Text,
        false,
        S::BirthCertificate,
        "",
    ),
    f(
        "bc_record_number",
        "Номер актовой записи",
        K::Text,
        false,
        S::BirthCertificate,
        "",
    ),
    f(
        "od_kind",
        "Вид документа",
        K::Text,
        false,
        S::OtherDocument,
        "Например: паспорт иностранного гражданина",
    ),
    f(
        "od_series",
        "Серия документа",
        K::Text,
        false,
        S::OtherDocument,
        "",
    ),
    f(
        "od_number",
        "Номер документа",
        K::Text,
        false,
        S::OtherDocument,
        "",
    ),
    f(
        "od_issued_by",
        "Кем выдан документ",
        K::Text,
        false,
        S::OtherDocument,
        "",
    ),
    f(
        "od_issue_date",
        "Дата выдачи документа",
        K::Date,
        false,
        S::OtherDocument,
        "ДД.ММ.ГГГГ",
    ),
    f(
        "od_issue_place",
        "Место выдачи документа",
        K::Text,
        false,
        S::OtherDocument,
        "",
    ),
    f(
        "addr_permanent",
        "Адрес постоянной регистрации",
        K::Text,
        false,
        S::Contacts,
        "",
    ),
    f(
        "addr_temporary",
        "Адрес временной регистрации",
        K::Text,
        false,
        S::Contacts,
        "",
    ),
    f(
        "temporary_until",
        "Дата окончания временной регистрации",
        K::Date,
        false,
        S::Contacts,
        "ДД.ММ.ГГГГ",
    ),
    f(
        "addr_actual",
        "Фактический адрес проживания",
        K::Text,
        false,
        S::Contacts,
        "",
    ),
    f("email", "E-mail", K::Email, false, S::Contacts, ""),
    f(
        "phone_work",
        "Рабочий телефон",
        K::Tel,
        false,
        S::Contacts,
        "",
    ),
    f(
        "phone_mobile",
        "Мобильный телефон",
        K::Tel,
        false,
        S::Contacts,
        "",
    ),
    f(
        "phone_home",
        "Домашний телефон",
        K::Tel,
        false,
        S::Contacts,
        "",
    ),
    f(
        "preferred_contact",
        "Предпочтительный способ связи",
        K::Choice(CONTACT),
        false,
        S::Contacts,
        "",
    ),
];

pub fn field_spec(key: &str) -> Option<&'static FieldSpec> {
    STUDENT_FIELDS.iter().find(|f| f.key == key)
}
