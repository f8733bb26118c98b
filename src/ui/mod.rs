//! Shared widgets: labelled fields with their error message, banners, and
//! the page frame. Every input gets a visible <label>; errors are tied to the
//! field with aria-describedby so a screen reader reads them too.

pub mod field;
pub mod form_state;
pub mod notice;

pub use field::{CheckField, SelectField, TextField};
pub use form_state::FormState;
pub use notice::{Notice, NoticeView};
