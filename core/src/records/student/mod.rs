//! A student and «Личные данные» (П1 §3.3.1): the required block and the
//! optional blocks that parents fill at their discretion.
//!
//! The form is described by [`STUDENT_FIELDS`], a table of keys, labels and
//! kinds; the UI renders it and [`StudentForm::parse`] validates it, so a
//! field's label, rules and message live in one place.

mod fields;
mod form;
#[cfg(test)]
mod tests;

pub use fields::{field_spec, FieldKind, FieldSpec, Section, STUDENT_FIELDS};
pub use form::{filled_fields, StudentForm};

use crate::util::id::{Id, Revision};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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
    #[serde(with = "crate::util::date::iso_opt", default)]
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
    #[serde(with = "crate::util::date::iso_opt", default)]
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
    #[serde(with = "crate::util::date::iso_opt", default)]
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
    #[serde(with = "crate::util::date::iso")]
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
    #[serde(with = "crate::util::date::iso")]
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
    #[serde(with = "crate::util::date::iso")]
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
        crate::util::text::fold(&self.full_name())
    }
}
