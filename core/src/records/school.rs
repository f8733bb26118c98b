//! The school and its classes.

use crate::util::id::{Id, Revision};
use crate::util::text::{clean, fold};
use crate::util::validation::{required, FieldErrors};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct School {
    pub name: String,
    /// «Баллы рейтинга»: the discounts for remote and team participation.
    #[serde(default, skip_serializing_if = "RatingFactors::is_default")]
    pub rating: RatingFactors,
    pub rev: Revision,
}

/// How much of an achievement's points remote («дистанционная») and team
/// («командное») participation give, in percent (П1 §1.10: the
/// quantitative assessment). Real school tables often halve remote results
/// and discount team results slightly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RatingFactors {
    pub remote_percent: u32,
    pub team_percent: u32,
}

impl Default for RatingFactors {
    fn default() -> Self {
        RatingFactors {
            remote_percent: 50,
            team_percent: 80,
        }
    }
}

impl RatingFactors {
    pub fn is_default(&self) -> bool {
        *self == RatingFactors::default()
    }
}

impl School {
    pub fn parse(name: &str, rev: Revision) -> Result<School, FieldErrors> {
        let mut errors = FieldErrors::default();
        required(&mut errors, "school_name", "Название школы", name);
        errors.into_result(School {
            name: clean(name),
            rating: RatingFactors::default(),
            rev,
        })
    }
}

/// A class of one school year: «3 А», 2025/2026, its class teacher.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Class {
    pub id: Id,
    pub name: String,
    pub year: i32,
    /// The class teacher, an entry of the staff catalogue.
    pub teacher_id: Option<Id>,
    pub rev: Revision,
}

/// The class form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClassForm {
    pub name: String,
    pub year: i32,
    pub teacher_id: String,
}

impl ClassForm {
    /// Validates against the other classes: a name is unique within its year.
    pub fn parse(&self, id: Id, others: &[Class], rev: Revision) -> Result<Class, FieldErrors> {
        let mut errors = FieldErrors::default();
        required(&mut errors, "class_name", "Название класса", &self.name);
        let key = fold(&self.name);
        if others
            .iter()
            .any(|c| c.id != id && c.year == self.year && fold(&c.name) == key)
        {
            errors.push(
                "class_name",
                format!(
                    "Класс «{}» в этом учебном году уже есть.",
                    clean(&self.name)
                ),
            );
        }
        let teacher_id = (!self.teacher_id.is_empty()).then(|| Id(self.teacher_id.clone()));
        errors.into_result(Class {
            id,
            name: clean(&self.name),
            year: self.year,
            teacher_id,
            rev,
        })
    }
}

/// Orders class names the way people read them: «2 А» < «3 А» < «3 Б» < «10 А».
pub fn class_sort_key(name: &str) -> (u32, String) {
    let digits: String = name.chars().take_while(|c| c.is_ascii_digit()).collect();
    (digits.parse().unwrap_or(u32::MAX), fold(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn school_needs_a_name() {
        assert!(School::parse("  ", Revision::builtin()).is_err());
        let s = School::parse(" МБОУ «Начальная школа с.Биллингс» ", Revision::builtin()).unwrap();
        assert_eq!(s.name, "МБОУ «Начальная школа с.Биллингс»");
    }

    #[test]
    fn class_names_are_unique_per_year() {
        let form = ClassForm {
            name: "3 А".into(),
            year: 2025,
            teacher_id: String::new(),
        };
        let a = form
            .parse(Id::fixed("a"), &[], Revision::builtin())
            .unwrap();
        assert_eq!(a.teacher_id, None);
        let dup = ClassForm {
            name: "3 а".into(),
            ..form.clone()
        };
        let e = dup
            .parse(
                Id::fixed("b"),
                std::slice::from_ref(&a),
                Revision::builtin(),
            )
            .unwrap_err();
        assert_eq!(
            e.get("class_name"),
            Some("Класс «3 а» в этом учебном году уже есть.")
        );
        // the same class may be saved again, and next year may reuse the name
        assert!(form
            .parse(
                Id::fixed("a"),
                std::slice::from_ref(&a),
                Revision::builtin()
            )
            .is_ok());
        let next = ClassForm { year: 2026, ..form };
        assert!(next
            .parse(Id::fixed("c"), &[a], Revision::builtin())
            .is_ok());
    }

    #[test]
    fn classes_sort_by_number_then_letter() {
        let mut v = vec!["10 А", "3 Б", "2 А", "3 А"];
        v.sort_by_key(|n| class_sort_key(n));
        assert_eq!(v, vec!["2 А", "3 А", "3 Б", "10 А"]);
    }
}
