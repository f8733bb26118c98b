//! Why an action did not change anything, phrased for the user. Every
//! action that writes gives this; the screen shows its `Display`.

use crate::storage::StorageError;
use std::fmt;

/// Why an action changed nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionError {
    /// The form's fields are wrong; each message is shown next to its
    /// field, this is all of them in one line.
    Invalid(String),
    /// A rule of the domain refuses the change (the core's words).
    Refused(String),
    /// The record is gone (deleted meanwhile, or in another tab): the
    /// message, [`ActionError::STUDENT_GONE`] for a student.
    NotFound(&'static str),
    /// Storage did not take the write (nothing was written).
    Storage(StorageError),
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ActionError::Invalid(s) | ActionError::Refused(s) => f.write_str(s),
            ActionError::NotFound(message) => f.write_str(message),
            ActionError::Storage(e) => e.fmt(f),
        }
    }
}

impl ActionError {
    /// A student's record that is gone.
    pub const STUDENT_GONE: ActionError = ActionError::NotFound("Ученик не найден.");
}

impl From<ActionError> for String {
    /// The message; the same text as `Display`, without the formatting
    /// machinery where it is not needed (the first screen's forms).
    fn from(e: ActionError) -> String {
        match e {
            ActionError::Invalid(s) | ActionError::Refused(s) => s,
            ActionError::NotFound(message) => message.into(),
            ActionError::Storage(e) => e.to_string(),
        }
    }
}

impl From<String> for ActionError {
    fn from(s: String) -> Self {
        ActionError::Refused(s)
    }
}

impl From<&str> for ActionError {
    fn from(s: &str) -> Self {
        ActionError::Refused(s.to_string())
    }
}

impl From<StorageError> for ActionError {
    fn from(e: StorageError) -> Self {
        ActionError::Storage(e)
    }
}
