//! What every form shares: its field errors, its message, and whether a save
//! is under way (the submit button is disabled meanwhile, so a double tap on a
//! phone cannot save twice).

use super::Notice;
use crate::state::ActionError;
use leptos::prelude::*;
use portfolio_core::FieldErrors;

#[derive(Clone, Copy)]
pub struct FormState {
    pub errors: RwSignal<FieldErrors>,
    pub notice: RwSignal<Option<Notice>>,
    pub busy: RwSignal<bool>,
    /// For long forms: the id prefix of the inputs (`{prefix}{field}`), so
    /// the first wrong field gets the focus and a count is shown by the button.
    long: Option<&'static str>,
}

impl FormState {
    pub fn new() -> FormState {
        FormState {
            errors: RwSignal::new(FieldErrors::default()),
            notice: RwSignal::new(None),
            busy: RwSignal::new(false),
            long: None,
        }
    }

    /// A long form whose inputs have ids `{prefix}{field}`.
    pub fn long(prefix: &'static str) -> FormState {
        FormState {
            long: Some(prefix),
            ..FormState::new()
        }
    }

    /// Starts a save; `false` when one is already under way.
    pub fn begin(&self) -> bool {
        if self.busy.get_untracked() {
            return false;
        }
        self.busy.set(true);
        self.errors.set(FieldErrors::default());
        true
    }

    /// For use inside an edit: shows the field errors and gives them as
    /// the edit's error.
    pub fn invalid(&self, e: FieldErrors) -> ActionError {
        let text = e.to_string();
        self.errors.set(e);
        ActionError::Invalid(text)
    }

    /// Ends a save: shows `ok` (if any) on success; a failure is shown as a
    /// message unless it is already shown next to the fields (a long form
    /// then says how many fields to check and focuses the first).
    /// It runs after the save's `.await`: if the user has left the form
    /// meanwhile, its signals are gone and there is nothing to show.
    pub fn end(&self, result: Result<Option<String>, ActionError>) {
        self.busy.set(false);
        let Some(invalid) = self
            .errors
            .try_with_untracked(|e| e.0.iter().map(|x| x.field.clone()).collect::<Vec<_>>())
        else {
            return;
        };
        match result {
            Ok(Some(msg)) => self.notice.set(Some(Notice::Ok(msg))),
            Ok(None) => self.notice.set(None),
            Err(e) if invalid.is_empty() => self.notice.set(Some(Notice::Error(e.into()))),
            Err(_) => match self.long {
                Some(prefix) => {
                    self.notice.set(Some(Notice::Error(format!(
                        "Проверьте отмеченные поля ({}). Данные не сохранены.",
                        invalid.len()
                    ))));
                    super::focus(&format!("{prefix}{}", invalid[0]));
                }
                None => self.notice.set(None),
            },
        }
    }

    /// The error of one field, for its `error` prop.
    pub fn error(&self, field: impl Into<String>) -> Signal<Option<String>> {
        let errors = self.errors;
        let field = field.into();
        Signal::derive(move || errors.with(|e| e.get(&field).map(String::from)))
    }
}

impl Default for FormState {
    fn default() -> Self {
        FormState::new()
    }
}
