//! A student and «Личные данные» (П1 §3.3.1): the required block and the
//! optional blocks that parents fill at their discretion.
//!
//! The form is described by [`STUDENT_FIELDS`], a table of keys, labels and
//! kinds; the UI renders it and [`StudentForm::parse`] validates it, so a
//! field's label, rules and message live in one place.

use crate::date::{age_on, format_opt, format_ru, parse_ru};
use crate::id::{Id, Revision};
use crate::snils;
use crate::text::clean;
use crate::validation::{max_len, required, FieldErrors, MAX_SHORT, MAX_TEXT};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Active,
    Left,
    Graduated,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactMethod {
    Mobile,
    Home,
    Work,
    Email,
    Post,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct BirthCertificate {
    pub series: String,
    pub number: String,
    pub issued_by: String,
    #[serde(with = "crate::date::iso_opt", default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("format" = "date")))]
    pub issue_date: Option<NaiveDate>,
    pub issue_place: String,
    pub record_number: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct OtherDocument {
    pub kind: String,
    pub series: String,
    pub number: String,
    pub issued_by: String,
    #[serde(with = "crate::date::iso_opt", default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("format" = "date")))]
    pub issue_date: Option<NaiveDate>,
    pub issue_place: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct Contacts {
    pub permanent_address: String,
    pub temporary_address: String,
    #[serde(with = "crate::date::iso_opt", default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>", extend("format" = "date")))]
    pub temporary_until: Option<NaiveDate>,
    pub actual_address: String,
    pub email: String,
    pub work_phone: String,
    pub mobile_phone: String,
    pub home_phone: String,
    pub preferred: Option<ContactMethod>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PersonalData {
    pub last_name: String,
    pub first_name: String,
    /// Empty when the child has no patronymic.
    #[serde(default)]
    pub patronymic: String,
    pub sex: Sex,
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("format" = "date")))]
    pub birth_date: NaiveDate,
    pub birth_place: String,
    pub citizenship: String,
    /// «Подтверждение проживания на территории, закреплённой за ОО».
    pub residence_confirmed: bool,
    #[serde(default)]
    pub residence_document: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub snils: String,
    #[serde(default)]
    pub visa: String,
    #[serde(default)]
    pub birth_certificate: BirthCertificate,
    #[serde(default)]
    pub other_document: OtherDocument,
    #[serde(default)]
    pub contacts: Contacts,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Student {
    pub id: Id,
    /// The class now.
    pub class_id: Id,
    /// The classes the student was in before, oldest first: an achievement
    /// counts for the class the student was in on its date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub former_classes: Vec<Membership>,
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("format" = "date")))]
    pub enrolled_on: NaiveDate,
    pub status: Status,
    pub personal: PersonalData,
    pub rev: Revision,
}

/// A class the student was in, up to and including `until`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Membership {
    pub class_id: Id,
    #[serde(with = "crate::date::iso")]
    #[cfg_attr(feature = "schema", schemars(with = "String", extend("format" = "date")))]
    pub until: NaiveDate,
}

impl Student {
    /// The class the student was in on `d`.
    pub fn class_on(&self, d: NaiveDate) -> &Id {
        self.former_classes
            .iter()
            .find(|m| d <= m.until)
            .map(|m| &m.class_id)
            .unwrap_or(&self.class_id)
    }

    /// Every class the student was ever in, the current one last.
    pub fn classes(&self) -> impl Iterator<Item = &Id> {
        self.former_classes
            .iter()
            .map(|m| &m.class_id)
            .chain(std::iter::once(&self.class_id))
    }

    /// Keeps what the form does not edit from the stored `old` record: the
    /// former classes, and — when the form moved the student to another
    /// class on `today` — the old class, up to yesterday.
    pub fn carry_over(&mut self, old: &Student, today: NaiveDate) {
        self.former_classes = old.former_classes.clone();
        if old.class_id != self.class_id {
            let until = today.pred_opt().unwrap_or(today);
            // The class of yesterday: a move made earlier today is undone first.
            let yesterday = match self.former_classes.last() {
                Some(m) if m.until == until => self.former_classes.pop().map(|m| m.class_id),
                _ => None,
            }
            .unwrap_or_else(|| old.class_id.clone());
            if yesterday != self.class_id {
                self.former_classes.push(Membership {
                    class_id: yesterday,
                    until,
                });
            }
        }
    }

