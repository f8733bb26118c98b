//! The form of «Личные данные» as typed, its parsing into a student with
//! every problem next to its field, and the filled fields as shown.

use super::fields::{FieldKind, FieldSpec, STUDENT_FIELDS};
use super::*;
use crate::util::date::{age_on, format_opt, format_ru, parse_ru};
use crate::util::id::{Id, Revision};
use crate::util::snils;
use crate::util::text::clean;
use crate::util::validation::{max_len, required, FieldErrors, MAX_SHORT, MAX_TEXT};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use FieldKind as K;

/// The filled fields of «Личные данные», each as the screen shows it (a
/// choice by its label, the class by its name), in the form's order.
pub fn filled_fields(
    s: &Student,
    classes: &[crate::records::school::Class],
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

    /// Validates every field and builds the student: each block's rules in
    /// turn, every problem next to its field; the student only when none.
    pub fn parse(
        &self,
        id: Id,
        status: Status,
        today: NaiveDate,
        rev: Revision,
    ) -> Result<Student, FieldErrors> {
        let mut e = FieldErrors::default();
        self.check_table(&mut e);
        let dates = self.dates(&mut e);
        self.check_names(&mut e);
        dates.check(today, &mut e);
        let documents = self.documents(&mut e);
        let email = self.contacts(&mut e);
        if !e.is_empty() {
            return Err(e);
        }
        Ok(self.student(id, status, today, rev, dates, documents, email))
    }

    /// Plain length and required checks straight from the table.
    fn check_table(&self, e: &mut FieldErrors) {
        for spec in STUDENT_FIELDS {
            let v = self.get(spec.key);
            match spec.kind {
                K::Text | K::Email | K::Tel => {
                    if spec.required {
                        required(e, spec.key, spec.label, v);
                    } else {
                        max_len(e, spec.key, spec.label, v, MAX_SHORT);
                    }
                }
                K::TextArea => max_len(e, spec.key, spec.label, v, MAX_TEXT),
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
    }

    /// The dates typed, each read or its problem noted.
    fn dates(&self, e: &mut FieldErrors) -> Dates {
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
        Dates {
            enrolled_on: date("enrolled_on", true),
            birth_date: date("birth_date", true),
            bc_issue_date: date("bc_issue_date", false),
            od_issue_date: date("od_issue_date", false),
            temporary_until: date("temporary_until", false),
        }
    }

    fn check_names(&self, e: &mut FieldErrors) {
        for key in ["last_name", "first_name", "patronymic"] {
            if self.get(key).chars().any(|c| c.is_ascii_digit()) {
                let label = field_spec(key).map(|s| s.label).unwrap_or(key);
                e.push(key, format!("Поле «{label}» не должно содержать цифр."));
            }
        }
    }

    /// СНИЛС, the birth certificate and another document: a part given
    /// means the parts that identify the document are needed.
    fn documents(&self, e: &mut FieldErrors) -> IdentityDocuments {
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
            .map(crate::util::text::upper)
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

        IdentityDocuments {
            snils,
            bc_series,
            bc_number,
            record,
        }
    }

    /// The e-mail (cleaned) and phones.
    fn contacts(&self, e: &mut FieldErrors) -> String {
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
        email
    }

    /// The student from a form whose every field is valid.
    #[allow(clippy::too_many_arguments)]
    fn student(
        &self,
        id: Id,
        status: Status,
        today: NaiveDate,
        rev: Revision,
        dates: Dates,
        documents: IdentityDocuments,
        email: String,
    ) -> Student {
        let Dates {
            enrolled_on,
            birth_date,
            bc_issue_date,
            od_issue_date,
            temporary_until,
        } = dates;
        let IdentityDocuments {
            snils,
            bc_series,
            bc_number,
            record,
        } = documents;
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
        Student {
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
        }
    }
}

/// The dates of the form, as read.
struct Dates {
    enrolled_on: Option<NaiveDate>,
    birth_date: Option<NaiveDate>,
    bc_issue_date: Option<NaiveDate>,
    od_issue_date: Option<NaiveDate>,
    temporary_until: Option<NaiveDate>,
}

impl Dates {
    /// Dates against each other and against `today`.
    fn check(&self, today: NaiveDate, e: &mut FieldErrors) {
        let Dates {
            enrolled_on,
            birth_date,
            bc_issue_date,
            od_issue_date,
            ..
        } = *self;
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
    }
}

/// The identity documents as they will be stored.
struct IdentityDocuments {
    snils: String,
    bc_series: String,
    bc_number: String,
    record: String,
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
