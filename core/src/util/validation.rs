//! Field-level validation errors with Russian messages, keyed by field name so
//! the UI can show each message next to its field.

use std::borrow::Cow;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The machine name of the field (matches the form's field key).
    pub field: Cow<'static, str>,
    pub message: String,
}

/// All problems found in one form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn push(&mut self, field: impl Into<Cow<'static, str>>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let msgs: Vec<&str> = self.0.iter().map(|e| e.message.as_str()).collect();
        f.write_str(&msgs.join(" "))
    }
}

/// Longest free text we accept in one field (a description, an address).
pub const MAX_TEXT: usize = 2000;
/// Longest short field (a name, a number).
pub const MAX_SHORT: usize = 200;

/// Checks a required short text field.
pub fn required(errors: &mut FieldErrors, field: &'static str, label: &str, value: &str) {
    if value.trim().is_empty() {
        errors.push(field, format!("Заполните поле «{label}»."));
    } else {
        max_len(errors, field, label, value, MAX_SHORT);
    }
}

pub fn max_len(
    errors: &mut FieldErrors,
    field: &'static str,
    label: &str,
    value: &str,
    max: usize,
) {
    let n = value.chars().count();
    if n > max {
        errors.push(
            field,
            format!("Поле «{label}» слишком длинное: {n} символов, допускается не больше {max}."),
        );
    }
}

/// Checks a required date that cannot be in the future («Дата вручения»).
pub fn past_date(
    errors: &mut FieldErrors,
    field: &'static str,
    label: &str,
    value: &str,
    today: chrono::NaiveDate,
) -> Option<chrono::NaiveDate> {
    if value.trim().is_empty() {
        errors.push(field, format!("Заполните поле «{label}»."));
        return None;
    }
    match crate::util::date::parse_ru(value) {
        Ok(d) if d > today => {
            errors.push(
                field,
                format!("{label} не может быть позже сегодняшнего дня."),
            );
            None
        }
        Ok(d) => Some(d),
        Err(m) => {
            errors.push(field, m);
            None
        }
    }
}