    /// «Иванов Иван Иванович» (no trailing space without a patronymic).
    pub fn full_name(&self) -> String {
        let p = &self.personal;
        [&p.last_name, &p.first_name, &p.patronymic]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Sort key: surname, name, patronymic, case-folded.
    pub fn sort_key(&self) -> String {
        crate::text::fold(&self.full_name())
    }
}

/// The filled fields of «Личные данные», each as the screen shows it (a
/// choice by its label, the class by its name), in the form's order.
pub fn filled_fields(
    s: &Student,
    classes: &[crate::school::Class],
) -> Vec<(&'static FieldSpec, String)> {
    let form = StudentForm::from_student(s);
    STUDENT_FIELDS
        .iter()
        .filter_map(|f| {
            let value = form.get(f.key);
            let shown = match f.kind {
                FieldKind::Choice(options) => options
                    .iter()
                    .find(|(k, _)| *k == value)
                    .map(|(_, label)| label.to_string())
                    .unwrap_or_default(),
                FieldKind::Class => classes
                    .iter()
                    .find(|c| c.id.0 == value)
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                _ => value.to_string(),
            };
            (!shown.is_empty()).then_some((f, shown))
        })
        .collect()
}

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

/// The student form as typed: one string per field key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StudentForm(pub BTreeMap<&'static str, String>);

impl StudentForm {
    /// A blank form for a new student of `class_id`, enrolled today.
    pub fn new_student(class_id: &Id, today: NaiveDate) -> StudentForm {
        let mut form = StudentForm::default();
        form.set("class_id", class_id.as_str());
        form.set("enrolled_on", &format_ru(today));
        form.set("citizenship", "Российская Федерация");
        form
    }

    pub fn get(&self, key: &str) -> &str {
        self.0.get(key).map(|s| s.as_str()).unwrap_or("")
    }

    /// Sets a field by key; unknown keys are ignored (the table is the schema).
    pub fn set(&mut self, key: &str, value: &str) {
        if let Some(spec) = field_spec(key) {
            self.0.insert(spec.key, value.to_string());
        }
    }

    pub fn from_student(s: &Student) -> StudentForm {
        let p = &s.personal;
        let bc = &p.birth_certificate;
        let od = &p.other_document;
        let c = &p.contacts;
        let sex = match p.sex {
            Sex::Male => "male",
            Sex::Female => "female",
        };
        let preferred = match c.preferred {
            None => "",
            Some(ContactMethod::Mobile) => "mobile",
            Some(ContactMethod::Home) => "home",
            Some(ContactMethod::Work) => "work",
            Some(ContactMethod::Email) => "email",
            Some(ContactMethod::Post) => "post",
        };
        let pairs: [(&str, String); 35] = [
            ("class_id", s.class_id.0.clone()),
            ("enrolled_on", format_ru(s.enrolled_on)),
            ("last_name", p.last_name.clone()),
            ("first_name", p.first_name.clone()),
            ("patronymic", p.patronymic.clone()),
            ("sex", sex.into()),
            ("birth_date", format_ru(p.birth_date)),
            ("birth_place", p.birth_place.clone()),
            ("citizenship", p.citizenship.clone()),
            (
                "residence_confirmed",
                if p.residence_confirmed { "yes" } else { "no" }.into(),
            ),
            ("residence_document", p.residence_document.clone()),
            ("notes", p.notes.clone()),
            ("snils", p.snils.clone()),
            ("visa", p.visa.clone()),
            ("bc_series", bc.series.clone()),
            ("bc_number", bc.number.clone()),
            ("bc_issued_by", bc.issued_by.clone()),
            ("bc_issue_date", format_opt(bc.issue_date)),
            ("bc_issue_place", bc.issue_place.clone()),
            ("bc_record_number", bc.record_number.clone()),
            ("od_kind", od.kind.clone()),
            ("od_series", od.series.clone()),
            ("od_number", od.number.clone()),
            ("od_issued_by", od.issued_by.clone()),
            ("od_issue_date", format_opt(od.issue_date)),
            ("od_issue_place", od.issue_place.clone()),
            ("addr_permanent", c.permanent_address.clone()),
            ("addr_temporary", c.temporary_address.clone()),
            ("temporary_until", format_opt(c.temporary_until)),
            ("addr_actual", c.actual_address.clone()),
            ("email", c.email.clone()),
            ("phone_work", c.work_phone.clone()),
            ("phone_mobile", c.mobile_phone.clone()),
            ("phone_home", c.home_phone.clone()),
            ("preferred_contact", preferred.into()),
        ];
        let mut form = StudentForm::default();
        for (k, v) in pairs {
            form.set(k, &v);
        }
        form
    }

