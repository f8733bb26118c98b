//! «Поделиться» → Портфолио in a messenger or a file manager (Web Share
//! Target): the service worker keeps the file and opens `#/shared`. This
//! screen hands the file to the import screen — the family's start screen or
//! «Резервная копия и обмен» — which checks it and shows what would change,
//! as for a file picked by hand.

use crate::route::{replace, Route};
use crate::state::use_app;
use crate::ui::Notice;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn SharedPage() -> impl IntoView {
    let app = use_app();
    spawn_local(async move {
        let target = if app.parent.get_untracked() {
            Route::Home
        } else {
            Route::Exchange
        };
        match crate::browser::shell::take_shared().await {
            Some(file) => app.shared.set(Some(file)),
            None => app.pending_notice.set(Some(Notice::Error(
                "Файл, которым поделились, не получен (возможно, он уже открыт). Откройте его кнопкой «Открыть файл».".into(),
            ))),
        }
        // The address of the import screen, without a history entry: back
        // and reload do not look for the file again.
        replace(&target);
    });
    view! {
        <h1>"Файл из другого приложения"</h1>
        <p class="loading" role="status">"Открываем файл…"</p>
    }
}
