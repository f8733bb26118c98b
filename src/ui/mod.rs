//! Shared widgets: labelled fields with their error message, banners, and
//! the page frame. Every input gets a visible <label>; errors are tied to the
//! field with aria-describedby so a screen reader reads them too.

/// A text field bound to one member of a form held in a signal: its value
/// and its `on_input`/`on_change` callback (`bind!(form, title)`).
macro_rules! bind {
    ($form:ident, $field:ident) => {
        (
            Signal::derive(move || $form.with(|f| f.$field.clone())),
            Callback::new(move |v: String| $form.update(|f| f.$field = v)),
        )
    };
}
pub(crate) use bind;

pub mod field;
pub mod form_state;
pub mod lazy;
pub mod notice;

pub use field::{CheckField, SelectField, TextField};
pub use form_state::FormState;
pub use notice::{Notice, NoticeView};

/// Asks the browser's yes/no question («Удалить …?»); `false` if it cannot.
pub fn confirm(message: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(message).ok())
        .unwrap_or(false)
}

/// Moves the keyboard focus to the element with `id`, if there is one.
pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