    /// Validates every field and builds the student. `existing` keeps the id,
    /// status and anything the form does not show.
    pub fn parse(
        &self,
        id: Id,
        status: Status,
        today: NaiveDate,
        rev: Revision,
    ) -> Result<Student, FieldErrors> {
        let mut e = FieldErrors::default();
        // Plain length and required checks straight from the table.
        for spec in STUDENT_FIELDS {
            let v = self.get(spec.key);
            match spec.kind {
                K::Text | K::Email | K::Tel => {
                    if spec.required {
                        required(&mut e, spec.key, spec.label, v);
                    } else {
                        max_len(&mut e, spec.key, spec.label, v, MAX_SHORT);
                    }
                }
                K::TextArea => max_len(&mut e, spec.key, spec.label, v, MAX_TEXT),
                K::Choice(options) => {
                    if v.is_empty() {
                        if spec.required {
                            e.push(
                                spec.key,
                                format!("Выберите значение поля «{}».", spec.label),
                            );
                        }
                    } else if !options.iter().any(|(val, _)| *val == v) {
                        e.push(
                            spec.key,
                            format!("Недопустимое значение поля «{}».", spec.label),
                        );
                    }
                }
                K::Class => {
                    if v.is_empty() {
                        e.push(spec.key, "Выберите класс.");
                    }
                }
                K::Date => {}
            }
        }
        let mut date = |key: &'static str, required: bool| -> Option<NaiveDate> {
            let v = self.get(key);
            let label = field_spec(key).map(|s| s.label).unwrap_or(key);
            if v.trim().is_empty() {
                if required {
                    e.push(key, format!("Заполните поле «{label}»."));
                }
                return None;
            }
            match parse_ru(v) {
                Ok(d) => Some(d),
                Err(msg) => {
                    e.push(key, msg);
                    None
                }
            }
        };
        let enrolled_on = date("enrolled_on", true);
        let birth_date = date("birth_date", true);
        let bc_issue_date = date("bc_issue_date", false);
        let od_issue_date = date("od_issue_date", false);
        let temporary_until = date("temporary_until", false);

        for key in ["last_name", "first_name", "patronymic"] {
            if self.get(key).chars().any(|c| c.is_ascii_digit()) {
                let label = field_spec(key).map(|s| s.label).unwrap_or(key);
                e.push(key, format!("Поле «{label}» не должно содержать цифр."));
            }
        }
        if let Some(b) = birth_date {
            if b > today {
                e.push(
                    "birth_date",
                    "Дата рождения не может быть позже сегодняшнего дня.",
                );
            } else if age_on(b, today) > 25 {
                e.push(
                    "birth_date",
                    format!(
                        "Проверьте дату рождения: по ней обучающемуся {} лет.",
                        age_on(b, today)
                    ),
                );
            }
            if let Some(en) = enrolled_on {
                if en < b {
                    e.push(
                        "enrolled_on",
                        "Дата зачисления не может быть раньше даты рождения.",
                    );
                }
            }
            for (key, d) in [
                ("bc_issue_date", bc_issue_date),
                ("od_issue_date", od_issue_date),
            ] {
                if d.is_some_and(|d| d < b) {
                    e.push(key, "Документ не может быть выдан раньше даты рождения.");
                }
            }
        }
        for (key, d) in [
            ("bc_issue_date", bc_issue_date),
            ("od_issue_date", od_issue_date),
        ] {
            if d.is_some_and(|d| d > today) {
                e.push(key, "Дата выдачи не может быть позже сегодняшнего дня.");
            }
        }
        if let Some(en) = enrolled_on {
            if en > today + chrono::Duration::days(366) {
                e.push(
                    "enrolled_on",
                    "Проверьте дату зачисления: она больше чем через год.",
                );
            }
        }

