//! The frame of every screen: header, navigation, the current page by route.

use crate::browser::shell::ShellState;
use crate::route::{current_hash, Route};
use crate::screens;
use crate::state::{AppState, Loading};
use crate::ui::notice::PageNotice;
use crate::ui::NoticeView;
use leptos::prelude::*;
use leptos::task::spawn_local;

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
        // Leaving a screen leaves its form: nothing typed there is kept.
        app.unsaved.set(false);
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
    // Typing into a form marks unsaved input: a new version waits for it
    // (see `UpdateBanner`).
    let typed = window_event_listener(leptos::ev::input, move |e| {
        use wasm_bindgen::JsCast;
        let in_form = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("form").ok().flatten())
            .is_some();
        if in_form {
            app.unsaved.set(true);
        }
    });
    // The service worker stored the app: load the other screens' chunks now.
    let prefetch =
        window_event_listener_untyped(crate::browser::shell::PREFETCH_EVENT, move |_| {
            spawn_local(screens::prefetch(app.parent.get_untracked()));
        });
    on_cleanup(move || {
        handle.remove();
        changed.remove();
        typed.remove();
        prefetch.remove();
    });
    let shell = ShellState::follow();
    provide_context(shell);
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
                    href="#/reports"
                    aria-current=move || matches!(route.get(), Route::Reports(_)).then_some("page")
                >
                    "Отчёты"
                </a>
                <a
                    hidden=move || app.parent.get()
                    href="#/admin/catalogues"
                    aria-current=move || matches!(route.get(), Route::Catalogue(_) | Route::Points | Route::Years | Route::Exchange).then_some("page")
                >
                    "Администрирование"
                </a>
            </nav>
        </header>
        <main id="main">
            {move || shell.update.get().then(|| view! { <UpdateBanner /> })}
            {move || app.archive.with(|a| a.as_ref().map(|a| a.start_year)).map(|y| view! { <ArchiveBanner year=y on_archive=matches!(route.get(), Route::Archive) /> })}
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
                    {move || screens::screen(route.get())}
                }.into_any(),
            }}
        </main>
    }
}

/// While an archive is open: what it is, the way to it, and «Закрыть архив»
/// (the archive is only in memory: closing drops it, storage is untouched).
#[component]
fn ArchiveBanner(year: i32, on_archive: bool) -> impl IntoView {
    let app = crate::state::use_app();
    let close = move |_| {
        app.archive.set(None);
        if on_archive {
            crate::route::navigate(&Route::Home);
        }
    };
    view! {
        <div class="notice archive no-print" role="status">
            <p>
                <strong>{format!("Архив {} — только просмотр", portfolio_core::records::school_year::year_label(year))}</strong>
                {(!on_archive).then(|| view! { " · " <a href=Route::Archive.href()>"Открыть архив"</a> })}
            </p>
            <button type="button" on:click=close>"Закрыть архив"</button>
        </div>
    }
}

/// «Доступна новая версия»: the new version is installed and waits; it
/// starts only when the user presses «Обновить», and not while a form on the
/// screen holds unsaved input (the page reloads to switch).
#[component]
fn UpdateBanner() -> impl IntoView {
    let app = crate::state::use_app();
    let refused = RwSignal::new(false);
    let update = move |_| {
        if app.unsaved.get_untracked() {
            refused.set(true);
        } else {
            crate::browser::shell::apply_update();
        }
    };
    view! {
        <div class="notice update" role="status">
            <p>"Доступна новая версия «Портфолио». Ваши данные сохранятся."</p>
            {move || refused.get().then(|| view! {
                <p role="alert">"В форме на экране есть несохранённые изменения. Сохраните их (или уйдите с этого экрана), затем нажмите «Обновить»: страница перезагрузится."</p>
            })}
            <button type="button" class="primary" on:click=update>"Обновить"</button>
        </div>
    }
}
