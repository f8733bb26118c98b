//! The frame of every screen: header, navigation, the current page by route.

use crate::pages;
use crate::route::Route;
use crate::state::{AppState, Loading};
use crate::ui::{Notice, NoticeView};
use leptos::prelude::*;
use leptos::task::spawn_local;

pub fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Goes to a screen, adding a history entry (the back button returns).
pub fn navigate(route: &Route) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(&route.href());
    }
}

/// Changes the address without a history entry (filters).
pub fn replace(route: &Route) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().replace(&route.href());
    }
}

#[component]
pub fn App() -> impl IntoView {
    let app = AppState::new();
    provide_context(app);
    spawn_local(app.load());

    let route = RwSignal::new(Route::parse(&current_hash()));
    // The notice shown on the current screen, taken from `pending_notice` when
    // the screen changes.
    let notice = app.page_notice;
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        route.set(Route::parse(&current_hash()));
        notice.set(app.pending_notice.try_update(|p| p.take()).flatten());
        if let Some(w) = web_sys::window() {
            w.scroll_to_with_x_and_y(0.0, 0.0);
        }
    });
    // Another tab of this browser saved: read the data again, so a save here
    // never writes back an older copy.
    let changed = window_event_listener(leptos::ev::storage, move |e| {
        if e.key().as_deref() == Some(crate::storage::settings::CHANGED) {
            spawn_local(app.reload());
        }
    });
    on_cleanup(move || {
        handle.remove();
        changed.remove();
    });
    provide_context(PageNotice(notice));

    view! {
        <header class="top">
            <a class="brand" href="#/">"Портфолио"</a>
            <nav aria-label="Разделы">
                <a href="#/" aria-current=move || matches!(route.get(), Route::Home).then_some("page")>
                    {move || if app.parent.get() { "Мои дети" } else { "Классы" }}
                </a>
                <a
                    hidden=move || app.parent.get()
                    href="#/admin/catalogues"
                    aria-current=move || matches!(route.get(), Route::Catalogue(_) | Route::Years | Route::Exchange).then_some("page")
                >
                    "Администрирование"
                </a>
            </nav>
        </header>
        <main id="main">
            {move || app.problems.get().into_iter().map(|p| view! { <p class="notice error" role="alert">{p}</p> }).collect_view()}
            {move || app.space.get().filter(|u| u.is_high()).map(|u| view! {
                <p class="notice error" role="alert">
                    {format!("Место для данных почти закончилось: занято {} % разрешённого браузером. Удалите ненужные документы или освободите место на устройстве, иначе новые данные не сохранятся.", u.percent())}
                </p>
            })}
            {move || match app.loading.get() {
                Loading::InProgress => view! { <p class="loading" role="status">"Загрузка данных…"</p> }.into_any(),
                Loading::Failed(msg) => view! {
                    <h1>"Не удалось открыть данные"</h1>
                    <p class="notice error" role="alert">{msg}</p>
                }.into_any(),
                Loading::Ready => view! {
                    <NoticeView notice=notice sticky=true />
                    {move || pages::page(route.get())}
                }.into_any(),
            }}
        </main>
    }
}

/// The notice of the current screen; pages set it after their own actions.
#[derive(Clone, Copy)]
pub struct PageNotice(pub RwSignal<Option<Notice>>);

pub fn use_notice() -> RwSignal<Option<Notice>> {
    expect_context::<PageNotice>().0
}