        let snils_value = clean(self.get("snils"));
        let snils = if snils_value.is_empty() {
            String::new()
        } else {
            snils::normalize(&snils_value).unwrap_or_else(|msg| {
                e.push("snils", msg);
                String::new()
            })
        };

        // Birth certificate: if any part is given, series and number identify it.
        let bc_keys = [
            "bc_series",
            "bc_number",
            "bc_issued_by",
            "bc_issue_date",
            "bc_issue_place",
            "bc_record_number",
        ];
        let bc_any = bc_keys.iter().any(|k| !self.get(k).trim().is_empty());
        let bc_series: String = clean(self.get("bc_series"))
            .chars()
            .map(crate::text::upper)
            .collect();
        let bc_number = clean(self.get("bc_number"));
        if bc_any {
            if bc_series.is_empty() {
                e.push("bc_series", "Укажите серию свидетельства о рождении.");
            } else if !valid_bc_series(&bc_series) {
                e.push(
                    "bc_series",
                    "Серия свидетельства — римские цифры, дефис и две русские буквы, например II-ЖД.",
                );
            }
            if bc_number.is_empty() {
                e.push("bc_number", "Укажите номер свидетельства о рождении.");
            } else if bc_number.chars().count() != 6
                || !bc_number.chars().all(|c| c.is_ascii_digit())
            {
                e.push("bc_number", "Номер свидетельства о рождении — 6 цифр.");
            }
        }
        let record = clean(self.get("bc_record_number"));
        if !record.chars().all(|c| c.is_ascii_digit()) {
            e.push("bc_record_number", "Номер актовой записи состоит из цифр.");
        }
        let od_any = [
            "od_series",
            "od_number",
            "od_issued_by",
            "od_issue_date",
            "od_issue_place",
        ]
        .iter()
        .any(|k| !self.get(k).trim().is_empty());
        if od_any && self.get("od_kind").trim().is_empty() {
            e.push("od_kind", "Укажите вид документа.");
        }

        let email = clean(self.get("email"));
        if !email.is_empty() && !valid_email(&email) {
            e.push(
                "email",
                "Проверьте e-mail: он должен выглядеть как name@example.ru.",
            );
        }
        for key in ["phone_work", "phone_mobile", "phone_home"] {
            let v = self.get(key);
            if !v.trim().is_empty() && !valid_phone(v) {
                e.push(
                    key,
                    "Телефон — от 5 до 15 цифр; можно +, пробелы, скобки и дефисы.",
                );
            }
        }
        if !e.is_empty() {
            return Err(e);
        }
        let text = |k: &str| clean(self.get(k));
        let sex = if self.get("sex") == "male" {
            Sex::Male
        } else {
            Sex::Female
        };
        let preferred = match self.get("preferred_contact") {
            "mobile" => Some(ContactMethod::Mobile),
            "home" => Some(ContactMethod::Home),
            "work" => Some(ContactMethod::Work),
            "email" => Some(ContactMethod::Email),
            "post" => Some(ContactMethod::Post),
            _ => None,
        };
        Ok(Student {
            id,
            class_id: Id(self.get("class_id").to_string()),
            former_classes: Vec::new(),
            enrolled_on: enrolled_on.unwrap_or(today),
            status,
            rev,
            personal: PersonalData {
                last_name: text("last_name"),
                first_name: text("first_name"),
                patronymic: text("patronymic"),
                sex,
                birth_date: birth_date.unwrap_or(today),
                birth_place: text("birth_place"),
                citizenship: text("citizenship"),
                residence_confirmed: self.get("residence_confirmed") == "yes",
                residence_document: text("residence_document"),
                // Notes keep their line breaks.
                notes: self.get("notes").trim().to_string(),
                snils,
                visa: text("visa"),
                birth_certificate: BirthCertificate {
                    series: bc_series,
                    number: bc_number,
                    issued_by: text("bc_issued_by"),
                    issue_date: bc_issue_date,
                    issue_place: text("bc_issue_place"),
                    record_number: record,
                },
                other_document: OtherDocument {
                    kind: text("od_kind"),
                    series: text("od_series"),
                    number: text("od_number"),
                    issued_by: text("od_issued_by"),
                    issue_date: od_issue_date,
                    issue_place: text("od_issue_place"),
                },
                contacts: Contacts {
                    permanent_address: text("addr_permanent"),
                    temporary_address: text("addr_temporary"),
                    temporary_until,
                    actual_address: text("addr_actual"),
                    email,
                    work_phone: text("phone_work"),
                    mobile_phone: text("phone_mobile"),
                    home_phone: text("phone_home"),
                    preferred,
                },
            },
        })
    }
}

