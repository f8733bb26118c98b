//! One-line messages after an action: «Сохранено» or what went wrong.

use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    Ok(String),
    Error(String),
}

/// Shows the current notice: a polite status for success, an alert for errors.
#[component]
pub fn NoticeView(notice: RwSignal<Option<Notice>>) -> impl IntoView {
    move || {
        notice.get().map(|n| match n {
            Notice::Ok(msg) => view! { <p class="notice ok" role="status">{msg}</p> }.into_any(),
            Notice::Error(msg) => {
                view! { <p class="notice error" role="alert">{msg}</p> }.into_any()
            }
        })
    }
}
