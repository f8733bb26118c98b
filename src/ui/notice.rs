//! One-line messages after an action: «Сохранено» or what went wrong.

use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    Ok(String),
    Error(String),
}

/// Shows the current notice — a polite status for success, an alert for
/// errors — with a button to dismiss it. `sticky` keeps a page-level notice
/// in view while the user scrolls a long list on a phone.
#[component]
pub fn NoticeView(
    notice: RwSignal<Option<Notice>>,
    #[prop(optional)] sticky: bool,
) -> impl IntoView {
    move || {
        notice.get().map(|n| {
            let (class, role, msg) = match n {
                Notice::Ok(msg) => ("notice ok", "status", msg),
                Notice::Error(msg) => ("notice error", "alert", msg),
            };
            view! {
                <div class=class class:sticky=sticky>
                    <p role=role>{msg}</p>
                    <button type="button" class="close" aria-label="Закрыть сообщение" on:click=move |_| notice.set(None)>
                        "×"
                    </button>
                </div>
            }
        })
    }
}

/// The notice of the current screen; pages set it after their own actions.
#[derive(Clone, Copy)]
pub struct PageNotice(pub RwSignal<Option<Notice>>);

pub fn use_notice() -> RwSignal<Option<Notice>> {
    expect_context::<PageNotice>().0
}