/// Series of a Russian birth certificate: Roman numerals (people type Latin
/// I/V/X/L/C, sometimes the digit 1 or Cyrillic Х for X), a hyphen, two
/// Cyrillic capitals.
fn valid_bc_series(s: &str) -> bool {
    let Some((roman, letters)) = s.split_once('-') else {
        return false;
    };
    !roman.is_empty()
        && roman
            .chars()
            .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | '1' | 'Х' | 'У'))
        && letters.chars().count() == 2
        && letters
            .chars()
            .all(|c| ('А'..='Я').contains(&c) || c == 'Ё')
}

fn valid_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !s.contains(' ')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
}

fn valid_phone(s: &str) -> bool {
    let allowed = |c: char| c.is_ascii_digit() || " +-()".contains(c);
    let digits = s.chars().filter(|c| c.is_ascii_digit()).count();
    s.chars().all(allowed) && (5..=15).contains(&digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 11, 23).unwrap()
    }

    fn filled() -> StudentForm {
        let mut f = StudentForm::new_student(&Id::fixed("class-1"), today());
        for (k, v) in [
            ("last_name", "Рультынэ"),
            ("first_name", "Айна"),
            ("sex", "female"),
            ("birth_date", "29.02.2016"),
            ("birth_place", "с. Биллингс, Чукотский АО"),
            ("residence_confirmed", "yes"),
        ] {
            f.set(k, v);
        }
        f
    }

    fn parse(f: &StudentForm) -> Result<Student, FieldErrors> {
        f.parse(
            Id::fixed("s1"),
            Status::Active,
            today(),
            Revision::builtin(),
        )
    }

    #[test]
    fn table_keys_are_unique_and_cover_sections() {
        let mut keys: Vec<&str> = STUDENT_FIELDS.iter().map(|f| f.key).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), STUDENT_FIELDS.len());
        for s in Section::ALL {
            assert!(
                STUDENT_FIELDS.iter().any(|f| f.section == s),
                "{s:?} is empty"
            );
        }
        let required: Vec<&str> = STUDENT_FIELDS
            .iter()
            .filter(|f| f.required)
            .map(|f| f.label)
            .collect();
        assert_eq!(
            required,
            vec![
                "Класс",
                "Дата зачисления",
                "Фамилия",
                "Имя",
                "Пол",
                "Дата рождения",
                "Место рождения",
                "Гражданство",
                "Подтверждение проживания на территории, закреплённой за ОО"
            ]
        );
    }

    #[test]
    fn minimal_student_without_patronymic() {
        let s = parse(&filled()).unwrap();
        assert_eq!(s.full_name(), "Рультынэ Айна");
        assert_eq!(s.personal.patronymic, "");
        assert_eq!(s.personal.citizenship, "Российская Федерация");
        assert_eq!(s.enrolled_on, today());
        assert_eq!(
            s.personal.birth_date,
            NaiveDate::from_ymd_opt(2016, 2, 29).unwrap()
        );
        assert!(s.personal.residence_confirmed);
        assert_eq!(s.personal.contacts, Contacts::default());
    }

    #[test]
    fn every_required_field_has_its_own_message() {
        let f = StudentForm::default();
        let e = parse(&f).unwrap_err();
        assert_eq!(e.get("last_name"), Some("Заполните поле «Фамилия»."));
        assert_eq!(e.get("first_name"), Some("Заполните поле «Имя»."));
        assert_eq!(e.get("sex"), Some("Выберите значение поля «Пол»."));
        assert_eq!(e.get("birth_date"), Some("Заполните поле «Дата рождения»."));
        assert_eq!(
            e.get("birth_place"),
            Some("Заполните поле «Место рождения».")
        );
        assert_eq!(e.get("citizenship"), Some("Заполните поле «Гражданство»."));
        assert!(e.get("residence_confirmed").is_some());
        assert_eq!(e.get("class_id"), Some("Выберите класс."));
        assert!(e.get("enrolled_on").is_some());
        assert_eq!(e.get("patronymic"), None);
        assert_eq!(e.get("snils"), None);
    }

    #[test]
    fn birth_date_rules() {
        let mut f = filled();
        f.set("birth_date", "29.02.2015");
        assert!(parse(&f)
            .unwrap_err()
            .get("birth_date")
            .unwrap()
            .contains("не високосный"));
        f.set("birth_date", "01.01.2026");
        assert!(parse(&f)
            .unwrap_err()
            .get("birth_date")
            .unwrap()
            .contains("позже сегодняшнего"));
        f.set("birth_date", "01.01.1990");
        assert!(parse(&f)
            .unwrap_err()
            .get("birth_date")
            .unwrap()
            .contains("35 лет"));
        f.set("birth_date", "01.09.2017");
        f.set("enrolled_on", "01.08.2017");
        assert!(parse(&f).unwrap_err().get("enrolled_on").is_some());
    }

    #[test]
    fn names_reject_digits() {
        let mut f = filled();
        f.set("last_name", "Иванов2");
        assert_eq!(
            parse(&f).unwrap_err().get("last_name"),
            Some("Поле «Фамилия» не должно содержать цифр.")
        );
    }

    #[test]
    fn snils_is_checked_and_normalized() {
        let mut f = filled();
        f.set("snils", "11244736932");
        assert_eq!(parse(&f).unwrap().personal.snils, "112-447-369 32");
        f.set("snils", "112-447-369 31");
        assert!(parse(&f)
            .unwrap_err()
            .get("snils")
            .unwrap()
            .contains("контрольное число"));
    }

    #[test]
    fn birth_certificate_block() {
        let mut f = filled();
        f.set("bc_issued_by", "Отдел ЗАГС");
        let e = parse(&f).unwrap_err();
        assert!(e.get("bc_series").is_some());
        assert!(e.get("bc_number").is_some());
        f.set("bc_series", "ii-жд");
        f.set("bc_number", "12345");
        assert_eq!(
            parse(&f).unwrap_err().get("bc_number"),
            Some("Номер свидетельства о рождении — 6 цифр.")
        );
        f.set("bc_number", "123456");
        f.set("bc_issue_date", "10.03.2016");
        f.set("bc_issue_place", "г. Певек");
        f.set("bc_record_number", "170");
        let s = parse(&f).unwrap();
        let bc = &s.personal.birth_certificate;
        assert_eq!(bc.series, "II-ЖД");
        assert_eq!(bc.issue_date, NaiveDate::from_ymd_opt(2016, 3, 10));
        f.set("bc_issue_date", "10.03.2015");
        assert!(parse(&f)
            .unwrap_err()
            .get("bc_issue_date")
            .unwrap()
            .contains("раньше даты рождения"));
        f.set("bc_issue_date", "10.03.2016");
        f.set("bc_series", "2-ЖД");
        assert!(parse(&f).unwrap_err().get("bc_series").is_some());
        f.set("bc_series", "I-AB");
        assert!(parse(&f).unwrap_err().get("bc_series").is_some());
        f.set("bc_series", "I-ОТ");
        f.set("bc_record_number", "17a");
        assert!(parse(&f).unwrap_err().get("bc_record_number").is_some());
    }

    #[test]
    fn other_document_needs_a_kind() {
        let mut f = filled();
        f.set("od_number", "123");
        assert_eq!(
            parse(&f).unwrap_err().get("od_kind"),
            Some("Укажите вид документа.")
        );
        f.set("od_kind", "Паспорт иностранного гражданина");
        assert!(parse(&f).is_ok());
    }

    #[test]
    fn contacts_are_checked() {
        let mut f = filled();
        f.set("email", "мама@почта");
        f.set("phone_mobile", "8 914 123");
        f.set("phone_home", "abc");
        f.set("temporary_until", "31.13.2026");
        f.set("preferred_contact", "pigeon");
        let e = parse(&f).unwrap_err();
        assert!(e.get("email").is_some());
        assert_eq!(
            e.get("phone_mobile"),
            None,
            "7 digits is a valid village number"
        );
        assert!(e.get("phone_home").is_some());
        assert!(e.get("temporary_until").is_some());
        assert!(e.get("preferred_contact").is_some());
        f.set("email", "mama@mail.ru");
        f.set("phone_home", "+7 (42737) 2-11-22");
        f.set("temporary_until", "31.12.2026");
        f.set("preferred_contact", "mobile");
        let c = parse(&f).unwrap().personal.contacts;
        assert_eq!(c.preferred, Some(ContactMethod::Mobile));
        assert_eq!(c.temporary_until, NaiveDate::from_ymd_opt(2026, 12, 31));
    }

    #[test]
    fn too_long_text_is_refused() {
        let mut f = filled();
        f.set("birth_place", &"б".repeat(201));
        assert!(parse(&f)
            .unwrap_err()
            .get("birth_place")
            .unwrap()
            .contains("слишком длинное"));
        f.set("birth_place", "Певек");
        f.set("notes", &"з".repeat(2001));
        assert!(parse(&f).unwrap_err().get("notes").is_some());
    }

    #[test]
    fn form_round_trips_every_field() {
        let mut f = filled();
        for (k, v) in [
            ("patronymic", "Ивановна"),
            ("residence_document", "Свидетельство о регистрации №12"),
            ("notes", "Любит рисовать.\nЗанимается в кружке."),
            ("snils", "112-447-369 32"),
            ("visa", "нет"),
            ("bc_series", "II-ЖД"),
            ("bc_number", "654321"),
            ("bc_issued_by", "ЗАГС Чаунского района"),
            ("bc_issue_date", "15.03.2016"),
            ("bc_issue_place", "г. Певек"),
            ("bc_record_number", "123"),
            ("od_kind", "Справка"),
            ("od_series", "АБ"),
            ("od_number", "77"),
            ("od_issued_by", "МФЦ"),
            ("od_issue_date", "01.02.2020"),
            ("od_issue_place", "г. Анадырь"),
            ("addr_permanent", "с. Биллингс, ул. Полярная, 1"),
            ("addr_temporary", "г. Певек, ул. Пугачёва, 5"),
            ("temporary_until", "31.05.2026"),
            ("addr_actual", "с. Биллингс, ул. Полярная, 1"),
            ("email", "mama@mail.ru"),
            ("phone_work", "2-11-22"),
            ("phone_mobile", "+7 914 000 11 22"),
            ("phone_home", "2-33-44"),
            ("preferred_contact", "email"),
        ] {
            f.set(k, v);
        }
        let s = parse(&f).unwrap();
        let back = StudentForm::from_student(&s);
        assert_eq!(back, f);
        assert_eq!(parse(&back).unwrap(), s);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<Student>(&json).unwrap(), s);
    }

    #[test]
    fn unknown_keys_are_ignored() {
        let mut f = StudentForm::default();
        f.set("password", "x");
        assert!(f.0.is_empty());
    }
}
