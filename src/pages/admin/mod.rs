//! «Администрирование» (П1 §5.1): справочники and «Баллы рейтинга», the
//! school and its years, backup and exchange of files.

pub mod catalogues;
pub mod exchange;
pub mod points;
pub mod settings;

use leptos::prelude::*;

/// The top of every «Администрирование» screen (П1 §5.1): its heading and
/// the links to its blocks.
#[component]
pub fn AdminHeader(
    /// 0: Справочники, 1: Школа и учебные годы, 2: Резервная копия и обмен.
    current: u8,
) -> impl IntoView {
    let here = move |n: u8| (n == current).then_some("page");
    view! {
        <h1>"Администрирование"</h1>
        <nav class="tabs wrap" aria-label="Администрирование">
            <a href="#/admin/catalogues" aria-current=here(0)>"Справочники"</a>
            <a href="#/admin/years" aria-current=here(1)>"Школа и учебные годы"</a>
            <a href="#/admin/exchange" aria-current=here(2)>"Резервная копия и обмен"</a>
        </nav>
    }
}
